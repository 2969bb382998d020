//! The blocking client: the same API, sent with `.send()` instead of `.await`.
//!
//! [`GrafanaApi`] wraps the async client and drives it on a private tokio
//! runtime (one worker thread), the way `reqwest::blocking` does: every
//! endpoint is defined once and serves both clients.
//!
//! ```no_run
//! use grafana_client::blocking::GrafanaApi;
//! let api = GrafanaApi::from_env()?;
//! for s in api.snapshots().get_dashboard_snapshots().send()? {
//!     println!("{} {}", s.name, s.key);
//! }
//! # Ok::<(), grafana_client::Error>(())
//! ```
//!
//! Do not call it from inside an async runtime: it would block the runtime's
//! thread. It refuses with [`Error::Config`] instead of
//! panicking; use the async client there.

use std::future::Future;
use std::sync::Arc;

use url::Url;

use crate::call::{sealed::Sealed, Client};
use crate::client::{elements, inherent_accessors};
use crate::config::ClientBuilder;
use crate::error::{Error, Result};
use crate::models::BuildInfo;
use crate::transport::Core;
use crate::version::GrafanaVersion;

/// The blocking Grafana client. Cheap to clone; clones share the connection
/// pool and the runtime. Usable from many threads at once.
#[derive(Clone, Debug)]
pub struct GrafanaApi {
    inner: crate::GrafanaApi,
    runtime: Arc<Runtime>,
}

/// Owns the runtime; shuts it down without blocking, so dropping the last
/// client never panics, wherever it happens.
#[derive(Debug)]
struct Runtime(Option<tokio::runtime::Runtime>);

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

impl GrafanaApi {
    /// A builder; see [`ClientBuilder`].
    pub fn builder() -> ClientBuilder<Self> {
        ClientBuilder::new().blocking()
    }

    /// A client from a URL; see [`ClientBuilder::from_url`].
    pub fn from_url(url: &str) -> Result<Self> {
        ClientBuilder::from_url(url)?.blocking().build()
    }

    /// A client from the environment; see [`ClientBuilder::from_env`].
    pub fn from_env() -> Result<Self> {
        ClientBuilder::from_env()?.blocking().build()
    }

    pub(crate) fn from_builder(b: &ClientBuilder<Self>) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("grafana-client-blocking")
            .enable_all()
            .build()
            .map_err(|e| Error::Config(format!("cannot start the blocking runtime: {e}")))?;
        Ok(GrafanaApi {
            inner: crate::GrafanaApi::from_builder(b)?,
            runtime: Arc::new(Runtime(Some(runtime))),
        })
    }

    /// Runs a future of this client's to completion on its runtime.
    pub(crate) fn block_on<T>(&self, fut: impl Future<Output = Result<T>>) -> Result<T> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::Config(
                "the blocking client was called from inside an async runtime; \
                 use grafana_client::GrafanaApi there, or tokio::task::spawn_blocking"
                    .into(),
            ));
        }
        match &self.runtime.0 {
            Some(rt) => rt.block_on(fut),
            None => Err(Error::Config("the blocking runtime is shut down".into())),
        }
    }

    /// The async client underneath (same pool, same settings).
    pub fn as_async(&self) -> &crate::GrafanaApi {
        &self.inner
    }

    /// The base URL requests are relative to (ends with `/`).
    pub fn base_url(&self) -> &Url {
        self.inner.base_url()
    }

    /// The organization sent as `X-Grafana-Org-Id`, if any.
    pub fn organization_id(&self) -> Option<i64> {
        self.inner.organization_id()
    }

    /// A clone acting in another organization.
    pub fn with_org_id(&self, org_id: i64) -> Self {
        GrafanaApi {
            inner: self.inner.with_org_id(org_id),
            runtime: self.runtime.clone(),
        }
    }

    /// See [`crate::GrafanaApi::connect`].
    pub fn connect(&self) -> Result<BuildInfo> {
        self.block_on(self.inner.connect())
    }

    /// See [`crate::GrafanaApi::version`].
    pub fn version(&self) -> Result<String> {
        self.block_on(self.inner.version())
    }

    /// See [`crate::GrafanaApi::get_version`].
    pub fn get_version(&self) -> Result<GrafanaVersion> {
        self.block_on(self.inner.get_version())
    }
}

elements!(GrafanaApi);

impl ClientBuilder<GrafanaApi> {
    /// Builds the blocking client.
    pub fn build(self) -> Result<GrafanaApi> {
        GrafanaApi::from_builder(&self)
    }
}

impl Sealed for GrafanaApi {
    fn core(&self) -> &Arc<Core> {
        &self.inner.core
    }
    fn default_org_id(&self) -> Option<i64> {
        self.inner.org_id
    }
}

impl Client for GrafanaApi {}
