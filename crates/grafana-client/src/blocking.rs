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
//! # Where it works
//!
//! | Called from | Result |
//! |---|---|
//! | a plain thread (`main`, `std::thread::spawn`, a thread pool) | works |
//! | the closure of `tokio::task::spawn_blocking` (either runtime flavour) | works |
//! | a thread inside `Runtime::enter`, the closure of `tokio::task::block_in_place` | works |
//! | a tokio task, or the future of `Runtime::block_on` / `#[tokio::main]` (either flavour) | [`Error::Misuse`], nothing sent |
//!
//! Where it works, the caller's thread waits and nothing else is held up.
//! (One corner cannot be told apart from a `spawn_blocking` thread: a future
//! wrapped in `tokio::task::coop::unconstrained` and run by a multi-thread
//! runtime's `block_on`, which is no worker thread. The call works there and
//! holds up only that future.)
//! Where it is refused, waiting would stall the async runtime the thread is
//! driving (on a current-thread runtime, all of it), so the call fails at
//! once, without a panic: use the async client there, or move the blocking
//! work into `spawn_blocking`.
//!
//! ```no_run
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let api = grafana_client::blocking::GrafanaApi::from_env()?;
//! // Right: the blocking call runs on a thread meant for blocking.
//! let health = tokio::task::spawn_blocking({
//!     let api = api.clone();
//!     move || api.health().check().send()
//! })
//! .await??;
//! // Wrong: called directly in async code, it is refused.
//! let refused = api.health().check().send();
//! assert!(matches!(refused, Err(grafana_client::Error::Misuse(_))));
//! # let _ = health;
//! # Ok(()) }
//! ```
//!
//! The client owns a small tokio runtime (one worker thread). A client built
//! or dropped inside async code is fine: only sending waits.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use url::Url;

use crate::call::{sealed::Sealed, Call, Client, Endpoint, Optional};
use crate::client::{elements, inherent_accessors};
use crate::config::ClientBuilder;
use crate::error::{Error, Result};
use crate::models::BuildInfo;
use crate::paging::{AllPages, Paged, WalkState};
use crate::settings::Settings;
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

    /// The client for these settings: the async client plus a private
    /// runtime to drive it.
    pub(crate) fn from_settings(settings: &Settings) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("grafana-client-blocking")
            .enable_all()
            .build()
            .map_err(|e| Error::Config(format!("cannot start the blocking runtime: {e}")))?;
        Ok(GrafanaApi {
            inner: crate::GrafanaApi::from_settings(settings)?,
            runtime: Arc::new(Runtime(Some(runtime))),
        })
    }

    /// Runs a future of this client's to completion on its runtime, from
    /// whichever thread calls: see the module docs for where that works.
    ///
    /// On a thread that knows nothing of tokio (the common case) the future
    /// is driven by the calling thread through [`Runtime::block_on`], as
    /// before. On a thread that has a runtime handle but is not running async
    /// code (a `spawn_blocking` thread, a thread inside `Runtime::enter`)
    /// `Runtime::block_on` could panic, so the future is spawned on this
    /// client's runtime and the thread parks until the task is done. On a
    /// thread that is running async code the call is refused with
    /// [`Error::Misuse`] before anything is sent.
    ///
    /// [`Runtime::block_on`]: tokio::runtime::Runtime::block_on
    pub(crate) fn block_on<F, T>(&self, fut: F) -> Result<T>
    where
        F: Future<Output = Result<T>> + Send + 'static,
        T: Send + 'static,
    {
        let Some(rt) = &self.runtime.0 else {
            return Err(Error::Config("the blocking runtime is shut down".into()));
        };
        match tokio::runtime::Handle::try_current() {
            // No tokio context on this thread, so no runtime is entered here:
            // `Runtime::block_on` cannot panic ("Cannot start a runtime from
            // within a runtime" needs an entered runtime, and entering one
            // always sets the handle).
            Err(e) if e.is_missing_context() => rt.block_on(fut),
            Err(_) => Err(Error::misuse(
                "the blocking client was called while its thread is exiting \
                 (its thread-local storage is gone)",
            )),
            Ok(_) => {
                if let Some(place) = running_async_code() {
                    return Err(Error::misuse(format!(
                        "the blocking client was called {place}, where waiting would \
                         stall the async runtime; use grafana_client::GrafanaApi there, \
                         or move the call into tokio::task::spawn_blocking"
                    )));
                }
                let task = rt.spawn(fut);
                match park_until_done(tokio::task::coop::unconstrained(task)) {
                    Ok(result) => result,
                    // A panic in the request code: surface it where it would
                    // have surfaced had the future run on this thread.
                    Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                    Err(_) => Err(Error::Config("the blocking runtime is shut down".into())),
                }
            }
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
        let inner = self.inner.clone();
        self.block_on(async move { inner.connect().await })
    }

    /// See [`crate::GrafanaApi::version`].
    pub fn version(&self) -> Result<String> {
        let inner = self.inner.clone();
        self.block_on(async move { inner.version().await })
    }

    /// See [`crate::GrafanaApi::get_version`].
    pub fn get_version(&self) -> Result<GrafanaVersion> {
        let inner = self.inner.clone();
        self.block_on(async move { inner.get_version().await })
    }
}

elements!(GrafanaApi);

impl ClientBuilder {
    /// The same settings, building a [`blocking::GrafanaApi`](GrafanaApi).
    pub fn blocking(self) -> ClientBuilder<GrafanaApi> {
        self.retarget()
    }
}

impl ClientBuilder<GrafanaApi> {
    /// Builds the blocking client.
    pub fn build(self) -> Result<GrafanaApi> {
        GrafanaApi::from_settings(&self.settings)
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

// ---------------------------------------------------------------------------
// Finishing a call on the blocking client: each drives the client-independent
// future of `call.rs` / `paging.rs` with `block_on`.

impl<E: Endpoint> Call<GrafanaApi, E> {
    /// Sends the call and waits for the answer.
    ///
    /// Works on any thread that is not running async code, including the
    /// closure of `tokio::task::spawn_blocking`. On a thread that is (a tokio
    /// task, the future of `Runtime::block_on` or `#[tokio::main]`) it returns
    /// [`Error::Misuse`] and sends nothing: use the async client there. See
    /// [`crate::blocking`].
    pub fn send(self) -> Result<E::Output> {
        let client = self.client.clone();
        client.block_on(self.run())
    }
}

impl<E: Endpoint> Call<GrafanaApi, Optional<E>> {
    /// Sends the call and waits for the answer; a 404 is `Ok(None)`. Works
    /// where [`Call::send`] works.
    pub fn send(self) -> Result<Option<E::Output>> {
        let client = self.client.clone();
        client.block_on(self.run_optional())
    }
}

impl<P: Paged> Call<GrafanaApi, AllPages<P>> {
    /// Fetches every page and waits for the answer.
    pub fn send(self) -> Result<Vec<P::Item>> {
        let client = self.client.clone();
        client.block_on(self.run_all())
    }
}

impl<P: Paged> Call<GrafanaApi, P> {
    /// Every item of every page, as an iterator (the same as iterating the
    /// call): page 1 is fetched by the first `next()`, each further page only
    /// when the items before it are used up; at most
    /// [`MAX_PAGES`](crate::MAX_PAGES) pages. The first error is the last
    /// item. Dropping the iterator stops the walk.
    ///
    /// ```no_run
    /// let api = grafana_client::blocking::GrafanaApi::from_env()?;
    /// let first_ten: Vec<_> = api
    ///     .teams()
    ///     .search_teams()
    ///     .perpage(10)
    ///     .iter()
    ///     .take(10)
    ///     .collect::<grafana_client::Result<_>>()?;
    /// # Ok::<(), grafana_client::Error>(())
    /// ```
    pub fn iter(self) -> PageIter<P> {
        PageIter {
            client: self.client.clone(),
            state: WalkState::new(self),
            failed: false,
        }
    }
}

impl<P: Paged> IntoIterator for Call<GrafanaApi, P> {
    type Item = Result<P::Item>;
    type IntoIter = PageIter<P>;

    /// See [`Call::iter`].
    fn into_iter(self) -> PageIter<P> {
        self.iter()
    }
}

/// The blocking client's walk over every item of a paged search; see
/// [`Call::iter`].
pub struct PageIter<P: Paged> {
    client: GrafanaApi,
    state: WalkState<P>,
    failed: bool,
}

impl<P: Paged + std::fmt::Debug> std::fmt::Debug for PageIter<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageIter")
            .field("state", &self.state)
            .field("failed", &self.failed)
            .finish()
    }
}

impl<P: Paged> Iterator for PageIter<P> {
    type Item = Result<P::Item>;

    fn next(&mut self) -> Option<Result<P::Item>> {
        loop {
            if let Some(item) = self.state.pop() {
                return Some(Ok(item));
            }
            if self.failed {
                return None;
            }
            let fetch = self.state.fetch()?;
            match self.client.block_on(fetch) {
                Ok(output) => self.state.accept(output),
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

/// Where the calling thread is running async code, if it is; `None` on a
/// thread that only has a runtime handle (a `spawn_blocking` thread, a thread
/// inside `Runtime::enter`, the closure of `tokio::task::block_in_place`).
///
/// Tokio has no public "is a runtime entered here" query: the checks that
/// read it (`Runtime::block_on`, `block_in_place`, the `blocking_*` methods)
/// panic instead of answering. Two public behaviours answer it without a
/// panic, and this asks both:
///
/// - `tokio::task::yield_now` hands its waker to the scheduler that is
///   running on this thread, and wakes it at once when there is none
///   (tokio `task/yield_now.rs`, `yield_now`; `runtime/context.rs`, `defer`).
///   A scheduler runs on the worker threads of a multi-thread runtime and in
///   a current-thread runtime's `block_on`, tasks included.
/// - `tokio::task::coop::poll_proceed` answers `Pending` only once a task
///   budget is used up, and budgets exist only while tokio polls a task or a
///   `block_on` future (`task/coop/mod.rs`: `budget`, `poll_proceed`;
///   `runtime/park.rs`, `CachedParkThread::block_on`). That catches the
///   future of a multi-thread runtime's `block_on` (`#[tokio::main]`), which
///   runs on no worker. `spawn_blocking` and `block_in_place` lift the
///   budget (`coop::stop`), so their closures pass.
fn running_async_code() -> Option<&'static str> {
    if scheduler_runs_here() {
        Some("on an async runtime's worker thread")
    } else if task_budget_active() {
        Some("inside a future polled by an async runtime")
    } else {
        None
    }
}

/// A waker that only records that it was woken.
struct WokenFlag(AtomicBool);

impl Wake for WokenFlag {
    fn wake(self: Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// `true` when a tokio scheduler runs on this thread: the first poll of
/// `yield_now` defers its waker there instead of waking it.
fn scheduler_runs_here() -> bool {
    let flag = Arc::new(WokenFlag(AtomicBool::new(false)));
    let waker = Waker::from(flag.clone());
    let mut cx = Context::from_waker(&waker);
    let probe = std::pin::pin!(tokio::task::yield_now());
    match probe.poll(&mut cx) {
        Poll::Ready(()) => false,
        Poll::Pending => !flag.0.load(Ordering::SeqCst),
    }
}

/// `true` when a cooperative task budget is in force on this thread.
///
/// Takes budget units until `poll_proceed` says `Pending` (a budget is at
/// most `u8::MAX` units, so an unconstrained thread never does), then gives
/// every unit back: each guard restores the budget it saw, so dropping them
/// newest first leaves the budget as it was.
fn task_budget_active() -> bool {
    let flag = Arc::new(WokenFlag(AtomicBool::new(false)));
    let waker = Waker::from(flag);
    let mut cx = Context::from_waker(&waker);
    let mut taken = Vec::new();
    let mut exhausted = false;
    for _ in 0..=u8::MAX as usize {
        match tokio::task::coop::poll_proceed(&mut cx) {
            Poll::Ready(guard) => taken.push(guard),
            Poll::Pending => {
                exhausted = true;
                break;
            }
        }
    }
    while let Some(guard) = taken.pop() {
        drop(guard);
    }
    exhausted
}

/// Wakes the thread that waits in [`park_until_done`].
struct Unpark(std::thread::Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

/// Polls a future on this thread, parking between polls. Used only for a
/// join handle of this client's runtime, whose task runs on that runtime's
/// worker; no tokio context of the calling thread is touched, so this works
/// on any thread that is not running async code.
fn park_until_done<F: Future>(fut: F) -> F::Output {
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut fut = std::pin::pin!(fut);
    loop {
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
        std::thread::park();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_blocking_builder_keeps_every_setting() {
        let async_builder = ClientBuilder::from_url("https://u:p@h.example:8443/g/?verify=false")
            .unwrap()
            .organization_id(4)
            .timeout(Duration::from_secs(7))
            .follow_redirects(false)
            .user_agent("probe/1");
        let shown = format!("{async_builder:?}");
        let builder = async_builder.blocking();
        assert_eq!(format!("{builder:?}"), shown);
        let api = builder.build().unwrap();
        assert_eq!(api.base_url().as_str(), "https://h.example:8443/g/");
        assert_eq!(api.organization_id(), Some(4));
        assert_eq!(api.as_async().organization_id(), Some(4));
    }
}
