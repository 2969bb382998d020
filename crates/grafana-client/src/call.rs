//! [`Call`]: one API call ready to send, the [`Client`] trait both clients
//! implement, and the call's client-independent combinators (`org_id`,
//! `timeout`, `retry`, `json`, `value`, `optional`, `into_request`).
//!
//! Every API method is written once, as a function that returns a `Call`.
//! How a call is finished (`.await` / `.send().await` on the async client,
//! `.send()` on the blocking one) is defined by each client, in `client.rs`
//! and `blocking.rs`; nothing here names either client.

use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::Result;
use crate::retry::RetryPolicy;
use crate::transport::Core;

pub(crate) use crate::request::{As, Endpoint, Plain, Request};
pub(crate) use crate::transport::CallOptions;

/// A client a [`Call`] can be sent with: [`crate::GrafanaApi`] or
/// [`crate::blocking::GrafanaApi`].
///
/// Both clients have the element accessors as inherent methods; this trait
/// offers them too, for code that is generic over the client.
///
/// ```
/// use grafana_client::{Client, Call, Plain};
/// use grafana_client::models::SnapshotWithMeta;
///
/// fn snapshot_call<C: Client>(api: &C, key: &str) -> Call<C, Plain<SnapshotWithMeta>> {
///     api.snapshots().get_snapshot_by_key(key)
/// }
/// ```
pub trait Client: Clone + Send + Sync + 'static + sealed::Sealed {
    crate::elements::for_each_element!(trait_accessors);

    /// Requests to any path; see [`Raw`](crate::Raw).
    fn raw(&self) -> crate::Raw<Self> {
        crate::Raw::new(self.clone())
    }
}

/// Element accessors with a default body, for the [`Client`] trait.
macro_rules! trait_accessors {
    ($($name:ident => $ty:ident, $doc:literal;)*) => {
        $(
            #[doc = $doc]
            fn $name(&self) -> crate::elements::$ty<Self> {
                crate::elements::$ty::new(self.clone())
            }
        )*
    };
}
use trait_accessors;

pub(crate) mod sealed {
    use super::*;
    pub trait Sealed {
        fn core(&self) -> &Arc<Core>;
        fn default_org_id(&self) -> Option<i64>;
    }
}

/// One API call, ready to send: `.await` it (async client) or `.send()` it
/// (blocking client). Optional arguments are builder methods on it.
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// use std::time::Duration;
/// let snapshots = api
///     .snapshots()
///     .get_dashboard_snapshots()
///     .query("weekly")
///     .limit(10)
///     .org_id(2)
///     .timeout(Duration::from_secs(5))
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a call does nothing until it is awaited or sent"]
pub struct Call<C, E> {
    pub(crate) client: C,
    pub(crate) endpoint: E,
    pub(crate) options: CallOptions,
}

impl<C: std::fmt::Debug, E: std::fmt::Debug> std::fmt::Debug for Call<C, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("client", &self.client)
            .field("endpoint", &self.endpoint)
            .field("options", &self.options)
            .finish()
    }
}

impl<C: Client, E> Call<C, E> {
    /// Acts in this organization (`X-Grafana-Org-Id`) for this call only.
    pub fn org_id(mut self, org_id: i64) -> Self {
        self.options.org_id = Some(org_id);
        self
    }

    /// Overrides the client's total timeout for this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Overrides the client's retry policy for this call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// Allows retrying this call even though its method (POST, PATCH) is not
    /// idempotent. Only for calls that are safe to repeat.
    pub fn retry_non_idempotent(mut self) -> Self {
        let policy = self
            .options
            .retry
            .take()
            .unwrap_or_else(|| self.client.core().default_retry().clone());
        self.options.retry = Some(policy.retry_non_idempotent(true));
        self
    }
}

impl<C: Client, E: Endpoint> Call<C, E> {
    pub(crate) fn new(client: &C, endpoint: E) -> Self {
        Call {
            client: client.clone(),
            endpoint,
            options: CallOptions {
                org_id: client.default_org_id(),
                ..CallOptions::default()
            },
        }
    }

    /// Decodes the response as your own type instead of the crate's model.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// #[derive(serde::Deserialize)]
    /// struct JustTheUrl { url: String }
    /// let dash = serde_json::json!({"uid": "x", "title": "X"});
    /// let created: JustTheUrl = api.snapshots().create_new_snapshot(&dash).json().await?;
    /// # Ok(()) }
    /// ```
    pub fn json<U: DeserializeOwned + Send + 'static>(self) -> Call<C, As<E, U>> {
        Call {
            client: self.client,
            endpoint: As::new(self.endpoint),
            options: self.options,
        }
    }

    /// Returns the response as untyped JSON.
    pub fn value(self) -> Call<C, As<E, Value>> {
        self.json()
    }

    /// The request this call would send, without sending it.
    pub fn into_request(self) -> Request {
        self.endpoint.into_request()
    }

    pub(crate) async fn run(self) -> Result<E::Output> {
        let Call {
            client,
            endpoint,
            options,
        } = self;
        client
            .core()
            .execute(endpoint.into_request(), &options)
            .await
    }
}

/// A call whose 404 is an answer, not an error; see [`Call::optional`].
#[derive(Debug)]
pub struct Optional<E> {
    inner: E,
}

impl<C: Client, E: Endpoint> Call<C, E> {
    /// Turns a 404 answer into `Ok(None)` (kube's `get_opt`): for reads of one
    /// object that may not exist. Every other error stays an error; a success
    /// is `Ok(Some(..))`.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// match api.dashboard().get_dashboard("maybe-gone").optional().await? {
    ///     Some(dash) => println!("{}", dash.dashboard["title"]),
    ///     None => println!("no such dashboard"),
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// The blocking client: `api.users().find_user("ana").optional().send()?`.
    pub fn optional(self) -> Call<C, Optional<E>> {
        Call {
            client: self.client,
            endpoint: Optional {
                inner: self.endpoint,
            },
            options: self.options,
        }
    }
}

impl<C: Client, E: Endpoint> Call<C, Optional<E>> {
    /// The request this call would send, without sending it.
    pub fn into_request(self) -> Request {
        self.endpoint.inner.into_request()
    }

    pub(crate) async fn run_optional(self) -> Result<Option<E::Output>> {
        let Call {
            client,
            endpoint,
            options,
        } = self;
        let inner = Call {
            client,
            endpoint: endpoint.inner,
            options,
        };
        match inner.run().await {
            Ok(output) => Ok(Some(output)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }
}
