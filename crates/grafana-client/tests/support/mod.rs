//! Shared by the workflow and fault tests: one test body runs on the async and
//! the blocking client, against the emulator or, with `GRAFANA_URL` set, a real
//! Grafana.
#![allow(dead_code, unused_macros)]

/// Declares one `#[test]` per client for each generic test body named.
macro_rules! both_clients {
    ($($name:ident),* $(,)?) => {
        mod on_async {
            $(#[test] fn $name() { super::$name::<grafana_client::GrafanaApi>(); })*
        }
        mod on_blocking {
            $(#[test] fn $name() { super::$name::<grafana_client::blocking::GrafanaApi>(); })*
        }
    };
}

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use grafana_client::{BasicAuth, Call, Client, ClientBuilder, Endpoint, GrafanaApi, Result};
use grafana_emulator::blocking::BlockingEmulator;
use grafana_emulator::Emulator;
use serde_json::{json, Value};

/// Sends a call on whichever client it belongs to, so that one test body
/// serves both. The async client is driven by a runtime owned by the test
/// thread: the code path is the async one.
pub trait Drive: Client + Sized {
    fn run<E: Endpoint>(&self, call: Call<Self, E>) -> Result<E::Output>;
    fn build(builder: ClientBuilder) -> Self;
    /// `version()` of this client.
    fn version_of(&self) -> Result<String>;
    /// Sends a star/unstar call given a numeric id (a version-aware call
    /// of several requests, not an `Endpoint`).
    fn run_star(
        &self,
        call: Call<Self, grafana_client::elements::StarDashboard>,
    ) -> Result<grafana_client::models::Message>;
}

thread_local! {
    static RUNTIME: RefCell<Option<tokio::runtime::Runtime>> = const { RefCell::new(None) };
}

/// Runs a future on this thread's test runtime.
pub fn block_on<F: std::future::Future>(fut: F) -> F::Output {
    RUNTIME.with(|rt| {
        let mut rt = rt.borrow_mut();
        let rt = rt.get_or_insert_with(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("test runtime")
        });
        rt.block_on(fut)
    })
}

impl Drive for GrafanaApi {
    fn run<E: Endpoint>(&self, call: Call<Self, E>) -> Result<E::Output> {
        block_on(call.send())
    }
    fn build(builder: ClientBuilder) -> Self {
        builder.build().expect("async client")
    }
    fn version_of(&self) -> Result<String> {
        block_on(self.version())
    }
    fn run_star(
        &self,
        call: Call<Self, grafana_client::elements::StarDashboard>,
    ) -> Result<grafana_client::models::Message> {
        block_on(call.send())
    }
}

impl Drive for grafana_client::blocking::GrafanaApi {
    fn run<E: Endpoint>(&self, call: Call<Self, E>) -> Result<E::Output> {
        call.send()
    }
    fn build(builder: ClientBuilder) -> Self {
        builder.blocking().build().expect("blocking client")
    }
    fn version_of(&self) -> Result<String> {
        self.version()
    }
    fn run_star(
        &self,
        call: Call<Self, grafana_client::elements::StarDashboard>,
    ) -> Result<grafana_client::models::Message> {
        call.send()
    }
}

/// Where the tests run: the emulator (default) or a real Grafana.
pub struct Target {
    pub emu: Option<BlockingEmulator>,
    pub url: String,
}

impl Target {
    /// The emulator with its demo data, unless `GRAFANA_URL` is set. The
    /// emulated Grafana version is the emulator's default, or
    /// `GRAFANA_EMULATOR_VERSION` (e.g. `11.6.0`, `13.0.0`) so that the same
    /// workflows run against each release profile.
    pub fn new() -> Self {
        match real_grafana() {
            Some(url) => Target { emu: None, url },
            None => {
                let mut builder = Emulator::builder().seed_demo();
                if let Some(v) = emulated_version() {
                    builder = builder.version(&v);
                }
                let emu = builder.start_blocking().expect("emulator starts");
                let url = emu.url();
                Target {
                    emu: Some(emu),
                    url,
                }
            }
        }
    }

    /// A builder with the admin credentials of this target.
    pub fn admin(&self) -> ClientBuilder {
        match &self.emu {
            Some(_) => GrafanaApi::builder()
                .url(&self.url)
                .auth(BasicAuth::new("admin", "admin")),
            None => ClientBuilder::from_env().expect("GRAFANA_URL is usable"),
        }
    }

    /// The emulator, or `None` after printing why the test is skipped.
    pub fn emulator_only(&self, what: &str) -> Option<&BlockingEmulator> {
        if self.emu.is_none() {
            eprintln!("skipped against a real Grafana: {what}");
        }
        self.emu.as_ref()
    }
}

/// `GRAFANA_EMULATOR_VERSION`, when the emulator should play another
/// Grafana release than its default.
pub fn emulated_version() -> Option<String> {
    std::env::var("GRAFANA_EMULATOR_VERSION")
        .ok()
        .filter(|v| !v.trim().is_empty())
}

/// `GRAFANA_URL`, when the tests should run against a real server.
pub fn real_grafana() -> Option<String> {
    std::env::var("GRAFANA_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
}

/// A uid no other test (or earlier run) uses.
pub fn unique(prefix: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{prefix}-{}-{nanos:x}", N.fetch_add(1, Ordering::Relaxed))
}

/// Creates a dashboard with this uid and returns its model.
pub fn create_dashboard<C: Drive>(api: &C, uid: &str, title: &str) -> Value {
    let saved = api
        .run(api.dashboard().update_dashboard(&json!({
            "dashboard": {"uid": uid, "title": title, "panels": [], "schemaVersion": 39},
            "overwrite": false
        })))
        .expect("dashboard created");
    assert_eq!(saved.uid, uid);
    api.run(api.dashboard().get_dashboard(uid))
        .expect("dashboard readable")
        .dashboard
}
