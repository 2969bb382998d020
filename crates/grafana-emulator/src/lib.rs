//! A stateful, in-memory stand-in for the Grafana HTTP API server.
//!
//! The emulator serves every `/api` route that the `grafana-client` crate
//! calls and open-source Grafana 12 still serves — data sources (with a
//! Prometheus-like backend behind the proxy and TestData behind
//! `/api/ds/query`), annotations, folders, dashboards and their versions,
//! search, snapshots, library elements, teams, users, the signed-in user,
//! preferences, organizations, admin, service accounts, plugins, alerting
//! provisioning and the Ruler routes, health, frontend settings and
//! `/bootdata` — with Grafana's status codes, messages, body shapes, defaults
//! and side effects, so that a Grafana client (or any tool) can be tested
//! without a real Grafana. [`routes`] lists them. Routes that Grafana 12
//! removed answer its 404; Enterprise-only routes answer 404 too unless
//! [`EmulatorBuilder::enterprise`] is on. Tests control it
//! directly: a [`Clock`] to move time forward, [`Fault`]s to inject failures,
//! and a log of the requests received ([`RecordedRequest`]; bounded to the
//! most recent [`DEFAULT_MAX_RECORDED_REQUESTS`] by default, see
//! [`EmulatorHandle::requests`]).
//!
//! The behaviour follows Grafana 12 (the project's `behavior.md`, the
//! OpenAPI spec and Grafana's source, cited next to each behaviour);
//! [`EmulatorBuilder::version`] (`--grafana-version 11.6|12.x|13.0`) plays
//! another release where Grafana's source shows a difference (e.g. Grafana
//! 13's dashboard save conflict, dashboard versions that need a uid, the
//! version list's `continueToken`). Where the emulator knowingly differs, the
//! item's documentation says so.
//!
//! # Example
//!
//! ```
//! use grafana_emulator::{Emulator, Fault, Role};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let emu = Emulator::builder().seed_demo().start().await?;
//! let token = emu.create_service_account_token(1, Role::Editor);
//! assert!(token.starts_with("glsa_"));
//!
//! // The next request to a snapshot answers 503 with Retry-After.
//! emu.inject(Fault::on("GET", "/api/snapshots/*").times(1).status(503).retry_after("1"));
//!
//! // Plain HTTP from any client, e.g. a raw request:
//! use tokio::io::{AsyncReadExt, AsyncWriteExt};
//! let mut s = tokio::net::TcpStream::connect(emu.addr()).await?;
//! s.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await?;
//! let mut out = String::new();
//! s.read_to_string(&mut out).await?;
//! assert!(out.starts_with("HTTP/1.1 200"));
//! assert_eq!(emu.requests()[0].raw_path, "/api/health");
//! emu.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! # Identities
//!
//! * user `admin` (password from [`EmulatorBuilder::admin_password`],
//!   default `admin`) is server admin and Admin of org 1 ("Main Org.") and of
//!   every org created with [`EmulatorHandle::create_org`];
//! * [`EmulatorHandle::add_user`] adds basic-auth users;
//! * [`EmulatorHandle::create_service_account_token`] (or the service-account
//!   API) issues `glsa_` tokens bound to one org.
//!
//! # Known divergences from Grafana
//!
//! * Timestamps are UTC with second precision (Grafana uses the server's
//!   zone).
//! * Expired snapshots are removed lazily, [`CLEANUP_INTERVAL_SECS`] after
//!   expiry, instead of by a background job.
//! * External snapshots are never sent to a remote server (stored as
//!   external with a URL under `external_snapshot_url`).
//! * Absolute URLs use the emulator's own address as `root_url` unless
//!   [`Settings::root_url`] is set.
//! * Permissions are the basic roles' (Viewer, Editor, Admin, server admin)
//!   plus team membership; folder and dashboard permission lists are stored
//!   and answered but do not change what a user may do.
//! * Alert rules are stored, exported and provisioned but never evaluated;
//!   queries other than TestData, the `grafana` data source and the
//!   built-in Prometheus-like backend answer an error.
//! * A user asking for an org they do not belong to acts with no role in
//!   org `-1`: RBAC-checked routes answer 403, lists are empty.

#![warn(missing_docs)]

mod api;
mod app;
mod auth;
mod avatar;
pub mod blocking;
mod clock;
mod emulator;
mod faults;
mod ids;
mod json_order;
mod recording;
mod role;
mod routes;
mod seed;
mod server;
mod settings;
mod state;
mod store;
mod token;

pub use api::CLEANUP_INTERVAL_SECS;
pub use clock::Clock;
pub use emulator::{Emulator, EmulatorBuilder, EmulatorHandle};
pub use faults::{Fault, SLOW_DRIP_CHUNK};
pub use recording::{RecordedRequest, DEFAULT_MAX_RECORDED_BODY, DEFAULT_MAX_RECORDED_REQUESTS};
pub use role::Role;
pub use routes::routes;
pub use seed::{
    DEMO_FOLDER_UID, DEMO_LATENCY_UID, DEMO_LIBRARY_UID, DEMO_NESTED_FOLDER_UID, DEMO_ORG2_UID,
    DEMO_OVERVIEW_UID, DEMO_ROWS_UID, DEMO_TEMPLATING_UID,
};
pub use settings::{Settings, DEFAULT_COMMIT, DEFAULT_VERSION};
