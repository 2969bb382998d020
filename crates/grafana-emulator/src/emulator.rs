//! [`Emulator`], its builder and the running server's [`EmulatorHandle`].

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::app::App;
use crate::blocking::BlockingEmulator;
use crate::clock::Clock;
use crate::faults::{Fault, FaultSet};
use crate::recording::{
    RecordedRequest, Recorder, DEFAULT_MAX_RECORDED_BODY, DEFAULT_MAX_RECORDED_REQUESTS,
};
use crate::role::Role;
use crate::settings::Settings;
use crate::state::{Shared, State};
use crate::{seed, server};

/// Entry point: `Emulator::builder()...start().await`.
#[derive(Debug)]
pub struct Emulator;

impl Emulator {
    /// A builder with default [`Settings`], listening on `127.0.0.1:0`.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }
}

/// Configures and starts an emulator.
#[derive(Clone, Debug)]
#[must_use]
pub struct EmulatorBuilder {
    settings: Settings,
    seed_demo: bool,
    listen: Option<SocketAddr>,
    record_requests: bool,
    max_recorded_requests: usize,
    max_recorded_body: usize,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            settings: Settings::default(),
            seed_demo: false,
            listen: None,
            record_requests: true,
            max_recorded_requests: DEFAULT_MAX_RECORDED_REQUESTS,
            max_recorded_body: DEFAULT_MAX_RECORDED_BODY,
        }
    }
}

impl EmulatorBuilder {
    /// Password of the built-in `admin` user (default `"admin"`).
    pub fn admin_password(mut self, password: &str) -> Self {
        self.settings.admin_password = password.to_string();
        self
    }

    /// The Grafana version to emulate (default
    /// [`DEFAULT_VERSION`](crate::DEFAULT_VERSION)): reported by
    /// `/api/health`, `buildInfo.version` and `/bootdata`, and read by the
    /// routes whose behaviour differs between releases (11.6, 12.x, 13.0).
    /// A short form is completed: `"11.6"` → `"11.6.0"`, `"13.0"` →
    /// `"13.0.0"`, `"12.x"` → the default 12 release.
    pub fn version(mut self, version: &str) -> Self {
        self.settings.version = crate::settings::normalize_version(version);
        self
    }

    /// `[plugins] plugin_admin_enabled` (default `false`): with `true`,
    /// `POST /api/plugins/{id}/install` and `/uninstall` are served
    /// (server admins only); with `false` they answer 404 `Not found`, as
    /// Grafana does not register them.
    pub fn plugin_admin_enabled(mut self, on: bool) -> Self {
        self.settings.plugin_admin_enabled = on;
        self
    }

    /// Serve, minimally, the Grafana Enterprise routes the client calls
    /// (RBAC roles and team role assignments, team external groups,
    /// data-source permissions: see the `removed` API area). Default
    /// `false`: open-source Grafana, where they answer 404 `Not found`.
    pub fn enterprise(mut self, on: bool) -> Self {
        self.settings.enterprise = on;
        self
    }

    /// `[snapshots] enabled` (default `true`).
    pub fn snapshots_enabled(mut self, on: bool) -> Self {
        self.settings.snapshots_enabled = on;
        self
    }

    /// `[snapshots] external_enabled` (default `true`).
    pub fn external_snapshots_enabled(mut self, on: bool) -> Self {
        self.settings.external_snapshots_enabled = on;
        self
    }

    /// `[snapshots] public_mode` (default `false`).
    pub fn snapshots_public_mode(mut self, on: bool) -> Self {
        self.settings.snapshots_public_mode = on;
        self
    }

    /// Caps `/apis` list pages at `n` items, whatever `limit` the client
    /// asks for (default: no cap). Pages cut short still carry
    /// `metadata.continue`, as Grafana's unified storage cuts pages by
    /// size, so clients must not treat a short page as the last one.
    pub fn apis_max_page(mut self, n: usize) -> Self {
        self.settings.apis_max_page = Some(n);
        self
    }

    /// Seeds a small but realistic instance (`--seed demo`):
    ///
    /// * orgs: "Main Org." (1) and "Demo Org 2"; users `editor`/`editor`
    ///   (Editor in org 1, Viewer in org 2) and `viewer`/`viewer` (Viewer),
    ///   both in the team "Demo Team"; the service account "Demo automation"
    ///   (Editor, org 1);
    /// * data sources `testdata` (TestData, the default) and `prometheus`
    ///   (answered by a built-in Prometheus-like backend through the proxy);
    /// * folder `"Demo"` ([`DEMO_FOLDER_UID`](crate::DEMO_FOLDER_UID)) with
    ///   `"Demo Nested"` ([`DEMO_NESTED_FOLDER_UID`](crate::DEMO_NESTED_FOLDER_UID))
    ///   inside; dashboards on TestData: `"Demo Overview"`
    ///   ([`DEMO_OVERVIEW_UID`](crate::DEMO_OVERVIEW_UID), tags `["demo"]`),
    ///   `"Demo Latency"` ([`DEMO_LATENCY_UID`](crate::DEMO_LATENCY_UID), tags
    ///   `["demo","latency"]`), one with a collapsed row
    ///   ([`DEMO_ROWS_UID`](crate::DEMO_ROWS_UID)), one using the library
    ///   panel `demo-library-panel` ([`DEMO_LIBRARY_UID`](crate::DEMO_LIBRARY_UID)),
    ///   one with template variables in the nested folder
    ///   ([`DEMO_TEMPLATING_UID`](crate::DEMO_TEMPLATING_UID)) and one in org 2
    ///   ([`DEMO_ORG2_UID`](crate::DEMO_ORG2_UID)), each at version 1;
    /// * annotations on `demo-overview` (one a region) and one org-wide;
    /// * the alert rule `demo-rule` in `demo-folder`, the contact point
    ///   "Demo email" and a notification policy routing to it.
    pub fn seed_demo(mut self) -> Self {
        self.seed_demo = true;
        self
    }

    /// Replaces all settings at once.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Listens on `addr` instead of `127.0.0.1:0` (a free port).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = Some(addr);
        self
    }

    /// Whether to record requests for [`EmulatorHandle::requests`] (default
    /// `true`). With `false` nothing is recorded and `requests()` is always
    /// empty, which saves copying every request's method, path, headers and
    /// body: use it when nobody looks at the log, e.g. for load tests.
    pub fn record_requests(mut self, on: bool) -> Self {
        self.record_requests = on;
        self
    }

    /// How many requests the log keeps (default
    /// [`DEFAULT_MAX_RECORDED_REQUESTS`] = 10,000): when it is full, each new
    /// request drops the oldest, so [`EmulatorHandle::requests`] returns the
    /// `n` most recent ones and a long-running emulator's memory stays
    /// bounded. `0` records nothing, like `record_requests(false)`.
    pub fn max_recorded_requests(mut self, n: usize) -> Self {
        self.max_recorded_requests = n;
        self
    }

    /// How many bytes of each request body the log keeps (default
    /// [`DEFAULT_MAX_RECORDED_BODY`] = 64 KiB). A longer body is recorded
    /// cut to this length with [`RecordedRequest::body_truncated`] set; the
    /// request itself is always handled with its whole body.
    pub fn max_recorded_body(mut self, bytes: usize) -> Self {
        self.max_recorded_body = bytes;
        self
    }

    /// Binds and starts serving on the current tokio runtime. Fails only if
    /// the address cannot be bound.
    pub async fn start(self) -> io::Result<EmulatorHandle> {
        let addr = self
            .listen
            .unwrap_or_else(|| SocketAddr::from((Ipv4Addr::LOCALHOST, 0)));
        let listener = server::bind(addr).await?;
        let addr = listener.local_addr()?;
        let base_url = format!("http://{addr}");
        let clock = Clock::new();
        let now = clock.now_secs();
        let mut state = State::new(&self.settings.admin_password);
        if self.seed_demo {
            seed::demo(&mut state, now);
        }
        let app = Arc::new(App {
            state: Shared::new(state),
            settings: self.settings,
            clock,
            faults: FaultSet::default(),
            recorder: Recorder::new(
                self.record_requests,
                self.max_recorded_requests,
                self.max_recorded_body,
            ),
            base_url: base_url.clone(),
            started: now,
        });
        let (tx, rx) = watch::channel(false);
        let task = tokio::spawn(server::serve(listener, app.clone(), rx));
        Ok(EmulatorHandle {
            inner: Arc::new(Inner {
                app,
                addr,
                url: base_url,
                shutdown: tx,
                task: Mutex::new(Some(task)),
            }),
        })
    }

    /// Starts the emulator on its own multi-threaded tokio runtime (2
    /// workers), for plain `#[test]`s and other synchronous code. Safe to
    /// call from inside another runtime too.
    pub fn start_blocking(self) -> io::Result<BlockingEmulator> {
        BlockingEmulator::start(self)
    }
}

/// A running emulator. Cheap to clone (an `Arc`); `Send + Sync`.
///
/// The server stops when [`EmulatorHandle::shutdown`] is called or when the
/// last clone is dropped.
#[derive(Clone, Debug)]
pub struct EmulatorHandle {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    app: Arc<App>,
    addr: SocketAddr,
    url: String,
    shutdown: watch::Sender<bool>,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

impl EmulatorHandle {
    /// Base URL, `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> String {
        self.inner.url.clone()
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.inner.addr
    }

    /// The test clock (shared: advancing a clone advances the emulator's).
    pub fn clock(&self) -> Clock {
        self.inner.app.clock.clone()
    }

    /// The settings the emulator runs with.
    pub fn settings(&self) -> &Settings {
        &self.inner.app.settings
    }

    /// Adds a fault (see [`Fault`] for matching and precedence).
    pub fn inject(&self, fault: Fault) {
        self.inner.app.faults.inject(fault);
    }

    /// Removes every injected fault.
    pub fn clear_faults(&self) {
        self.inner.app.faults.clear();
    }

    /// The requests received since start (or the last
    /// [`EmulatorHandle::clear_requests`]), in arrival order.
    ///
    /// The log is bounded: it holds the most recent
    /// [`EmulatorBuilder::max_recorded_requests`] requests (default
    /// [`DEFAULT_MAX_RECORDED_REQUESTS`] = 10,000; older ones are dropped),
    /// each body cut to [`EmulatorBuilder::max_recorded_body`] bytes (default
    /// 64 KiB, see [`RecordedRequest::body_truncated`]). It is empty when
    /// recording is off ([`EmulatorBuilder::record_requests`]).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.inner.app.recorder.snapshot()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.inner.app.recorder.clear();
    }

    /// Creates a service account with `role` in `org_id` and returns a valid
    /// `glsa_` token for it (no expiry). The org is not checked: a token for
    /// an org that does not exist authenticates but finds no data.
    pub fn create_service_account_token(&self, org_id: i64, role: Role) -> String {
        let mut st = self.inner.app.state.write();
        let n = st.service_accounts.len() + 1;
        let sa = st.create_service_account(org_id, &format!("emulator-sa-{n}"), Some(role), false);
        st.create_token(sa, &format!("emulator-token-{n}"), None).1
    }

    /// Creates an org and returns its id. The built-in `admin` user becomes
    /// its Admin (as when a server admin creates an org with `POST /api/orgs`).
    pub fn create_org(&self, name: &str) -> i64 {
        self.inner.app.state.write().create_org(name)
    }

    /// Adds a basic-auth user with `role` in `org_id` and returns the user id.
    /// If `login` exists, only adds that membership (the password is kept).
    /// `login` also works as the email when it contains `@`; otherwise the
    /// email is `<login>@localhost`.
    pub fn add_user(&self, login: &str, password: &str, org_id: i64, role: Role) -> i64 {
        self.inner
            .app
            .state
            .write()
            .add_user(login, password, org_id, role)
    }

    /// Makes every `/apis` `continue` token issued so far expire: a list
    /// request with one answers 410 with a Kubernetes `Status` of reason
    /// `Expired` (what Kubernetes does when the token's resourceVersion
    /// was compacted). New lists work as before.
    pub fn expire_continue_tokens(&self) {
        self.inner.app.state.write().apis.continue_epoch += 1;
    }

    /// Stops accepting connections, closes open ones and waits for the
    /// server task. Idempotent.
    pub async fn shutdown(&self) {
        let _ = self.inner.shutdown.send(true);
        let task = self
            .inner
            .task
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(task) = task {
            let _ = task.await;
        }
    }

    /// Signals shutdown without waiting.
    pub(crate) fn signal_shutdown(&self) {
        let _ = self.inner.shutdown.send(true);
    }
}
