//! The async client, [`GrafanaApi`], and the async ways of finishing a
//! [`Call`]: `.await` / `.send()` on one call, on [`Call::optional`] and on
//! [`Call::all`], and [`Call::into_stream`] over pages.
//!
//! Each way of finishing is written once here, on top of the
//! client-independent future that `call.rs` or `paging.rs` provides; the
//! blocking client (`blocking.rs`) writes its own, driving the same future.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;

use futures_util::Stream;
use url::Url;

use crate::call::{sealed::Sealed, Call, CallOptions, Client, Endpoint, Optional};
use crate::config::ClientBuilder;
use crate::error::Result;
use crate::models::BuildInfo;
use crate::paging::{AllPages, Paged, WalkState};
use crate::settings::Settings;
use crate::transport::Core;
use crate::version::GrafanaVersion;

/// The async Grafana client. Cheap to clone: clones share one connection pool.
///
/// Element accessors are named like the Python package's attributes
/// (`api.snapshots()`, `api.dashboard()`, `api.health()`); each returns a
/// handler whose methods return a [`Call`](crate::Call) to `.await`.
///
/// ```no_run
/// use grafana_client::{GrafanaApi, TokenAuth};
/// # async fn run() -> grafana_client::Result<()> {
/// let api = GrafanaApi::builder()
///     .host("grafana.example.com")
///     .protocol("https")
///     .auth(TokenAuth::new("glsa_..."))
///     .build()?;
/// let dash = api.dashboard().get_dashboard("dashboard-uid").await?;
/// let snap = api
///     .snapshots()
///     .create_new_snapshot(&dash.dashboard)
///     .name("Weekly Report Snapshot")
///     .expires(86_400)
///     .await?;
/// println!("{} {} {}", snap.url, snap.key, snap.delete_key);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct GrafanaApi {
    pub(crate) core: Arc<Core>,
    pub(crate) org_id: Option<i64>,
}

impl GrafanaApi {
    /// A builder; see [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client from a URL; see [`ClientBuilder::from_url`].
    pub fn from_url(url: &str) -> Result<Self> {
        ClientBuilder::from_url(url)?.build()
    }

    /// A client from `GRAFANA_URL`, `GRAFANA_TOKEN`, `GRAFANA_TIMEOUT` and
    /// `GRAFANA_ORG_ID`; see [`ClientBuilder::from_env`].
    pub fn from_env() -> Result<Self> {
        ClientBuilder::from_env()?.build()
    }

    /// The client for these settings (each client's `build()` ends here).
    pub(crate) fn from_settings(settings: &Settings) -> Result<Self> {
        Ok(GrafanaApi {
            core: Arc::new(Core::new(settings)?),
            org_id: settings.organization_id,
        })
    }

    /// The base URL requests are relative to (ends with `/`).
    pub fn base_url(&self) -> &Url {
        self.core.base_url()
    }

    /// The organization sent as `X-Grafana-Org-Id`, if any.
    pub fn organization_id(&self) -> Option<i64> {
        self.org_id
    }

    /// A clone acting in another organization; shares the connection pool.
    pub fn with_org_id(&self, org_id: i64) -> Self {
        GrafanaApi {
            core: self.core.clone(),
            org_id: Some(org_id),
        }
    }

    fn options(&self) -> CallOptions {
        CallOptions {
            org_id: self.org_id,
            ..CallOptions::default()
        }
    }

    /// `GET /api/frontend/settings`: checks that the server answers and the
    /// credentials work, and returns its `buildInfo` (cached for
    /// [`version`](Self::version)).
    pub async fn connect(&self) -> Result<BuildInfo> {
        self.core.fetch_build_info(&self.options()).await
    }

    /// The server's version **as the server writes it** (a `String`, e.g.
    /// `"12.2.0"` or `"11.3.0-75420.patch2"`): `buildInfo.version` of
    /// `/api/frontend/settings`, or `/api/health`'s `version` when that is not
    /// reachable. Asked once per client, then cached. An answer that tells
    /// no version is an [`Error::Decode`](crate::Error::Decode).
    ///
    /// For comparisons use [`get_version`](Self::get_version), which parses
    /// it.
    pub async fn version(&self) -> Result<String> {
        self.core.detect_version(&self.options()).await
    }

    /// The server's version **parsed** into a comparable
    /// [`GrafanaVersion`] (`api.get_version().await?.at_least(12, 0, 0)`);
    /// same request and cache as [`version`](Self::version). A version string
    /// that does not parse is an [`Error::Decode`](crate::Error::Decode)
    /// naming it.
    pub async fn get_version(&self) -> Result<GrafanaVersion> {
        let raw = self.version().await?;
        crate::version::parse_server_version(&raw)
    }
}

/// Element accessors as inherent methods (no trait import needed); they
/// forward to the [`Client`] trait's, where each is defined once.
macro_rules! elements {
    ($client:ty) => {
        impl $client {
            $crate::elements::for_each_element!(inherent_accessors);

            /// Requests to any path; see [`Raw`](crate::Raw).
            pub fn raw(&self) -> $crate::Raw<Self> {
                $crate::Client::raw(self)
            }
        }
    };
}

/// Inherent element accessors forwarding to the [`Client`] trait's.
macro_rules! inherent_accessors {
    ($($name:ident => $ty:ident, $doc:literal;)*) => {
        $(
            #[doc = $doc]
            pub fn $name(&self) -> $crate::elements::$ty<Self> {
                $crate::Client::$name(self)
            }
        )*
    };
}
pub(crate) use elements;
pub(crate) use inherent_accessors;

elements!(GrafanaApi);

impl Sealed for GrafanaApi {
    fn core(&self) -> &Arc<Core> {
        &self.core
    }
    fn default_org_id(&self) -> Option<i64> {
        self.org_id
    }
}

impl Client for GrafanaApi {}

impl ClientBuilder {
    /// Builds the async client.
    pub fn build(self) -> Result<GrafanaApi> {
        GrafanaApi::from_settings(&self.settings)
    }
}

// ---------------------------------------------------------------------------
// Finishing a call on the async client.

/// A boxed, `Send` future: what `.await`ing a call runs.
type CallFuture<T> = Pin<Box<dyn Future<Output = Result<T>> + Send>>;

impl<E: Endpoint> Call<GrafanaApi, E> {
    /// Sends the call (the same as `.await`ing it).
    pub async fn send(self) -> Result<E::Output> {
        self.run().await
    }
}

impl<E: Endpoint> IntoFuture for Call<GrafanaApi, E> {
    type Output = Result<E::Output>;
    type IntoFuture = CallFuture<E::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

impl<E: Endpoint> Call<GrafanaApi, Optional<E>> {
    /// Sends the call (the same as `.await`ing it); a 404 is `Ok(None)`.
    pub async fn send(self) -> Result<Option<E::Output>> {
        self.run_optional().await
    }
}

impl<E: Endpoint> IntoFuture for Call<GrafanaApi, Optional<E>> {
    type Output = Result<Option<E::Output>>;
    type IntoFuture = CallFuture<Option<E::Output>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run_optional())
    }
}

impl<P: Paged> Call<GrafanaApi, AllPages<P>> {
    /// Fetches every page (the same as `.await`ing it).
    pub async fn send(self) -> Result<Vec<P::Item>> {
        self.run_all().await
    }
}

impl<P: Paged> IntoFuture for Call<GrafanaApi, AllPages<P>> {
    type Output = Result<Vec<P::Item>>;
    type IntoFuture = CallFuture<Vec<P::Item>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run_all())
    }
}

impl<P: Paged> Call<GrafanaApi, P> {
    /// Every item of every page, as a stream: page 1 is fetched when the
    /// first item is polled, each further page only when the items before it
    /// are used up. The walk stops at the first empty or short page, once
    /// `totalCount` items are in, when a token-paged answer has no token left,
    /// when the server answers a page again, or after
    /// [`MAX_PAGES`](crate::MAX_PAGES) pages; the first error is the stream's
    /// last item. Dropping the stream cancels the request in flight, if any.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// use futures_util::{StreamExt, TryStreamExt};
    /// // The first three accounts: one page of 100 is fetched, no more.
    /// let first: Vec<_> = api
    ///     .serviceaccount()
    ///     .search()
    ///     .perpage(100)
    ///     .into_stream()
    ///     .take(3)
    ///     .try_collect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn into_stream(self) -> impl Stream<Item = Result<P::Item>> + Send + 'static {
        futures_util::stream::try_unfold(WalkState::new(self), |mut state| async move {
            loop {
                if let Some(item) = state.pop() {
                    return Ok(Some((item, state)));
                }
                let Some(fetch) = state.fetch() else {
                    return Ok(None);
                };
                let output = fetch.await?;
                state.accept(output);
            }
        })
    }
}
