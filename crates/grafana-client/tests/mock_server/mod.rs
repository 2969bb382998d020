//! The wiremock side of the transport suite: a mock server on its own tokio
//! runtime, and a [`Mode`] that sends one case definition through the async
//! client (`.await` inside `block_on`) and the blocking client (`.send()`
//! on the test thread, outside any runtime).

#![allow(dead_code)]

use grafana_client::models::BuildInfo;
use grafana_client::{
    blocking, Call, Client, ClientBuilder, Endpoint, GrafanaApi, GrafanaVersion, Result,
    RetryPolicy,
};
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request as Recorded, ResponseTemplate};

/// The `User-Agent` the crate sends by default.
pub const UA: &str = concat!("grafana-client-rust/", env!("CARGO_PKG_VERSION"));
/// Secrets that must never show up in any `Debug`/`Display` output.
pub const TOKEN: &str = "glsa_SECRET_TOKEN_123";
pub const BEARER: &str = "Bearer glsa_SECRET_TOKEN_123";
pub const PASSWORD: &str = "hunter2-pass";
pub const HEADER_SECRET: &str = "proxy-secret-value";
pub const PROXY_PASSWORD: &str = "proxy-pass-777";
/// `Basic base64("admin:hunter2-pass")`.
pub const BASIC_ADMIN: &str = "Basic YWRtaW46aHVudGVyMi1wYXNz";
pub const JSON_UTF8: &str = "application/json; charset=utf-8";

/// Runs each generic case `fn name<M: Mode>()` once per client.
macro_rules! both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn async_client() {
                super::$name::<crate::mock_server::Async>()
            }
            #[test]
            fn blocking_client() {
                super::$name::<crate::mock_server::Blocking>()
            }
        }
    )*};
}
pub(crate) use both;

/// A wiremock server and the runtime it runs on.
pub struct Env {
    // Dropped before the runtime.
    pub server: MockServer,
    pub rt: tokio::runtime::Runtime,
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

    /// Forgets the mocks and the recorded requests, then answers every
    /// request with `template`.
    pub fn answer(&self, template: ResponseTemplate) {
        self.reset();
        self.mount(Mock::given(any()).respond_with(template));
    }

    pub fn answer_json(&self, status: u16, body: Value) {
        self.answer(ResponseTemplate::new(status).set_body_json(body));
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
        let seen: Vec<String> = all
            .iter()
            .map(|r| format!("{} {}", r.method, r.url))
            .collect();
        assert_eq!(
            all.len(),
            1,
            "{ctx}: expected exactly one request, got {seen:?}"
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

/// How a case is sent: through the async or the blocking client.
pub trait Mode: 'static {
    type Api: Client + std::fmt::Debug;
    const NAME: &'static str;
    fn build(b: ClientBuilder) -> Result<Self::Api>;
    fn from_url(url: &str) -> Result<Self::Api>;
    fn send<E: Endpoint>(env: &Env, call: Call<Self::Api, E>) -> Result<E::Output>;
    fn with_org_id(api: &Self::Api, org: i64) -> Self::Api;
    fn organization_id(api: &Self::Api) -> Option<i64>;
    fn base_url(api: &Self::Api) -> String;
    fn connect(env: &Env, api: &Self::Api) -> Result<BuildInfo>;
    fn version(env: &Env, api: &Self::Api) -> Result<String>;
    fn get_version(env: &Env, api: &Self::Api) -> Result<GrafanaVersion>;
}

/// The async client, awaited.
pub struct Async;
/// The blocking client, `.send()` on the test thread.
pub struct Blocking;

macro_rules! mode {
    ($mode:ident, $api:ty, $name:literal, |$env:ident, $call:ident| $send:expr, |$e:ident, $f:ident| $block:expr, $build:expr) => {
        impl Mode for $mode {
            type Api = $api;
            const NAME: &'static str = $name;
            fn build(b: ClientBuilder) -> Result<$api> {
                $build(b)
            }
            fn from_url(url: &str) -> Result<$api> {
                <$api>::from_url(url)
            }
            fn send<E: Endpoint>($env: &Env, $call: Call<$api, E>) -> Result<E::Output> {
                $send
            }
            fn with_org_id(api: &$api, org: i64) -> $api {
                api.with_org_id(org)
            }
            fn organization_id(api: &$api) -> Option<i64> {
                api.organization_id()
            }
            fn base_url(api: &$api) -> String {
                api.base_url().to_string()
            }
            fn connect($e: &Env, api: &$api) -> Result<BuildInfo> {
                let $f = api.connect();
                $block
            }
            fn version($e: &Env, api: &$api) -> Result<String> {
                let $f = api.version();
                $block
            }
            fn get_version($e: &Env, api: &$api) -> Result<GrafanaVersion> {
                let $f = api.get_version();
                $block
            }
        }
    };
}

mode!(
    Async,
    GrafanaApi,
    "async",
    |env, call| env.rt.block_on(async move { call.await }),
    |e, f| e.rt.block_on(f),
    |b: ClientBuilder| b.build()
);
mode!(
    Blocking,
    blocking::GrafanaApi,
    "blocking",
    |_env, call| call.send(),
    |_e, f| f,
    |b: ClientBuilder| b.blocking().build()
);

/// A request header as text.
pub fn hdr(req: &Recorded, name: &str) -> Option<String> {
    req.headers
        .get(name)
        .map(|v| v.to_str().expect("ascii header").to_owned())
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
    l.local_addr().expect("addr").port()
}
