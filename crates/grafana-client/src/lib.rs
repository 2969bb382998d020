//! A client for the [Grafana HTTP API](https://grafana.com/docs/grafana/latest/developers/http_api/),
//! async and blocking, with the element and method names of the Python
//! [`grafana-client`](https://pypi.org/project/grafana-client/) package.
//!
//! ```no_run
//! use grafana_client::{GrafanaApi, TokenAuth};
//! # async fn run(token: String) -> grafana_client::Result<()> {
//! let api = GrafanaApi::builder()
//!     .host("grafana.example.com")
//!     .protocol("https")
//!     .auth(TokenAuth::new(token))
//!     .build()?;
//! let dash = api.dashboard().get_dashboard("dashboard-uid").await?;
//! let snap = api
//!     .snapshots()
//!     .create_new_snapshot(&dash.dashboard)
//!     .name("Weekly Report Snapshot")
//!     .expires(86_400)
//!     .await?;
//! println!("{} {} {}", snap.url, snap.key, snap.delete_key);
//! for s in api.snapshots().get_dashboard_snapshots().await? {
//!     println!("{} {}", s.name, s.key);
//! }
//! api.snapshots().delete_snapshot_by_delete_key(&snap.delete_key).await?;
//! # Ok(()) }
//! ```
//!
//! The blocking client has the same methods; end each call with `.send()`:
//!
//! ```no_run
//! let api = grafana_client::blocking::GrafanaApi::from_url("http://admin:admin@localhost:3000")?;
//! let one = api.snapshots().get_snapshot_by_key("AbCdEf123456").send()?;
//! # Ok::<(), grafana_client::Error>(())
//! ```
//!
//! # What it does for you
//!
//! - **Python names.** `api.snapshots().create_new_snapshot(..)`, optional keyword
//!   arguments as builder methods (`.name(..)`, `.expires(..)`).
//! - **One definition per endpoint** serves the async and the blocking client.
//! - **Typed, lossless models** ([`models`]): unknown fields are kept; or pick
//!   your own type with [`Call::json`] or untyped JSON with [`Call::value`].
//! - **Correct URLs.** Path parameters are percent-encoded as single segments;
//!   empty, `.` and `..` are refused before sending, so a hostile key such as
//!   `../admin/users` cannot reach another endpoint. (The Python package sends
//!   them verbatim.)
//! - **Errors that say what happened** ([`Error`]): Grafana's status, message and
//!   body; decode errors with the JSON path and a body snippet. Nothing the
//!   server sends makes the client panic.
//! - **Secrets stay secret**: tokens and passwords never appear in `Debug`,
//!   `Display`, errors or traces.
//! - **Retries** of idempotent calls on 429/502/503/504 and network failures,
//!   with jittered backoff and `Retry-After` ([`RetryPolicy`]).
//! - **Organizations**: `X-Grafana-Org-Id` per client
//!   ([`ClientBuilder::organization_id`]) or per call ([`Call::org_id`]).
//!
//! # Architecture
//!
//! Dependencies point one way. At the bottom, [`Request`] describes a request
//! without sending it (every method's [`Call::into_request`] shows it); one
//! transport turns it into HTTP and decodes the answer; the async
//! [`GrafanaApi`] and the [`blocking::GrafanaApi`] sit on top, and each
//! defines how a [`Call`] is finished (`.await`, `.send()`, streams,
//! iterators). The blocking client wraps the async one and drives its futures
//! on a private runtime; the async side never depends on it. The layers, the
//! role of each module and the path of one call are described in
//! [ARCHITECTURE.md](https://github.com/grafana-client-rs/grafana-client/blob/main/crates/grafana-client/ARCHITECTURE.md).

#![warn(missing_docs)]

pub mod apis;
mod auth;
pub mod blocking;
mod call;
mod client;
mod config;
pub mod elements;
mod error;
pub mod models;
mod paging;
mod path;
mod raw;
mod request;
#[doc(hidden)]
pub mod response;
mod retry;
mod settings;
pub mod snapshot;
mod transport;
mod version;

pub use auth::{Anonymous, Authenticator, BasicAuth, HeaderAuth, TokenAuth};
pub use blocking::PageIter;
pub use call::{Call, Client, Optional};
pub use client::GrafanaApi;
pub use config::ClientBuilder;
pub use error::{
    ApiError, ApiStatus, DecodeError, Error, ErrorBody, ErrorKind, Result, StatusCause,
    StatusDetails, BODY_SNIPPET_LIMIT,
};
pub use paging::{AllPages, Cursor, Page, Paged, PerPageSearch, SearchPage, MAX_PAGES};
pub use path::encode_segment;
pub use raw::{Raw, RawRequest};
pub use request::{As, Endpoint, Plain, Request};
pub use retry::RetryPolicy;
pub use settings::defaults;
pub use transport::ORG_ID_HEADER;
pub use version::GrafanaVersion;

// The builder defaults under their earlier names; [`defaults`] documents them.
#[doc(hidden)]
pub use settings::defaults::{
    CONNECT_TIMEOUT as DEFAULT_CONNECT_TIMEOUT, MAX_RESPONSE_BYTES as DEFAULT_MAX_RESPONSE_BYTES,
    POOL_SIZE as DEFAULT_POOL_SIZE, TIMEOUT as DEFAULT_TIMEOUT, URL as DEFAULT_URL,
    USER_AGENT as DEFAULT_USER_AGENT,
};

/// Not public API: the snapshot builder's pure functions, re-exported for the
/// crate's integration tests (`tests/snapshot_build.rs`).
#[doc(hidden)]
pub mod __snapshot_build {
    pub use crate::snapshot::build::*;
}

/// The one-way layering ARCHITECTURE.md describes, checked on the sources:
/// no module names a layer above it (comments and rustdoc links aside).
#[cfg(test)]
mod layering {
    /// The code lines of a source file that name `pattern`; its unit tests
    /// (from `#[cfg(test)]` on) may build whichever client they need.
    fn naming<'a>(source: &'a str, pattern: &str) -> Vec<&'a str> {
        let code = source.split("#[cfg(test)]").next().unwrap_or(source);
        code.lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .filter(|l| l.contains(pattern))
            .collect()
    }

    #[test]
    fn dependencies_point_down() {
        let blocking = ["crate::blocking", "blocking::GrafanaApi"];
        let clients = ["crate::client::", "crate::GrafanaApi", "crate::config::"];
        let calls = ["crate::call::", "crate::paging::", "crate::Call"];
        let transport = ["crate::transport::", "Core"];
        let layers: [(&str, &str, Vec<&str>); 9] = [
            (
                "request.rs",
                include_str!("request.rs"),
                [&blocking[..], &clients, &calls, &transport].concat(),
            ),
            (
                "response.rs",
                include_str!("response.rs"),
                [&blocking[..], &clients, &calls, &transport].concat(),
            ),
            (
                "settings.rs",
                include_str!("settings.rs"),
                [&blocking[..], &clients, &calls, &transport].concat(),
            ),
            (
                "version.rs",
                include_str!("version.rs"),
                [&blocking[..], &clients, &calls, &transport].concat(),
            ),
            (
                "transport.rs",
                include_str!("transport.rs"),
                [&blocking[..], &clients, &calls].concat(),
            ),
            (
                "call.rs",
                include_str!("call.rs"),
                [&blocking[..], &clients].concat(),
            ),
            (
                "paging.rs",
                include_str!("paging.rs"),
                [&blocking[..], &clients].concat(),
            ),
            (
                "config.rs",
                include_str!("config.rs"),
                [&blocking[..], &calls, &transport].concat(),
            ),
            ("client.rs", include_str!("client.rs"), blocking.to_vec()),
        ];
        for (file, source, forbidden) in layers {
            for pattern in forbidden {
                let found = naming(source, pattern);
                assert!(found.is_empty(), "{file} names `{pattern}`: {found:?}");
            }
        }
    }

    #[test]
    fn the_check_sees_a_name_in_code_but_not_in_comments() {
        let source = "//! see crate::blocking\nuse crate::blocking::GrafanaApi;\n\
                      #[cfg(test)]\nmod tests { use crate::blocking; }\n";
        assert_eq!(
            naming(source, "crate::blocking"),
            ["use crate::blocking::GrafanaApi;"]
        );
        assert!(naming("/// [`crate::blocking`]\n", "crate::blocking").is_empty());
    }
}
