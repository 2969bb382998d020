//! Shared harness of the `wire_*` tests: a wiremock server on its own tokio
//! runtime, and a [`Mode`] trait so that one case definition runs through the
//! async client (`.await`) and the blocking client (`.send()`).
//!
//! Every test is a plain `#[test]`: the async client is driven with
//! `rt.block_on(async { call.await })`, the blocking client is called on the
//! test thread, outside any runtime (it refuses to run inside one).

#![allow(dead_code)]

use std::fmt::Debug;
use std::time::Duration;

use grafana_client::elements::{Dashboard, Health, Snapshots};
use grafana_client::models::BuildInfo;
use grafana_client::{
    blocking, Call, Client, ClientBuilder, Endpoint, GrafanaApi, GrafanaVersion, Raw, Result,
    RetryPolicy,
};
use serde_json::{json, Value};
use wiremock::matchers::{any, path_regex};
use wiremock::{Mock, MockServer, Request as Recorded, ResponseTemplate};

/// The `User-Agent` the crate must send by default.
pub const UA: &str = concat!("grafana-client-rust/", env!("CARGO_PKG_VERSION"));
/// Secrets that must never show up in any `Debug`/`Display` output.
pub const TOKEN: &str = "glsa_SECRET_TOKEN_123";
pub const PASSWORD: &str = "hunter2-pass";
pub const HEADER_SECRET: &str = "proxy-secret-value";
pub const PROXY_PASSWORD: &str = "proxy-pass-777";
/// `Basic base64("admin:hunter2-pass")`.
pub const BASIC_ADMIN: &str = "Basic YWRtaW46aHVudGVyMi1wYXNz";
pub const JSON_UTF8: &str = "application/json; charset=utf-8";

/// Runs each named generic case `fn name<M: Mode>()` once per client:
/// `name::async_client` and `name::blocking_client`.
macro_rules! both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn async_client() {
                super::$name::<crate::wire_common::Async>()
            }
            #[test]
            fn blocking_client() {
                super::$name::<crate::wire_common::Blocking>()
            }
        }
    )*};
}
pub(crate) use both;

/// A wiremock server and the runtime it is started on.
pub struct Env {
    // Dropped before the runtime.
    pub server: MockServer,
    pub rt: tokio::runtime::Runtime,
}

impl Default for Env {
    fn default() -> Self {
        Self::new()
    }
}

impl Env {
    pub fn new() -> Env {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        let server = rt.block_on(MockServer::start());
        Env { server, rt }
    }

    pub fn uri(&self) -> String {
        self.server.uri()
    }

    pub fn port(&self) -> u16 {
        self.server.address().port()
    }

    pub fn mount(&self, mock: Mock) {
        self.rt.block_on(mock.mount(&self.server));
    }

    /// Mounts a catch-all that answers every request with `template`.
    pub fn answer(&self, template: ResponseTemplate) {
        self.mount(Mock::given(any()).respond_with(template));
    }

    /// Mounts a catch-all answering `status` with a JSON body.
    pub fn answer_json(&self, status: u16, body: Value) {
        self.answer(ResponseTemplate::new(status).set_body_json(body));
    }

    /// Mounts a catch-all whose answer decodes for every operation of
    /// [`ops`] (lists get an array, everything else an object).
    pub fn answer_universal(&self) {
        self.mount(
            Mock::given(path_regex(
                r"/api/(dashboard/snapshots|search|dashboards/tags|dashboards/(uid|id)/[^/]+/permissions)$",
            ))
            .and(wiremock::matchers::method("GET"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
                .with_priority(1),
        );
        self.mount(
            Mock::given(wiremock::matchers::method("GET"))
                .and(path_regex(r"/api/folders(/[^/]+/permissions)?$"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
                .with_priority(1),
        );
        self.mount(
            Mock::given(path_regex(r"/api/dashboards/db$"))
                .respond_with(ResponseTemplate::new(200).set_body_json(
                    json!({"id": 1, "uid": "d1", "url": "/d/d1", "status": "success", "version": 2}),
                ))
                .with_priority(1),
        );
        self.mount(
            Mock::given(any())
                .respond_with(ResponseTemplate::new(200).set_body_json(universal_body()))
                .with_priority(5),
        );
    }

    pub fn reset(&self) {
        self.rt.block_on(self.server.reset());
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.rt
            .block_on(self.server.received_requests())
            .expect("request recording is on")
    }

    /// The one request received (fails when there were none or several).
    pub fn only_request(&self, ctx: &str) -> Recorded {
        let mut all = self.requests();
        assert_eq!(
            all.len(),
            1,
            "{ctx}: expected exactly one request, got {:?}",
            all.iter()
                .map(|r| format!("{} {}", r.method, r.url))
                .collect::<Vec<_>>()
        );
        all.remove(0)
    }

    /// A builder pointing at the server: no retries, no proxy from the environment.
    pub fn builder(&self) -> ClientBuilder {
        GrafanaApi::builder()
            .host("127.0.0.1")
            .port(self.port())
            .no_proxy()
            .retry(RetryPolicy::none())
    }
}

/// A JSON object that every operation in [`ops`] can decode (except the
/// snapshot list and search, which get `[]`).
pub fn universal_body() -> Value {
    json!({
        "dashboard": {"uid": "d1"},
        "meta": {},
        "message": "ok",
        "title": "T",
        "database": "ok",
        "key": "k",
        "deleteKey": "dk",
        "url": "/u",
        "deleteUrl": "/du",
        "buildInfo": {"version": "12.2.0"}
    })
}

/// How a case is sent: through the async or the blocking client.
pub trait Mode: 'static {
    type Api: Client + Debug;
    const NAME: &'static str;

    fn build(b: ClientBuilder) -> Result<Self::Api>;
    fn from_url(url: &str) -> Result<Self::Api>;
    fn send<E: Endpoint>(env: &Env, call: Call<Self::Api, E>) -> Result<E::Output>;

    fn snapshots(api: &Self::Api) -> Snapshots<Self::Api>;
    fn dashboard(api: &Self::Api) -> Dashboard<Self::Api>;
    fn health(api: &Self::Api) -> Health<Self::Api>;
    fn raw(api: &Self::Api) -> Raw<Self::Api>;

    fn with_org_id(api: &Self::Api, org: i64) -> Self::Api;
    fn organization_id(api: &Self::Api) -> Option<i64>;
    fn base_url(api: &Self::Api) -> String;
    fn connect(env: &Env, api: &Self::Api) -> Result<BuildInfo>;
    fn version(env: &Env, api: &Self::Api) -> Result<String>;
    fn get_version(env: &Env, api: &Self::Api) -> Result<GrafanaVersion>;
}

/// The async client, awaited.
pub struct Async;

impl Mode for Async {
    type Api = GrafanaApi;
    const NAME: &'static str = "async";

    fn build(b: ClientBuilder) -> Result<GrafanaApi> {
        b.build()
    }
    fn from_url(url: &str) -> Result<GrafanaApi> {
        GrafanaApi::from_url(url)
    }
    fn send<E: Endpoint>(env: &Env, call: Call<GrafanaApi, E>) -> Result<E::Output> {
        env.rt.block_on(async move { call.await })
    }
    fn snapshots(api: &GrafanaApi) -> Snapshots<GrafanaApi> {
        api.snapshots()
    }
    fn dashboard(api: &GrafanaApi) -> Dashboard<GrafanaApi> {
        api.dashboard()
    }
    fn health(api: &GrafanaApi) -> Health<GrafanaApi> {
        api.health()
    }
    fn raw(api: &GrafanaApi) -> Raw<GrafanaApi> {
        api.raw()
    }
    fn with_org_id(api: &GrafanaApi, org: i64) -> GrafanaApi {
        api.with_org_id(org)
    }
    fn organization_id(api: &GrafanaApi) -> Option<i64> {
        api.organization_id()
    }
    fn base_url(api: &GrafanaApi) -> String {
        api.base_url().to_string()
    }
    fn connect(env: &Env, api: &GrafanaApi) -> Result<BuildInfo> {
        env.rt.block_on(api.connect())
    }
    fn version(env: &Env, api: &GrafanaApi) -> Result<String> {
        env.rt.block_on(api.version())
    }
    fn get_version(env: &Env, api: &GrafanaApi) -> Result<GrafanaVersion> {
        env.rt.block_on(api.get_version())
    }
}

/// The blocking client, `.send()` on the test thread.
pub struct Blocking;

impl Mode for Blocking {
    type Api = blocking::GrafanaApi;
    const NAME: &'static str = "blocking";

    fn build(b: ClientBuilder) -> Result<blocking::GrafanaApi> {
        b.blocking().build()
    }
    fn from_url(url: &str) -> Result<blocking::GrafanaApi> {
        blocking::GrafanaApi::from_url(url)
    }
    fn send<E: Endpoint>(_env: &Env, call: Call<blocking::GrafanaApi, E>) -> Result<E::Output> {
        call.send()
    }
    fn snapshots(api: &blocking::GrafanaApi) -> Snapshots<blocking::GrafanaApi> {
        api.snapshots()
    }
    fn dashboard(api: &blocking::GrafanaApi) -> Dashboard<blocking::GrafanaApi> {
        api.dashboard()
    }
    fn health(api: &blocking::GrafanaApi) -> Health<blocking::GrafanaApi> {
        api.health()
    }
    fn raw(api: &blocking::GrafanaApi) -> Raw<blocking::GrafanaApi> {
        api.raw()
    }
    fn with_org_id(api: &blocking::GrafanaApi, org: i64) -> blocking::GrafanaApi {
        api.with_org_id(org)
    }
    fn organization_id(api: &blocking::GrafanaApi) -> Option<i64> {
        api.organization_id()
    }
    fn base_url(api: &blocking::GrafanaApi) -> String {
        api.base_url().to_string()
    }
    fn connect(_env: &Env, api: &blocking::GrafanaApi) -> Result<BuildInfo> {
        api.connect()
    }
    fn version(_env: &Env, api: &blocking::GrafanaApi) -> Result<String> {
        api.version()
    }
    fn get_version(_env: &Env, api: &blocking::GrafanaApi) -> Result<GrafanaVersion> {
        api.get_version()
    }
}

/// Per-call options an [`Op`] applies to its call.
#[derive(Debug, Clone, Copy, Default)]
pub struct Opts {
    pub org: Option<i64>,
    pub timeout: Option<Duration>,
}

fn tweak<C: Client, E: Endpoint>(call: Call<C, E>, o: Opts) -> Call<C, E> {
    let call = match o.org {
        Some(org) => call.org_id(org),
        None => call,
    };
    match o.timeout {
        Some(t) => call.timeout(t),
        None => call,
    }
}

/// One operation of the crate, with the request it must produce.
pub struct Op<M: Mode> {
    pub name: &'static str,
    pub method: &'static str,
    /// Path relative to the base URL, e.g. `api/health`.
    pub path: &'static str,
    pub query: Option<&'static str>,
    pub body: Option<Value>,
    /// Whether it is a [`Call`] (takes per-call options); `connect`/`version` are not.
    pub per_call: bool,
    pub run: fn(&Env, &M::Api, Opts) -> Result<Value>,
}

pub fn update_command() -> Value {
    json!({"dashboard": {"uid": "d1", "title": "T"}, "overwrite": true})
}

pub fn snapshot_dashboard() -> Value {
    json!({"uid": "d1", "title": "T", "panels": []})
}

pub fn raw_body() -> Value {
    json!({"theme": "dark", "weekStart": "monday"})
}

/// Every method of the crate, each with the request it must send.
#[allow(deprecated)] // deprecated methods (routes Grafana removed) stay covered
pub fn ops<M: Mode>() -> Vec<Op<M>> {
    fn v<T: serde::Serialize>(r: Result<T>) -> Result<Value> {
        r.map(|t| serde_json::to_value(t).expect("model serializes"))
    }
    vec![
        Op {
            name: "health.check",
            method: "GET",
            path: "api/health",
            query: None,
            body: None,
            per_call: true,
            run: |e, a, o| v(M::send(e, tweak(M::health(a).check(), o))),
        },
        Op {
            name: "dashboard.get_dashboard",
            method: "GET",
            path: "api/dashboards/uid/d1",
            query: None,
            body: None,
            per_call: true,
            run: |e, a, o| v(M::send(e, tweak(M::dashboard(a).get_dashboard("d1"), o))),
        },
        Op {
            name: "dashboard.update_dashboard",
            method: "POST",
            path: "api/dashboards/db",
            query: None,
            body: Some(update_command()),
            per_call: true,
            run: |e, a, o| {
                v(M::send(
                    e,
                    tweak(M::dashboard(a).update_dashboard(&update_command()), o),
                ))
            },
        },
        Op {
            name: "dashboard.delete_dashboard",
            method: "DELETE",
            path: "api/dashboards/uid/d1",
            query: None,
            body: None,
            per_call: true,
            run: |e, a, o| v(M::send(e, tweak(M::dashboard(a).delete_dashboard("d1"), o))),
        },
        Op {
            name: "snapshots.create_new_snapshot",
            method: "POST",
            path: "api/snapshots",
            query: None,
            body: Some(json!({"dashboard": snapshot_dashboard(), "name": "n"})),
            per_call: true,
            run: |e, a, o| {
                let call = M::snapshots(a)
                    .create_new_snapshot(&snapshot_dashboard())
                    .name("n");
                v(M::send(e, tweak(call, o)))
            },
        },
        Op {
            name: "snapshots.get_dashboard_snapshots",
            method: "GET",
            path: "api/dashboard/snapshots",
            query: Some("query=q&limit=5"),
            body: None,
            per_call: true,
            run: |e, a, o| {
                let call = M::snapshots(a)
                    .get_dashboard_snapshots()
                    .query("q")
                    .limit(5);
                v(M::send(e, tweak(call, o)))
            },
        },
        Op {
            name: "search.search_dashboards",
            method: "GET",
            path: "api/search",
            query: Some("query=cpu+%26+mem&tag=prod&type=dash-db&starred=true&limit=5"),
            body: None,
            per_call: true,
            run: |e, a, o| {
                let call = Client::search(a)
                    .search_dashboards()
                    .query("cpu & mem")
                    .tag("prod")
                    .type_("dash-db")
                    .starred(true)
                    .limit(5);
                v(M::send(e, tweak(call, o)))
            },
        },
        Op {
            name: "dashboard.get_dashboard_by_name",
            method: "GET",
            path: "api/dashboards/db/my-dash",
            query: None,
            body: None,
            per_call: true,
            run: |e, a, o| {
                v(M::send(
                    e,
                    tweak(M::dashboard(a).get_dashboard_by_name("my-dash"), o),
                ))
            },
        },
        Op {
            name: "dashboard.get_dashboards_tags",
            method: "GET",
            path: "api/dashboards/tags",
            query: None,
            body: None,
            per_call: true,
            run: |e, a, o| v(M::send(e, tweak(M::dashboard(a).get_dashboards_tags(), o))),
        },
        Op {
            name: "dashboard.get_home_dashboard",
            method: "GET",
            path: "api/dashboards/home",
            query: None,
            body: None,
            per_call: true,
            run: |e, a, o| v(M::send(e, tweak(M::dashboard(a).get_home_dashboard(), o))),
        },
        Op {
            name: "dashboard.get_permissions_by_id",
            method: "GET",
            path: "api/dashboards/id/7/permissions",
            query: None,
            body: None,
            per_call: true,
            run: |e, a, o| {
                v(M::send(
                    e,
                    tweak(M::dashboard(a).get_permissions_by_id(7), o),
                ))
            },
        },
        Op {
            name: "dashboard.get_permissions_by_uid",
            method: "GET",
            path: "api/dashboards/uid/d1/permissions",
            query: None,
            body: None,
            per_call: true,
            run: |e, a, o| {
                v(M::send(
                    e,
                    tweak(M::dashboard(a).get_permissions_by_uid("d1"), o),
                ))
            },
        },
        Op {
            name: "dashboard.update_permissions_by_id",
            method: "POST",
            path: "api/dashboards/id/7/permissions",
            query: None,
            body: Some(json!({"items": [{"role": "Viewer", "permission": 1}]})),
            per_call: true,
            run: |e, a, o| {
                let items = json!([{"role": "Viewer", "permission": 1}]);
                v(M::send(
                    e,
                    tweak(M::dashboard(a).update_permissions_by_id(7, &items), o),
                ))
            },
        },
        Op {
            name: "dashboard.update_permissions_by_uid",
            method: "POST",
            path: "api/dashboards/uid/d1/permissions",
            query: None,
            body: Some(json!({"items": [{"teamId": 2, "permission": 2}]})),
            per_call: true,
            run: |e, a, o| {
                let items = json!({"teamId": 2, "permission": 2});
                v(M::send(
                    e,
                    tweak(M::dashboard(a).update_permissions_by_uid("d1", &items), o),
                ))
            },
        },
        Op {
            name: "folder.get_all_folders",
            method: "GET",
            path: "api/folders",
            query: Some("parentUid=p+1&limit=10&page=2"),
            body: None,
            per_call: true,
            run: |e, a, o| {
                let call = Client::folder(a)
                    .get_all_folders()
                    .parent_uid("p 1")
                    .limit(10)
                    .page(2);
                v(M::send(e, tweak(call, o)))
            },
        },
        Op {
            name: "folder.get_folder",
            method: "GET",
            path: "api/folders/f1",
            query: None,
            body: None,
            per_call: true,
            run: |e, a, o| v(M::send(e, tweak(Client::folder(a).get_folder("f1"), o))),
        },
        Op {
            name: "folder.get_folder_by_id",
            method: "GET",
            path: "api/folders/id/7",
            query: None,
            body: None,
            per_call: true,
            run: |e, a, o| v(M::send(e, tweak(Client::folder(a).get_folder_by_id(7), o))),
        },
        Op {
            name: "folder.create_folder",
            method: "POST",
            path: "api/folders",
            query: None,
            body: Some(json!({"title": "T", "uid": "f1", "parentUid": "p1"})),
            per_call: true,
            run: |e, a, o| {
                let call = Client::folder(a)
                    .create_folder("T")
                    .uid("f1")
                    .parent_uid("p1");
                v(M::send(e, tweak(call, o)))
            },
        },
        Op {
            name: "folder.update_folder",
            method: "PUT",
            path: "api/folders/f1",
            query: None,
            body: Some(json!({"uid": "f2", "title": "T2", "version": 0, "overwrite": true})),
            per_call: true,
            run: |e, a, o| {
                let call = Client::folder(a)
                    .update_folder("f1")
                    .title("T2")
                    .version(0)
                    .overwrite(true)
                    .new_uid("f2");
                v(M::send(e, tweak(call, o)))
            },
        },
        Op {
            name: "folder.move_folder",
            method: "POST",
            path: "api/folders/f1/move",
            query: None,
            body: Some(json!({"parentUid": "p2"})),
            per_call: true,
            run: |e, a, o| {
                v(M::send(
                    e,
                    tweak(Client::folder(a).move_folder("f1", "p2"), o),
                ))
            },
        },
        Op {
            name: "folder.delete_folder",
            method: "DELETE",
            path: "api/folders/f1",
            query: Some("forceDeleteRules=true"),
            body: None,
            per_call: true,
            run: |e, a, o| {
                let call = Client::folder(a)
                    .delete_folder("f1")
                    .force_delete_rules(true);
                v(M::send(e, tweak(call, o)))
            },
        },
        Op {
            name: "folder.get_folder_permissions",
            method: "GET",
            path: "api/folders/f1/permissions",
            query: None,
            body: None,
            per_call: true,
            run: |e, a, o| {
                v(M::send(
                    e,
                    tweak(Client::folder(a).get_folder_permissions("f1"), o),
                ))
            },
        },
        Op {
            name: "folder.update_folder_permissions",
            method: "POST",
            path: "api/folders/f1/permissions",
            query: None,
            body: Some(json!({"items": [{"role": "Viewer", "permission": 1}]})),
            per_call: true,
            run: |e, a, o| {
                let items = json!([{"role": "Viewer", "permission": 1}]);
                let call = Client::folder(a).update_folder_permissions("f1", &items);
                v(M::send(e, tweak(call, o)))
            },
        },
        Op {
            name: "folder.update_folder_permissions_for_user",
            method: "POST",
            path: "api/access-control/folders/f1/users/42",
            query: None,
            body: Some(json!({"permission": "View"})),
            per_call: true,
            run: |e, a, o| {
                let call = Client::folder(a).update_folder_permissions_for_user(
                    "f1",
                    42,
                    &json!({"permission": "View"}),
                );
                v(M::send(e, tweak(call, o)))
            },
        },
        Op {
            name: "snapshots.get_snapshot_by_key",
            method: "GET",
            path: "api/snapshots/k1",
            query: None,
            body: None,
            per_call: true,
            run: |e, a, o| {
                v(M::send(
                    e,
                    tweak(M::snapshots(a).get_snapshot_by_key("k1"), o),
                ))
            },
        },
        Op {
            name: "snapshots.delete_snapshot_by_key",
            method: "DELETE",
            path: "api/snapshots/k1",
            query: None,
            body: None,
            per_call: true,
            run: |e, a, o| {
                v(M::send(
                    e,
                    tweak(M::snapshots(a).delete_snapshot_by_key("k1"), o),
                ))
            },
        },
        Op {
            name: "snapshots.delete_snapshot_by_delete_key",
            method: "GET",
            path: "api/snapshots-delete/dk1",
            query: None,
            body: None,
            per_call: true,
            run: |e, a, o| {
                v(M::send(
                    e,
                    tweak(M::snapshots(a).delete_snapshot_by_delete_key("dk1"), o),
                ))
            },
        },
        Op {
            name: "snapshots.get_sharing_options",
            method: "GET",
            path: "api/snapshot/shared-options",
            query: None,
            body: None,
            per_call: true,
            run: |e, a, o| v(M::send(e, tweak(M::snapshots(a).get_sharing_options(), o))),
        },
        Op {
            name: "raw.get",
            method: "GET",
            path: "api/org/preferences",
            query: Some("a=1"),
            body: None,
            per_call: true,
            run: |e, a, o| {
                let call = M::raw(a).get("api/org/preferences").param("a", 1);
                M::send(e, tweak(call, o))
            },
        },
        Op {
            name: "raw.post",
            method: "POST",
            path: "api/org/preferences",
            query: Some("a=1"),
            body: Some(raw_body()),
            per_call: true,
            run: |e, a, o| {
                let call = M::raw(a)
                    .post("api/org/preferences")
                    .param("a", 1)
                    .body(&raw_body());
                M::send(e, tweak(call, o))
            },
        },
        Op {
            name: "raw.put",
            method: "PUT",
            path: "api/org/preferences",
            query: None,
            body: Some(raw_body()),
            per_call: true,
            run: |e, a, o| {
                let call = M::raw(a).put("/api/org/preferences").body(&raw_body());
                M::send(e, tweak(call, o))
            },
        },
        Op {
            name: "raw.patch",
            method: "PATCH",
            path: "api/org/preferences",
            query: None,
            body: Some(raw_body()),
            per_call: true,
            run: |e, a, o| {
                let call = M::raw(a).patch("api/org/preferences").body(&raw_body());
                M::send(e, tweak(call, o))
            },
        },
        Op {
            name: "raw.delete",
            method: "DELETE",
            path: "api/org/preferences",
            query: Some("force=true"),
            body: None,
            per_call: true,
            run: |e, a, o| {
                let call = M::raw(a).delete("api/org/preferences").param("force", true);
                M::send(e, tweak(call, o))
            },
        },
        Op {
            name: "connect",
            method: "GET",
            path: "api/frontend/settings",
            query: None,
            body: None,
            per_call: false,
            run: |e, a, _| v(M::connect(e, a)),
        },
        Op {
            name: "version",
            method: "GET",
            path: "api/frontend/settings",
            query: None,
            body: None,
            per_call: false,
            run: |e, a, _| v(M::version(e, a)),
        },
        Op {
            name: "get_version",
            method: "GET",
            path: "api/frontend/settings",
            query: None,
            body: None,
            per_call: false,
            run: |e, a, _| M::get_version(e, a).map(|v| Value::String(v.to_string())),
        },
    ]
}

/// A request header as text.
pub fn hdr(req: &Recorded, name: &str) -> Option<String> {
    req.headers
        .get(name)
        .map(|v| v.to_str().expect("ascii header").to_owned())
}

/// Checks what every request must look like: verb, raw path, raw query
/// string, user agent, accept, and the body with its content type (present
/// only when a body is sent).
pub fn assert_request(
    req: &Recorded,
    method: &str,
    path: &str,
    query: Option<&str>,
    body: Option<&Value>,
    ctx: &str,
) {
    assert_eq!(req.method.as_str(), method, "{ctx}: method");
    assert_eq!(req.url.path(), path, "{ctx}: path");
    assert_eq!(req.url.query(), query, "{ctx}: query string");
    assert_eq!(req.url.fragment(), None, "{ctx}: fragment");
    assert_eq!(
        hdr(req, "user-agent").as_deref(),
        Some(UA),
        "{ctx}: user-agent"
    );
    assert_eq!(
        hdr(req, "accept").as_deref(),
        Some("application/json"),
        "{ctx}: accept"
    );
    match body {
        Some(expected) => {
            assert_eq!(
                hdr(req, "content-type").as_deref(),
                Some(JSON_UTF8),
                "{ctx}: content-type"
            );
            let got: Value = serde_json::from_slice(&req.body)
                .unwrap_or_else(|e| panic!("{ctx}: body is not JSON ({e}): {:?}", req.body));
            assert_eq!(&got, expected, "{ctx}: body");
        }
        None => {
            assert_eq!(hdr(req, "content-type"), None, "{ctx}: content-type");
            assert!(req.body.is_empty(), "{ctx}: unexpected body {:?}", req.body);
        }
    }
}

/// Checks an op's request (path relative to `prefix`, e.g. `/` or `/grafana/`).
pub fn assert_op_request<M: Mode>(req: &Recorded, op: &Op<M>, prefix: &str, ctx: &str) {
    let path = format!("{prefix}{}", op.path);
    assert_request(req, op.method, &path, op.query, op.body.as_ref(), ctx);
}

/// Asserts the `Authorization` header and the org header together.
pub fn assert_auth_org(req: &Recorded, auth: Option<&str>, org: Option<&str>, ctx: &str) {
    assert_eq!(
        hdr(req, "authorization").as_deref(),
        auth,
        "{ctx}: authorization"
    );
    assert_eq!(
        hdr(req, "x-grafana-org-id").as_deref(),
        org,
        "{ctx}: X-Grafana-Org-Id"
    );
}

/// A local port with nothing listening on it.
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    drop(l);
    port
}

// ---------------------------------------------- one-request exchanges

/// What the one request must be: verb, raw path, raw query, JSON body.
pub struct Expect<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub body: Option<Value>,
}

pub fn expect<'a>(
    method: &'a str,
    path: &'a str,
    query: Option<&'a str>,
    body: Option<Value>,
) -> Expect<'a> {
    Expect {
        method,
        path,
        query,
        body,
    }
}

/// Sends `call` to a server answering `served`, checks the one request it
/// made, and that the decoded answer serializes back to `served` (lossless).
pub fn exchange<M, E>(
    served: &Value,
    call: impl FnOnce(&M::Api) -> Call<M::Api, E>,
    want: Expect<'_>,
    ctx: &str,
) -> E::Output
where
    M: Mode,
    E: Endpoint,
    E::Output: serde::Serialize,
{
    let env = Env::new();
    env.answer_json(200, served.clone());
    let api = M::build(env.builder()).unwrap();
    let ctx = format!("{} {ctx}", M::NAME);
    let out = M::send(&env, call(&api)).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
    let r = env.only_request(&ctx);
    assert_request(
        &r,
        want.method,
        want.path,
        want.query,
        want.body.as_ref(),
        &ctx,
    );
    assert_eq!(
        &serde_json::to_value(&out).unwrap(),
        served,
        "{ctx}: lossless"
    );
    out
}

/// A query value full of separators, and how it must arrive (form-encoded, one value).
pub const HOSTILE_QUERY: &str = "a&b=c #d+e";
pub const HOSTILE_QUERY_ENCODED: &str = "a%26b%3Dc+%23d%2Be";

// ------------------------------------------------- path parameter checks

/// Hostile values and the one segment each must become.
pub const HOSTILE: [(&str, &str); 4] = [
    ("../admin/settings", "..%2Fadmin%2Fsettings"),
    ("a/b", "a%2Fb"),
    ("a?b=c", "a%3Fb%3Dc"),
    ("a#f", "a%23f"),
];

/// One path parameter of one method: `send` puts the value in it (and fixed
/// values in the others); `path` is the expected raw path for an encoded segment.
pub struct PathParam<M: Mode> {
    pub method_name: &'static str,
    pub param: &'static str,
    pub verb: &'static str,
    pub path: fn(&str) -> String,
    pub send: fn(&Env, &M::Api, &str) -> Result<Value>,
}

/// Every hostile value stays in its one segment, for every path parameter
/// (`expected` is how many the area has, so none is forgotten).
pub fn check_hostile_params<M: Mode>(params: Vec<PathParam<M>>, expected: usize) {
    assert_eq!(params.len(), expected, "every path parameter of the area");
    for p in params {
        let env = Env::new();
        env.answer_json(200, json!({}));
        let api = M::build(env.builder()).unwrap();
        for (value, _) in HOSTILE {
            let ctx = format!("{} {value:?}", p.method_name);
            (p.send)(&env, &api, value).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
        }
        let reqs = env.requests();
        assert_eq!(reqs.len(), HOSTILE.len(), "{}", p.method_name);
        for (r, (value, segment)) in reqs.iter().zip(HOSTILE) {
            let ctx = format!("{} {value:?}", p.method_name);
            assert_eq!(r.method.as_str(), p.verb, "{ctx}");
            assert_eq!(r.url.path(), (p.path)(segment), "{ctx}");
            assert_eq!(r.url.query(), None, "{ctx}");
            assert_eq!(r.url.fragment(), None, "{ctx}");
        }
    }
}

/// Empty, `.` and `..` are refused with `InvalidArgument` naming the
/// parameter, and nothing is sent.
pub fn check_refused_params<M: Mode>(params: Vec<PathParam<M>>) {
    let env = Env::new();
    env.answer_json(200, json!({}));
    let api = M::build(env.builder()).unwrap();
    for p in params {
        for value in ["", ".", ".."] {
            let ctx = format!("{} {value:?}", p.method_name);
            match (p.send)(&env, &api, value) {
                Err(grafana_client::Error::InvalidArgument { name, .. }) => {
                    assert_eq!(name, p.param, "{ctx}")
                }
                other => panic!("{ctx}: expected InvalidArgument, got {other:?}"),
            }
        }
    }
    assert!(env.requests().is_empty(), "nothing may be sent");
}
