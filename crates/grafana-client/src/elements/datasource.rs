use serde::Serialize;
use serde_json::{json, Map, Value};

use super::options::{finish_with, list_body, plain, setters, RequestExt};
use crate::call::{Call, CallOptions, Client, Endpoint, Plain, Request};
use crate::error::{Error, Result};
use crate::models::{
    DataSource, DataSourceHealth, DataSourceId, DataSourceListItem, DataSourcePermission,
    DataSourceSaved, DatasourceHealthResponse, DatasourceIdentifier, Message, QueryRequest,
    QueryResponse, SmartQueryResponse,
};
use crate::path::{ApiPath, PathBuilder};

/// `api.datasource()`: data sources (`/api/datasources`), their health, their
/// permissions and Prometheus-style queries through Grafana's data source proxy.
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// use serde_json::json;
/// let saved = api
///     .datasource()
///     .create_datasource(&json!({
///         "name": "Prometheus",
///         "type": "prometheus",
///         "uid": "prom-main",
///         "url": "http://prometheus:9090",
///         "access": "proxy"
///     }))
///     .await?;
/// let health = api.datasource().health("prom-main").await?;
/// println!("{:?}: {} ({})", saved.id, health.status, health.message);
/// let up = api
///     .datasource()
///     .query()
///     .datasource_uid("prom-main")
///     .query("up")
///     .await?;
/// println!("{}", up["data"]["result"]);
/// api.datasource().delete_datasource_by_uid("prom-main").await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Datasource<C> {
    client: C,
}

/// `api/datasources/{id}`.
fn by_id(datasource_id: i64) -> PathBuilder {
    ApiPath::api()
        .lit("datasources")
        .param("datasource_id", datasource_id.to_string())
}

/// `api/datasources/uid/{uid}`.
fn by_uid(datasource_uid: &str) -> PathBuilder {
    ApiPath::api()
        .lit("datasources/uid")
        .param("datasource_uid", datasource_uid)
}

/// `api/datasources/name/{name}`.
fn by_name(datasource_name: &str) -> PathBuilder {
    ApiPath::api()
        .lit("datasources/name")
        .param("datasource_name", datasource_name)
}

/// `api/access-control/datasources/{uid}`.
fn access_control(datasource_uid: &str) -> PathBuilder {
    ApiPath::api()
        .lit("access-control/datasources")
        .param("datasource_uid", datasource_uid)
}

impl<C: Client> Datasource<C> {
    pub(crate) fn new(client: C) -> Self {
        Datasource { client }
    }

    /// `GET /api/datasources/uid/{uid}/health`: Grafana's own health check of
    /// the data source (Grafana 9+). A failing check is Grafana's status 400
    /// with `{"status": "ERROR", "message": …}`, returned as
    /// [`Error::Api`](crate::Error::Api).
    pub fn health(&self, datasource_uid: &str) -> Call<C, Plain<DataSourceHealth>> {
        plain(
            &self.client,
            Request::get(by_uid(datasource_uid).lit("health")),
        )
    }

    /// `GET /api/datasources/name/{name}`: the same request as
    /// [`get_datasource_by_name`](Self::get_datasource_by_name), under the
    /// Python package's other name.
    pub fn find_datasource(&self, datasource_name: &str) -> Call<C, Plain<DataSource>> {
        self.get_datasource_by_name(datasource_name)
    }

    /// `GET /api/datasources/{id}` (deprecated by Grafana since 9 and off by
    /// default in 13; use [`get_datasource_by_uid`](Self::get_datasource_by_uid)).
    pub fn get_datasource_by_id(&self, datasource_id: i64) -> Call<C, Plain<DataSource>> {
        plain(&self.client, Request::get(by_id(datasource_id)))
    }

    /// `GET /api/datasources/name/{name}`.
    pub fn get_datasource_by_name(&self, datasource_name: &str) -> Call<C, Plain<DataSource>> {
        plain(&self.client, Request::get(by_name(datasource_name)))
    }

    /// `GET /api/datasources/uid/{uid}`.
    pub fn get_datasource_by_uid(&self, datasource_uid: &str) -> Call<C, Plain<DataSource>> {
        plain(&self.client, Request::get(by_uid(datasource_uid)))
    }

    /// `GET /api/datasources/id/{name}`: the numeric id of the named data source.
    pub fn get_datasource_id_by_name(&self, datasource_name: &str) -> Call<C, Plain<DataSourceId>> {
        let path = ApiPath::api()
            .lit("datasources/id")
            .param("datasource_name", datasource_name);
        plain(&self.client, Request::get(path))
    }

    /// One data source by id, uid or name: the request of
    /// [`get_datasource_by_id`](Self::get_datasource_by_id),
    /// [`get_datasource_by_uid`](Self::get_datasource_by_uid) or
    /// [`get_datasource_by_name`](Self::get_datasource_by_name).
    ///
    /// The Python package takes an identifier with three optional fields and
    /// uses the first one set; this takes an enum, so exactly one is given.
    pub fn get(&self, dsident: &DatasourceIdentifier) -> Call<C, Plain<DataSource>> {
        match dsident {
            DatasourceIdentifier::Id(id) => self.get_datasource_by_id(*id),
            DatasourceIdentifier::Uid(uid) => self.get_datasource_by_uid(uid),
            DatasourceIdentifier::Name(name) => self.get_datasource_by_name(name),
        }
    }

    /// `POST /api/datasources`: creates a data source. `datasource` is
    /// Grafana's command (`name`, `type`, `url`, `access`, `uid`, `jsonData`,
    /// `secureJsonData`, …), sent as it is.
    pub fn create_datasource(
        &self,
        datasource: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<DataSourceSaved>> {
        plain(
            &self.client,
            Request::post(ApiPath::api().lit("datasources")).json(datasource),
        )
    }

    /// `PUT /api/datasources/{id}`: replaces a data source's settings (deprecated
    /// by Grafana since 9; use [`update_datasource_by_uid`](Self::update_datasource_by_uid)).
    pub fn update_datasource(
        &self,
        datasource_id: i64,
        datasource: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<DataSourceSaved>> {
        let path = by_id(datasource_id);
        plain(
            &self.client,
            Request::new(http::Method::PUT, path).json(datasource),
        )
    }

    /// `PUT /api/datasources/uid/{uid}`: replaces a data source's settings.
    /// `datasource` is sent as it is (a fetched [`DataSource`] works; include
    /// its `version` for optimistic locking).
    pub fn update_datasource_by_uid(
        &self,
        datasource_uid: &str,
        datasource: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<DataSourceSaved>> {
        let path = by_uid(datasource_uid);
        plain(
            &self.client,
            Request::new(http::Method::PUT, path).json(datasource),
        )
    }

    /// `GET /api/datasources`: the organization's data sources.
    pub fn list_datasources(&self) -> Call<C, Plain<Vec<DataSourceListItem>>> {
        plain(
            &self.client,
            Request::get(ApiPath::api().lit("datasources")),
        )
    }

    /// `DELETE /api/datasources/{id}` (deprecated by Grafana since 9; use
    /// [`delete_datasource_by_uid`](Self::delete_datasource_by_uid)).
    pub fn delete_datasource_by_id(&self, datasource_id: i64) -> Call<C, Plain<Message>> {
        plain(&self.client, Request::delete(by_id(datasource_id)))
    }

    /// `DELETE /api/datasources/name/{name}`. The answer's `id` is the
    /// deleted data source's.
    pub fn delete_datasource_by_name(&self, datasource_name: &str) -> Call<C, Plain<Message>> {
        plain(&self.client, Request::delete(by_name(datasource_name)))
    }

    /// `DELETE /api/datasources/uid/{uid}`.
    pub fn delete_datasource_by_uid(&self, datasource_uid: &str) -> Call<C, Plain<Message>> {
        plain(&self.client, Request::delete(by_uid(datasource_uid)))
    }

    /// `POST /api/datasources/{id}/enable-permissions` with `{}`: the legacy
    /// Enterprise switch, which exists only up to Grafana 10.2.2 (role-based
    /// access control has no switch: permissions always apply).
    ///
    /// The Python package first asks for the server version and refuses above
    /// 10.2.2; this sends the request without asking, and a newer Grafana
    /// answers 404.
    #[deprecated(
        note = "removed in Grafana 10.2.3, where data source permissions always apply; set them with add_datasource_permissions"
    )]
    pub fn enable_datasource_permissions(&self, datasource_id: i64) -> Call<C, Plain<Message>> {
        let path = by_id(datasource_id).lit("enable-permissions");
        plain(&self.client, Request::post(path).json(&json!({})))
    }

    /// `POST /api/datasources/{id}/disable-permissions` with `{}`: the legacy
    /// Enterprise switch, which exists only up to Grafana 10.2.2.
    ///
    /// The Python package first asks for the server version and refuses above
    /// 10.2.2; this sends the request without asking, and a newer Grafana
    /// answers 404.
    #[deprecated(
        note = "removed in Grafana 10.2.3, where data source permissions always apply; remove them with add_datasource_permissions and an empty permission"
    )]
    pub fn disable_datasource_permissions(&self, datasource_id: i64) -> Call<C, Plain<Message>> {
        let path = by_id(datasource_id).lit("disable-permissions");
        plain(&self.client, Request::post(path).json(&json!({})))
    }

    /// `GET /api/access-control/datasources/{uid}`: who may query, edit or
    /// administer the data source (Grafana 10.2+).
    ///
    /// Grafana Enterprise (or Grafana Cloud) only; open-source Grafana answers 404
    /// (only Grafana's newest open-source main branch registers these routes;
    /// no release is known to).
    ///
    /// The Python package sends the legacy `GET /api/datasources/{id}/permissions`
    /// and refuses above Grafana 10.2.2, where that route is gone; this sends
    /// the route that replaced it, which takes the data source's uid.
    pub fn get_datasource_permissions(
        &self,
        datasource_uid: &str,
    ) -> Call<C, Plain<Vec<DataSourcePermission>>> {
        plain(&self.client, Request::get(access_control(datasource_uid)))
    }

    /// `POST /api/access-control/datasources/{uid}`: grants permissions
    /// (Grafana 10.2+), leaving the others as they are.
    ///
    /// Grafana Enterprise (or Grafana Cloud) only; open-source Grafana answers 404
    /// (only Grafana's newest open-source main branch registers these routes;
    /// no release is known to).
    ///
    /// `permissions` is sent as Grafana's `{"permissions": [...]}`: a list is
    /// wrapped, one object becomes a one-item list, and an object that already
    /// has `permissions` is sent as it is. Each entry names a `userId`, a
    /// `teamId` or a `builtInRole`, and a `permission`: `Query`, `Edit`,
    /// `Admin`, or `""` to remove it.
    ///
    /// The Python package posts the legacy `/api/datasources/{id}/permissions`
    /// and refuses above Grafana 10.2.2, where that route is gone; this sends
    /// the route that replaced it, which takes the data source's uid.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// use serde_json::json;
    /// api.datasource()
    ///     .add_datasource_permissions("prom-main", &json!({"teamId": 3, "permission": "Query"}))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn add_datasource_permissions(
        &self,
        datasource_uid: &str,
        permissions: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        let request = Request::post(access_control(datasource_uid))
            .try_json(list_body("permissions", permissions));
        plain(&self.client, request)
    }

    /// `DELETE /api/datasources/{id}/permissions/{permissionId}`: the legacy
    /// Enterprise route, which exists only up to Grafana 10.2.2.
    ///
    /// The Python package first asks for the server version and refuses above
    /// 10.2.2; this sends the request without asking, and a newer Grafana
    /// answers 404.
    #[deprecated(
        note = "removed in Grafana 10.2.3; remove a permission with add_datasource_permissions and an empty permission"
    )]
    pub fn remove_datasource_permissions(
        &self,
        datasource_id: i64,
        permission_id: i64,
    ) -> Call<C, Plain<Message>> {
        let path = by_id(datasource_id)
            .lit("permissions")
            .param("permission_id", permission_id.to_string());
        plain(&self.client, Request::delete(path))
    }

    /// `POST /api/datasources/proxy/…/api/v1/query` or `…/query_range`,
    /// depending on [`query_type`](Call::query_type) (`query`, the default, or
    /// `query_range`): the request of [`query`](Self::query) or
    /// [`query_range`](Self::query_range).
    ///
    /// Options: [`datasource_id`](Call::datasource_id) or
    /// [`datasource_uid`](Call::datasource_uid) (one is required),
    /// [`expr`](Call::expr), [`time`](Call::time), `start`,
    /// [`end`](Call::end), [`step`](Call::step), [`version`](Call::version).
    /// The Python package ignores `version`; here it is the API version in the
    /// path (`v1`).
    #[deprecated(note = "use query, query_range or series, as the Python package advises")]
    pub fn get_datasource_proxy_data(&self) -> Call<C, GetDatasourceProxyData> {
        Call::new(&self.client, GetDatasourceProxyData::default())
    }

    /// `POST /api/datasources/proxy/{id}/api/v1/query` or
    /// `…/proxy/uid/{uid}/api/v1/query`: a Prometheus instant query through
    /// Grafana's data source proxy.
    ///
    /// Options: [`datasource_id`](Call::datasource_id) or
    /// [`datasource_uid`](Call::datasource_uid) (one is required; the id wins
    /// when both are set; unset, nothing is sent), [`query`](Call::query),
    /// [`timestamp`](Call::timestamp), [`access`](Call::access) (the path
    /// segment after `datasources`, `proxy` by default). The answer is
    /// Prometheus's JSON, returned untyped as it depends on the data source.
    ///
    /// The Python package sends the parameters as a form body; this sends them
    /// in the query string of the same POST, which Prometheus reads the same
    /// way (the crate's bodies are JSON).
    pub fn query(&self) -> Call<C, DatasourceQuery> {
        Call::new(&self.client, DatasourceQuery::default())
    }

    /// `POST /api/datasources/proxy/{id}/api/v1/query_range` (or by uid): a
    /// Prometheus range query through Grafana's data source proxy.
    ///
    /// Options: [`datasource_id`](Call::datasource_id) or
    /// [`datasource_uid`](Call::datasource_uid) (one is required),
    /// [`query`](Call::query), `start`, [`end`](Call::end),
    /// [`step`](Call::step), [`access`](Call::access). The answer is returned
    /// untyped. The Python package sends a form body; this sends the
    /// parameters in the query string of the same POST.
    pub fn query_range(&self) -> Call<C, DatasourceQueryRange> {
        Call::new(&self.client, DatasourceQueryRange::default())
    }

    /// `POST /api/datasources/proxy/{id}/api/v1/series` (or by uid): the
    /// Prometheus series matching selectors, through Grafana's data source proxy.
    ///
    /// Options: [`datasource_id`](Call::datasource_id) or
    /// [`datasource_uid`](Call::datasource_uid) (one is required),
    /// [`match_`](Call::match_) (repeatable: one `match[]` each),
    /// `start`, [`end`](Call::end), [`access`](Call::access).
    /// The answer is returned untyped. The Python package sends a form body;
    /// this sends the parameters in the query string of the same POST.
    pub fn series(&self) -> Call<C, DatasourceSeries> {
        Call::new(&self.client, DatasourceSeries::default())
    }

    /// Reads a query answer with a top-level `results` (Grafana's
    /// `/api/ds/query`, InfluxDB): `(success, message)`, the message being the
    /// executed query, `Success`, or what went wrong. No request is sent.
    ///
    /// The Python package raises `KeyError` on some malformed answers; this
    /// returns `(false, reason)` for them.
    ///
    /// ```
    /// # fn run(api: grafana_client::blocking::GrafanaApi) {
    /// let answer = serde_json::json!({"results": {"test": {"refId": "test"}}});
    /// assert_eq!(
    ///     api.datasource().parse_health_response_results(&answer),
    ///     (true, "Success".to_string())
    /// );
    /// # }
    /// ```
    pub fn parse_health_response_results(&self, response: &Value) -> (bool, String) {
        health_results(response)
    }

    /// Reads a query answer with a top-level `data` (Jaeger, Loki label
    /// lists): `(false, errors)` when it has non-empty `errors`, else
    /// `(true, data)`. No request is sent.
    ///
    /// The Python package renders the values as Python literals and raises
    /// `KeyError` without `data`; this renders them as JSON (strings as they
    /// are) and returns `(false, reason)` without `data`.
    pub fn parse_health_response_data(&self, response: &Value) -> (bool, String) {
        health_data(response)
    }
}

/// A JSON value as a message: strings as they are, anything else as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Python's truthiness of a JSON value.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
    }
}

/// The Python type name of a JSON value, for messages the Python package words.
fn python_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

fn health_results(response: &Value) -> (bool, String) {
    const DICT: &str = "FATAL: Unable to decode result from dictionary-type response.";
    const LIST: &str = "FATAL: Unable to decode result from list-type response.";
    match response.get("results") {
        Some(Value::Object(results)) => {
            let Some(result) = results.get("test") else {
                return (false, format!("{DICT} KeyError: 'test'"));
            };
            if let Some(frames) = result.get("frames") {
                let Value::Array(frames) = frames else {
                    return (
                        false,
                        format!(
                            "{DICT} TypeError: DataFrame response detected, but 'frames' is not a list"
                        ),
                    );
                };
                let message = frames
                    .first()
                    .and_then(|f| f.pointer("/schema/meta/executedQueryString"))
                    .map_or_else(|| "Success".to_owned(), text);
                (true, message)
            } else if result.get("refId").is_some() {
                let message = result
                    .pointer("/meta/executedQueryString")
                    .map_or_else(|| "Success".to_owned(), text);
                (true, message)
            } else {
                (false, format!("{DICT} TypeError: Invalid response format"))
            }
        }
        Some(Value::Array(results)) => match results.first() {
            None => (false, format!("{LIST} IndexError: list index out of range")),
            Some(result) => {
                if let Some(error) = result.get("error") {
                    (false, text(error))
                } else if let Some(missing) = ["statement_id", "series"]
                    .into_iter()
                    .find(|k| result.get(k).is_none())
                {
                    (false, format!("{LIST} KeyError: '{missing}'"))
                } else {
                    (true, "Success".to_owned())
                }
            }
        },
        Some(other) => (
            false,
            format!(
                "FATAL: Unknown response type '<class '{}'>'. Expected: dictionary or list.",
                python_type(other)
            ),
        ),
        None => (false, "FATAL: Response lacks the key 'results'".to_owned()),
    }
}

fn health_data(response: &Value) -> (bool, String) {
    let Some(data) = response.get("data") else {
        return (false, "FATAL: Response lacks the key 'data'".to_owned());
    };
    match response.get("errors") {
        Some(errors) if truthy(errors) => (false, text(errors)),
        _ => (true, text(data)),
    }
}

/// Where a proxied Prometheus call goes: `api/datasources/{access}/{id}` or
/// `api/datasources/{access}/uid/{uid}`, then `api/{version}/{route}`.
#[derive(Debug, Default, Clone)]
struct ProxyTarget {
    datasource_id: Option<i64>,
    datasource_uid: Option<String>,
    access: Option<String>,
}

impl ProxyTarget {
    fn request(&self, version: &str, route: &'static str) -> Request {
        let access = self.access.as_deref().unwrap_or("proxy");
        let base = ApiPath::api().lit("datasources").param("access", access);
        let target = match (self.datasource_id, &self.datasource_uid) {
            (Some(id), _) => base.param("datasource_id", id.to_string()),
            (None, Some(uid)) => base.lit("uid").param("datasource_uid", uid),
            (None, None) => base.invalid(
                "datasource_id",
                "either datasource_id or datasource_uid must be set".to_owned(),
            ),
        };
        Request::post(target.lit("api").param("version", version).lit(route))
    }
}

/// [`Datasource::query`]'s endpoint and options.
#[derive(Serialize, Default, Clone, Debug)]
pub struct DatasourceQuery {
    #[serde(skip)]
    target: ProxyTarget,
    query: Option<String>,
    #[serde(rename = "time")]
    timestamp: Option<String>,
}

/// [`Datasource::query_range`]'s endpoint and options.
#[derive(Serialize, Default, Clone, Debug)]
pub struct DatasourceQueryRange {
    #[serde(skip)]
    target: ProxyTarget,
    query: Option<String>,
    start: Option<String>,
    end: Option<String>,
    step: Option<String>,
}

/// [`Datasource::series`]'s endpoint and options.
#[derive(Serialize, Default, Clone, Debug)]
pub struct DatasourceSeries {
    #[serde(skip)]
    target: ProxyTarget,
    #[serde(rename = "match[]")]
    matches: Vec<String>,
    start: Option<String>,
    end: Option<String>,
}

/// [`Datasource::get_datasource_proxy_data`]'s endpoint and options.
#[derive(Default, Clone, Debug)]
pub struct GetDatasourceProxyData {
    target: ProxyTarget,
    query_type: Option<String>,
    version: Option<String>,
    expr: Option<String>,
    time: Option<String>,
    start: Option<String>,
    end: Option<String>,
    step: Option<String>,
}

/// The data source addressing options shared by the proxied queries.
macro_rules! proxy_target_options {
    ($($endpoint:ty),*) => {$(
        setters! { $endpoint;
            /// The data source, by numeric id (wins over a uid).
            datasource_id => target.datasource_id: value i64;
            /// The data source, by uid.
            datasource_uid => target.datasource_uid: into String;
            /// The path segment after `datasources` (`proxy`, the default).
            /// Grafana registers only `proxy/:id/*` and `proxy/uid/:uid/*`
            /// (`registerRoutes`), so another value is answered 404.
            access => target.access: into String;
        }
    )*};
}

proxy_target_options!(
    DatasourceQuery,
    DatasourceQueryRange,
    DatasourceSeries,
    GetDatasourceProxyData
);

setters! { DatasourceQuery;
    /// The PromQL expression.
    query: into String;
    /// Evaluation time (`time`): RFC 3339 or Unix seconds; the server's
    /// current time when absent.
    timestamp: text String;
}

impl Endpoint for DatasourceQuery {
    type Output = Value;

    fn into_request(self) -> Request {
        self.target.request("v1", "query").query_options(&self)
    }
}

setters! { DatasourceQueryRange;
    /// The PromQL expression.
    query: into String;
    /// Range start: RFC 3339 or Unix seconds.
    start: text String;
    /// Range end: RFC 3339 or Unix seconds.
    end: text String;
    /// Resolution: a duration (`15s`) or seconds.
    step: text String;
}

impl Endpoint for DatasourceQueryRange {
    type Output = Value;

    fn into_request(self) -> Request {
        self.target
            .request("v1", "query_range")
            .query_options(&self)
    }
}

setters! { DatasourceSeries;
    /// A series selector (`up{job="api"}`); call it again for more, each is
    /// sent as its own `match[]`.
    match_ => matches: push String;
    /// Range start: RFC 3339 or Unix seconds.
    start: text String;
    /// Range end: RFC 3339 or Unix seconds.
    end: text String;
}

impl Endpoint for DatasourceSeries {
    type Output = Value;

    fn into_request(self) -> Request {
        self.target.request("v1", "series").query_options(&self)
    }
}

setters! { GetDatasourceProxyData;
    /// `query` (the default) or `query_range`; anything else is refused unsent.
    query_type: into String;
    /// The API version in the path (`v1`, the default).
    version: into String;
    /// The PromQL expression.
    expr: into String;
    /// Evaluation time of an instant query.
    time: text String;
    /// Range start of a range query.
    start: text String;
    /// Range end of a range query.
    end: text String;
    /// Resolution of a range query.
    step: text String;
}

impl Endpoint for GetDatasourceProxyData {
    type Output = Value;

    /// The instant or range query's endpoint, with the options that kind reads.
    fn into_request(self) -> Request {
        let version = self.version.as_deref().unwrap_or("v1");
        let query = self.expr;
        let target = ProxyTarget::default(); // not serialized
        match self.query_type.as_deref().unwrap_or("query") {
            "query" => self
                .target
                .request(version, "query")
                .query_options(&DatasourceQuery {
                    target,
                    query,
                    timestamp: self.time,
                }),
            "query_range" => {
                let range = DatasourceQueryRange {
                    target,
                    query,
                    start: self.start,
                    end: self.end,
                    step: self.step,
                };
                self.target
                    .request(version, "query_range")
                    .query_options(&range)
            }
            other => {
                let path = ApiPath::api().lit("datasources").invalid(
                    "query_type",
                    format!("must be `query` or `query_range`, not `{other}`"),
                );
                Request::post(path)
            }
        }
    }
}

// ---------------------------------------------------------------------------
// `POST /api/ds/query` and the Python package's query and health helpers.

impl<C: Client> Datasource<C> {
    /// `POST /api/ds/query`: runs queries through Grafana's data source
    /// query API and returns every refId's result with its data frames.
    ///
    /// The Python package's `query` is its Prometheus proxy query (here
    /// [`query`](Self::query)); this method, which the Python package does
    /// not have, is named after the route.
    ///
    /// Grafana answers HTTP 400 with the whole result body when any refId
    /// failed: that comes back as `Ok`, with the failures in
    /// [`QueryResponse::errors`] (and the other refIds' frames intact). Any
    /// other error status is an [`Error::Api`](crate::Error::Api): 400
    /// `No queries found`, `bad request data`, 404 `Data source not found`,
    /// 403, 500 `Query data error`. A query given to
    /// [`QueryRequest::query`] that is not a JSON object is refused before
    /// sending ([`Error::InvalidArgument`](crate::Error::InvalidArgument)).
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// use grafana_client::models::QueryRequest;
    /// use serde_json::json;
    ///
    /// let request = QueryRequest::new("now-1h", "now")
    ///     .interval_ms(60_000)
    ///     .max_data_points(60)
    ///     .query(json!({
    ///         "refId": "A",
    ///         "datasource": {"type": "prometheus", "uid": "prom-main"},
    ///         "expr": "sum(rate(http_requests_total[5m]))",
    ///     }));
    /// let answer = api.datasource().ds_query(&request).await?;
    /// for (ref_id, error) in answer.errors() {
    ///     eprintln!("{ref_id} failed: {error}");
    /// }
    /// for (ref_id, frame) in answer.frames() {
    ///     for column in frame.columns() {
    ///         println!("{ref_id} {}: {} values", column.name, column.values.len());
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn ds_query(&self, request: &QueryRequest) -> Call<C, Plain<QueryResponse>> {
        let body = match request.invalid_reason() {
            Some(reason) => Err(Error::invalid_argument("queries", reason)),
            None => Ok(request),
        };
        let path = ApiPath::api().lit("ds/query");
        plain(
            &self.client,
            Request::post(path).try_json(body).query_results(),
        )
    }

    /// The client's default per-call options, for the multi-request helpers.
    fn options(&self) -> CallOptions {
        CallOptions {
            org_id: self.client.default_org_id(),
            ..CallOptions::default()
        }
    }

    /// The Python package's `smartquery`: sends `expression` to the data
    /// source the way its type needs, one request, and returns the answer.
    ///
    /// - InfluxDB with InfluxQL (the default dialect): `POST
    ///   /api/datasources/proxy/uid/{uid}/query?epoch=ms&db=…&q=…`.
    /// - Graphite: `POST /api/datasources/proxy/uid/{uid}/render?target=…`
    ///   (last 5 minutes unless the `time_from`/`time_to` attributes say
    ///   otherwise, Graphite's own time syntax).
    /// - An expression `url:///path/{datasource_id}/{datasource_uid}/{database_name}`:
    ///   `GET /api/path/…` with the placeholders filled in (each an encoded
    ///   path segment).
    /// - Everything else: `POST /api/ds/query` over the last 5 minutes (or
    ///   [`time_from`](Call::time_from)/[`time_to`](Call::time_to)), with one
    ///   query, refId `test`. Prometheus, Loki, SQL (PostgreSQL, MySQL,
    ///   MSSQL, Redshift, ClickHouse) and InfluxDB Flux get the query fields
    ///   and defaults of the Python package's `query_factory` (`expr`,
    ///   `rawSql`, `intervalMs`, …); other types get `{"refId": "test",
    ///   "datasource": {type, uid}, "query": expression}`. Extra fields:
    ///   [`attr`](Call::attr).
    ///
    /// The answer is [`SmartQueryResponse::Query`] for `/api/ds/query`
    /// (failed refIds included, as in [`ds_query`](Self::ds_query)) and
    /// [`SmartQueryResponse::Other`] for the other routes.
    ///
    /// Differences from the Python package: it takes a fetched
    /// [`DataSource`] (fetch one with [`get`](Self::get)); proxy routes go by
    /// uid (the id when there is no uid) instead of the deprecated id; its
    /// branch for Grafana 7.0 and older (which fails there with
    /// `KeyError('expr')`) is not ported, so the server version is not asked
    /// for; its `url://` branch, which never runs in Python (those types post
    /// an empty body to `/api/ds/query` instead), runs here; types it does
    /// not know are queried through `/api/ds/query` instead of raising.
    /// Refused before sending: an empty expression, a data source with
    /// `direct` access, a proxy route without uid or id.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// use grafana_client::models::{DatasourceIdentifier, SmartQueryResponse};
    /// let prom = api
    ///     .datasource()
    ///     .get(&DatasourceIdentifier::Uid("prom-main".into()))
    ///     .await?;
    /// let answer = api.datasource().smartquery(&prom, "1+1").attr("instant", true).await?;
    /// if let SmartQueryResponse::Query(q) = answer {
    ///     println!("{:?}", q.result("test").map(|r| r.is_ok()));
    /// }
    /// # Ok(()) }
    /// ```
    pub fn smartquery(&self, datasource: &DataSource, expression: &str) -> Call<C, SmartQuery> {
        Call::new(
            &self.client,
            SmartQuery {
                datasource: datasource.clone(),
                expression: expression.to_owned(),
                attrs: Map::new(),
                time_from: None,
                time_to: None,
            },
        )
    }

    /// The Python package's `health_check`: a client-side health check that
    /// sends a per-type probe through [`smartquery`](Self::smartquery) (`1+1`
    /// for Prometheus, `SELECT 1` for SQL, the data source itself for
    /// TestData, …) and reads the answer. A failing data source is not an
    /// error: the report says `success: false`, `status: "ERROR"` and why.
    ///
    /// Errors: a type without a probe, or `direct` access
    /// ([`Error::InvalidArgument`](crate::Error::InvalidArgument), nothing
    /// sent); transport failures other than a timeout (a timeout is a failed
    /// check, as in Python).
    ///
    /// Differences from the Python package: it takes a fetched
    /// [`DataSource`]; Loki is read the same way on every Grafana version
    /// (Python's branch for Grafana 7.x reads a field its own query never
    /// returns); Zipkin is healthy when it lists services (Python wants an
    /// empty list); TestData is known under its current type
    /// `grafana-testdata-datasource` as well as `testdata`, and PostgreSQL as
    /// `grafana-postgresql-datasource`; a refId error inside a 200 answer
    /// fails the check.
    ///
    /// ```no_run
    /// # fn run(api: grafana_client::blocking::GrafanaApi) -> grafana_client::Result<()> {
    /// use grafana_client::models::DatasourceIdentifier;
    /// let ds = api.datasource().get(&DatasourceIdentifier::Uid("pg".into())).send()?;
    /// let health = api.datasource().health_check(&ds).send()?;
    /// println!("{} {} in {:?}s", health.status, health.message, health.duration);
    /// # Ok(()) }
    /// ```
    pub fn health_check(&self, datasource: &DataSource) -> Call<C, HealthCheck> {
        Call {
            client: self.client.clone(),
            endpoint: HealthCheck {
                datasource: datasource.clone(),
            },
            options: self.options(),
        }
    }

    /// The Python package's `health_inquiry`: fetches the data source
    /// (`GET /api/datasources/uid/{uid}`), asks Grafana's own check
    /// ([`health`](Self::health)) and, when Grafana has none for it (404 or
    /// 503, as Grafana before 9 and some plugins answer), runs
    /// [`health_check`](Self::health_check).
    ///
    /// An unknown uid is a report with `success: false`, `type: None` and
    /// Grafana's message, not an error. Grafana's check failing with 400 is
    /// `ERROR` with its message (prefixed with `[code]` when it sends one);
    /// with another 5xx, `FATAL`. Other error statuses are returned as
    /// errors.
    ///
    /// Differences from the Python package: the server version is not asked
    /// for first (a Grafana before 9 answers the health route with 404, which
    /// falls back the same way), and the data source is not fetched a second
    /// time for the fallback.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// let health = api.datasource().health_inquiry("prom-main").await?;
    /// assert_eq!(health.success, health.status == "OK");
    /// # Ok(()) }
    /// ```
    pub fn health_inquiry(&self, datasource_uid: &str) -> Call<C, HealthInquiry> {
        Call {
            client: self.client.clone(),
            endpoint: HealthInquiry {
                datasource_uid: datasource_uid.to_owned(),
            },
            options: self.options(),
        }
    }
}

/// [`Datasource::smartquery`]'s endpoint and options.
#[derive(Debug, Clone)]
pub struct SmartQuery {
    datasource: DataSource,
    expression: String,
    attrs: Map<String, Value>,
    time_from: Option<i64>,
    time_to: Option<i64>,
}

impl<C: Client> Call<C, SmartQuery> {
    /// Sets a field of the query (the Python package's `attrs`): for
    /// Prometheus `instant`, `format`, `intervalMs`, `legendFormat`, …; for
    /// SQL `format`; for any other type, any field its queries read
    /// (`scenarioId` for TestData). `query` replaces the expression.
    pub fn attr(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.endpoint.attrs.insert(name.into(), value.into());
        self
    }
}

setters! { SmartQuery;
    /// Start of the range, Unix seconds (default: 5 minutes before `time_to`).
    time_from: value i64;
    /// End of the range, Unix seconds (default: now).
    time_to: value i64;
}

/// A field of a query and its default (the Python package's `attrs` tables
/// in `knowledge.py` `query_factory`). `choices`: the only values a caller
/// may set (others keep the default).
struct QueryAttr {
    name: &'static str,
    default: fn() -> Value,
    choices: &'static [&'static str],
}

const fn attr(name: &'static str, default: fn() -> Value) -> QueryAttr {
    QueryAttr {
        name,
        default,
        choices: &[],
    }
}

fn none() -> Value {
    Value::Null
}

const PROMETHEUS_ATTRS: &[QueryAttr] = &[
    QueryAttr {
        name: "format",
        default: || json!("time_series"),
        choices: &["time_series", "table", "heatmap"],
    },
    attr("hide", || json!(false)),
    attr("instant", || json!(false)),
    attr("interval", || json!("")),
    attr("intervalFactor", none),
    attr("intervalMs", || json!(30000)),
    attr("legendFormat", || json!("")),
    attr("maxDataPoints", none),
    attr("queryType", || json!("timeSeriesQuery")),
    attr("refId", || json!("test")),
    attr("requestId", || json!("0test")),
    attr("step", || json!(300)),
    attr("utcOffsetSec", || json!(0)),
];

const LOKI_ATTRS: &[QueryAttr] = &[
    attr("intervalMs", || json!(60000)),
    attr("legendFormat", || json!("")),
    attr("maxLines", || json!(1000)),
    attr("maxDataPoints", || json!(1441)),
    attr("queryType", || json!("range")),
    attr("refId", || json!("test")),
    attr("resolution", || json!(1)),
];

const SQL_ATTRS: &[QueryAttr] = &[
    QueryAttr {
        name: "format",
        default: || json!("time_series"),
        choices: &["time_series", "table"],
    },
    attr("intervalMs", || json!(30000)),
    attr("maxDataPoints", || json!(1441)),
    attr("refId", none),
];

/// Redshift and ClickHouse: `format` is 0 or 1.
const NUMERIC_FORMAT_SQL_ATTRS: &[QueryAttr] = &[
    attr("intervalMs", || json!(30000)),
    attr("maxDataPoints", || json!(1441)),
    attr("refId", none),
    attr("builderOptions", none),
];

const FLUX_ATTRS: &[QueryAttr] = &[
    attr("intervalMs", || json!(30000)),
    attr("maxDataPoints", || json!(1441)),
    attr("refId", || json!("test")),
];

/// The query object and its field table for an `/api/ds/query` type, or
/// `None` for the generic query.
fn typed_query(
    ds: &DataSource,
    dialect: &str,
    expression: Value,
) -> Option<(Map<String, Value>, &'static [QueryAttr])> {
    let (key, attrs, format_default): (&str, &'static [QueryAttr], Option<Value>) = match ds
        .kind
        .as_str()
    {
        "prometheus" => ("expr", PROMETHEUS_ATTRS, None),
        "loki" => ("expr", LOKI_ATTRS, None),
        "postgres" | "mssql" | "mysql" | "grafana-postgresql-datasource" => {
            ("rawSql", SQL_ATTRS, None)
        }
        "grafana-redshift-datasource" => ("rawSQL", NUMERIC_FORMAT_SQL_ATTRS, Some(json!(0))),
        "grafana-clickhouse-datasource" => ("rawSql", NUMERIC_FORMAT_SQL_ATTRS, Some(json!("0"))),
        "influxdb" if dialect == "Flux" => ("query", FLUX_ATTRS, None),
        _ => return None,
    };
    let mut query = Map::new();
    query.insert("datasource".into(), json!({"type": ds.kind, "uid": ds.uid}));
    if let Some(id) = ds.id {
        query.insert("datasourceId".into(), json!(id));
    }
    query.insert(key.into(), expression);
    if let Some(format) = format_default {
        query.insert("format".into(), format);
    }
    Some((query, attrs))
}

/// The InfluxDB dialect: `jsonData.version`, InfluxQL by default.
fn influx_dialect(ds: &DataSource) -> &str {
    ds.json_data
        .as_ref()
        .and_then(|j| j.get("version"))
        .and_then(Value::as_str)
        .unwrap_or("InfluxQL")
}

/// `api/datasources/proxy/uid/{uid}` (or `…/proxy/{id}` without a uid).
fn proxy_base(ds: &DataSource) -> PathBuilder {
    let base = ApiPath::api().lit("datasources/proxy");
    match (ds.uid.is_empty(), ds.id) {
        (false, _) => base.lit("uid").param("datasource_uid", &ds.uid),
        (true, Some(id)) => base.param("datasource_id", id.to_string()),
        (true, None) => base.invalid(
            "datasource",
            "has neither a uid nor an id to reach its proxy".to_owned(),
        ),
    }
}

/// A `url:///…` expression's request: each placeholder and each other
/// segment is one encoded path segment; the query string is split into pairs.
fn url_request(ds: &DataSource, template: &str) -> Request {
    let (path, query) = template.split_once('?').unwrap_or((template, ""));
    let mut builder = ApiPath::api();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        builder = match segment {
            "{datasource_id}" => match ds.id {
                Some(id) => builder.param("datasource_id", id.to_string()),
                None => builder.invalid("datasource", "has no id".to_owned()),
            },
            "{datasource_uid}" => builder.param("datasource_uid", &ds.uid),
            "{database_name}" => match database(ds) {
                Some(db) => builder.param("database_name", db),
                None => builder.invalid("datasource", "has no database".to_owned()),
            },
            other => builder.param("path", other),
        };
    }
    let mut request = Request::get(builder);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        request = request.query(k, v);
    }
    request
}

/// The data source's database: `database`, or `jsonData.database` where
/// newer Grafana keeps it.
fn database(ds: &DataSource) -> Option<&str> {
    ds.database
        .as_deref()
        .filter(|d| !d.is_empty())
        .or_else(|| {
            ds.json_data
                .as_ref()
                .and_then(|j| j.get("database"))
                .and_then(Value::as_str)
                .filter(|d| !d.is_empty())
        })
}

fn now_unix_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Refuses the request before sending, with this reason.
fn refused(reason: String) -> Request {
    Request::post(ApiPath::api().lit("ds/query").invalid("datasource", reason))
}

impl Endpoint for SmartQuery {
    type Output = SmartQueryResponse;

    fn into_request(self) -> Request {
        let SmartQuery {
            datasource: ds,
            expression,
            attrs,
            time_from,
            time_to,
        } = self;
        // The model: refId `test`, the expression as `query` unless the
        // attributes set one, then the attributes.
        let mut model = Map::new();
        model.insert("refId".into(), json!("test"));
        if !attrs.contains_key("query") {
            model.insert("query".into(), json!(expression));
        }
        model.extend(attrs);
        let query_text = model.get("query").cloned().unwrap_or(Value::Null);
        if expression.is_empty() && !truthy(&query_text) {
            return Request::post(
                ApiPath::api()
                    .lit("ds/query")
                    .invalid("expression", "must not be empty".to_owned()),
            );
        }
        if let Some(template) = query_text.as_str().and_then(|q| q.strip_prefix("url://")) {
            return url_request(&ds, template);
        }
        let dialect = influx_dialect(&ds).to_owned();
        if ds.kind == "influxdb" && dialect == "InfluxQL" {
            let mut request = Request::post(proxy_base(&ds).lit("query")).query("epoch", "ms");
            if let Some(db) = model
                .get("database")
                .and_then(Value::as_str)
                .or_else(|| database(&ds))
            {
                request = request.query("db", db);
            }
            return request.query("q", text(&query_text));
        }
        if ds.kind == "graphite" {
            let graphite_time =
                |key: &str, default: &str| model.get(key).map_or_else(|| default.to_owned(), text);
            return Request::post(proxy_base(&ds).lit("render"))
                .query("target", text(&query_text))
                .query("from", graphite_time("time_from", "-5m"))
                .query("until", graphite_time("time_to", "now"))
                .query("format", "json")
                .query("maxDataPoints", 300);
        }
        let access = ds.access.as_deref().unwrap_or("proxy");
        if !matches!(access, "server" | "proxy") {
            return refused(format!(
                "cannot be queried through Grafana with access type `{access}`"
            ));
        }
        let query = match typed_query(&ds, &dialect, query_text) {
            Some((mut query, table)) => {
                for field in table {
                    let value = match model.get(field.name) {
                        Some(v)
                            if field.choices.is_empty()
                                || v.as_str().is_some_and(|s| field.choices.contains(&s)) =>
                        {
                            v.clone()
                        }
                        _ => (field.default)(),
                    };
                    if !value.is_null() {
                        query.insert(field.name.into(), value);
                    }
                }
                query
            }
            None => {
                let mut query = model.clone();
                query.insert("datasource".into(), json!({"type": ds.kind, "uid": ds.uid}));
                query.remove("time_from");
                query.remove("time_to");
                query
            }
        };
        let to = time_to.unwrap_or_else(now_unix_seconds);
        let from = if query.get("instant").is_some_and(truthy) {
            to
        } else {
            time_from.unwrap_or(to.saturating_sub(5 * 60))
        };
        let body = json!({
            "queries": [Value::Object(query)],
            "from": from.saturating_mul(1000).to_string(),
            "to": to.saturating_mul(1000).to_string(),
        });
        Request::post(ApiPath::api().lit("ds/query"))
            .json(&body)
            .query_results()
    }
}

/// The probe `health_check` sends for a data source type (the Python
/// package's `knowledge.py` `HEALTHCHECK_EXPRESSION_MAP`, plus the current
/// type names of TestData and PostgreSQL).
fn health_expression(kind: &str, dialect: Option<&str>) -> Option<&'static str> {
    Some(match (kind, dialect) {
        ("influxdb", Some("Flux")) => "buckets()",
        ("elasticsearch", _) => "url:///datasources/proxy/{datasource_id}/{database_name}/_mapping",
        ("fetzerch-sunandmoon-datasource", _) => "url:///datasources/uid/{datasource_uid}",
        ("grafana-simple-json-datasource" | "simpod-json-datasource", _) => {
            "url:///datasources/proxy/{datasource_id}"
        }
        ("graphite", _) => "random-walk.count;dc=asia-1;app=collector;server=000",
        ("influxdb" | "influxdb+influxql", _) => "SHOW RETENTION POLICIES on _internal",
        ("influxdb+flux", _) => "buckets()",
        ("jaeger", _) => "url:///datasources/proxy/{datasource_id}/api/services",
        ("loki", _) => r#"count_over_time({job=~".+"} [5m])"#,
        ("mssql" | "mysql" | "postgres" | "grafana-postgresql-datasource", _) => "SELECT 1",
        ("opentsdb", _) => {
            "url:///datasources/proxy/{datasource_id}/api/suggest?type=metrics&q=cpu&max=100"
        }
        ("prometheus", _) => "1+1",
        ("tempo", _) => "url:///datasources/proxy/{datasource_id}/api/echo",
        ("testdata" | "grafana-testdata-datasource", _) => {
            "url:///datasources/uid/{datasource_uid}"
        }
        ("zipkin", _) => "url:///datasources/proxy/{datasource_id}/api/v2/services",
        _ => return None,
    })
}

/// [`Datasource::health_check`]'s endpoint.
#[derive(Debug, Clone)]
pub struct HealthCheck {
    datasource: DataSource,
}

/// [`Datasource::health_inquiry`]'s endpoint.
#[derive(Debug, Clone)]
pub struct HealthInquiry {
    datasource_uid: String,
}

/// Seconds rounded to 0.1 ms, as the Python package reports durations.
fn seconds(elapsed: std::time::Duration) -> f64 {
    (elapsed.as_secs_f64() * 10_000.0).round() / 10_000.0
}

/// A report.
fn report(
    ds_uid: &str,
    kind: Option<&str>,
    success: bool,
    message: String,
    duration: Option<f64>,
    response: Option<Value>,
) -> DatasourceHealthResponse {
    DatasourceHealthResponse {
        uid: ds_uid.to_owned(),
        type_: kind.map(str::to_owned),
        success,
        status: if success { "OK" } else { "ERROR" }.to_owned(),
        message,
        duration,
        response,
    }
}

/// The first key of `path` missing in `value`, Python's `KeyError` text.
fn missing_key(value: &Value, path: &[&str]) -> Option<String> {
    let mut v = value;
    for key in path {
        match v.get(key) {
            Some(next) => v = next,
            None => return Some(format!("Invalid response. KeyError: '{key}'")),
        }
    }
    None
}

/// Reads a probe's answer: `(success, message)`.
fn judge_answer(ds: &DataSource, answer: &SmartQueryResponse) -> (bool, String) {
    let value = answer.to_value();
    match ds.kind.as_str() {
        "elasticsearch" => {
            let db = database(ds).unwrap_or("");
            match value.get(db) {
                Some(mapping) => match missing_key(mapping, &["mappings", "properties"]) {
                    Some(m) => (false, m),
                    None => (true, "Success".into()),
                },
                None => (false, format!("No response for database '{db}'")),
            }
        }
        "fetzerch-sunandmoon-datasource" | "testdata" | "grafana-testdata-datasource" => {
            let mut keys: Vec<&[&str]> = vec![&["id"], &["uid"]];
            if ds.kind == "fetzerch-sunandmoon-datasource" {
                keys.push(&["jsonData", "latitude"]);
                keys.push(&["jsonData", "longitude"]);
            }
            match keys.iter().find_map(|k| missing_key(&value, k)) {
                Some(m) => (false, m),
                None => (true, "Success".into()),
            }
        }
        "graphite" => match value.get(0) {
            None => (
                false,
                "Invalid response. IndexError: list index out of range".into(),
            ),
            Some(first) => match ["target", "datapoints"]
                .into_iter()
                .find_map(|k| missing_key(first, &[k]))
            {
                Some(m) => (false, m),
                None => (true, "Success".into()),
            },
        },
        "opentsdb" | "tempo" => (true, "Success".into()),
        "zipkin" => match value {
            Value::Array(_) => (true, "Success".into()),
            _ => (false, "Invalid response: not a list of services".into()),
        },
        kind => {
            // A refId error inside the answer (Grafana's 400 with results).
            if let Some(error) = answer
                .as_query()
                .and_then(|q| q.results.values().find_map(|r| r.error.clone()))
            {
                return (false, error);
            }
            if kind == "loki" {
                if value.pointer("/results/test").is_some() {
                    return (true, "Success".into());
                }
                return match value.get("message") {
                    Some(m) => (false, text(m)),
                    None => (false, "Unknown error".into()),
                };
            }
            if value.get("results").is_some() {
                health_results(&value)
            } else if value.get("data").is_some() {
                health_data(&value)
            } else {
                (
                    false,
                    "Response lacks expected keys 'results' or 'data'".into(),
                )
            }
        }
    }
}

/// Reads an error answer to a probe: the message, or `Err` for an
/// Elasticsearch error it cannot read (Python raises `ValueError`).
fn judge_error(ds: &DataSource, error: &crate::ApiError) -> (String, Option<Value>) {
    let crate::ErrorBody::Json(body) = &error.body else {
        return (error.to_string(), None);
    };
    let message = if ds.kind == "elasticsearch" && body.get("error").is_some() {
        let status = body.get("status").map(text).unwrap_or_default();
        match body.pointer("/error/root_cause/0") {
            Some(cause) => format!(
                "Status: {status}. Type: {}. Reason: {}",
                cause.get("type").map(text).unwrap_or_default(),
                cause.get("reason").map(text).unwrap_or_default()
            ),
            None => body.get("error").map(text).unwrap_or_default(),
        }
    } else if let Some(m) = body.get("message").filter(|_| ds.kind == "elasticsearch") {
        text(m)
    } else if let Some(e) = body.pointer("/results/test/error") {
        text(e)
    } else {
        format!("Unknown: {error}. Response: {body}")
    };
    (message, Some(body.clone()))
}

async fn run_health_check<C: Client>(
    client: &C,
    options: &CallOptions,
    ds: &DataSource,
) -> Result<DatasourceHealthResponse> {
    let access = ds.access.as_deref().unwrap_or("proxy");
    if !matches!(access, "server" | "proxy") {
        return Err(Error::invalid_argument(
            "datasource",
            format!("cannot be checked through Grafana with access type `{access}`"),
        ));
    }
    let dialect = ds
        .json_data
        .as_ref()
        .and_then(|j| j.get("version"))
        .and_then(Value::as_str);
    let Some(expression) = health_expression(&ds.kind, dialect) else {
        return Err(Error::invalid_argument(
            "datasource",
            format!("no health check is known for type `{}`", ds.kind),
        ));
    };
    let probe = SmartQuery {
        datasource: ds.clone(),
        expression: expression.to_owned(),
        attrs: Map::new(),
        time_from: None,
        time_to: None,
    };
    let start = std::time::Instant::now();
    let outcome: Result<SmartQueryResponse> =
        client.core().execute(probe.into_request(), options).await;
    let duration = Some(seconds(start.elapsed()));
    let kind = Some(ds.kind.as_str());
    Ok(match outcome {
        Ok(answer) => {
            let (success, message) = judge_answer(ds, &answer);
            report(
                &ds.uid,
                kind,
                success,
                message,
                duration,
                Some(answer.to_value()),
            )
        }
        Err(Error::Api(e)) => {
            let (message, body) = judge_error(ds, &e);
            report(&ds.uid, kind, false, message, duration, body)
        }
        Err(e @ Error::Timeout { .. }) => {
            report(&ds.uid, kind, false, e.to_string(), duration, None)
        }
        Err(e) => return Err(e),
    })
}

/// The JSON body of an error answer.
fn json_body(error: &crate::ApiError) -> Option<Value> {
    match &error.body {
        crate::ErrorBody::Json(v) => Some(v.clone()),
        _ => None,
    }
}

async fn run_health_inquiry<C: Client>(
    client: &C,
    options: &CallOptions,
    uid: &str,
) -> Result<DatasourceHealthResponse> {
    let core = client.core();
    let ds: DataSource = match core.execute(Request::get(by_uid(uid)), options).await {
        Ok(ds) => ds,
        Err(Error::Api(e)) if e.status == http::StatusCode::NOT_FOUND => {
            let body = json_body(&e);
            let message = e.message.clone().unwrap_or_else(|| e.to_string());
            return Ok(report(uid, None, false, message, None, body));
        }
        Err(e) => return Err(e),
    };
    let start = std::time::Instant::now();
    let native: Result<Value> = core
        .execute(Request::get(by_uid(uid).lit("health")), options)
        .await;
    let duration = || Some(seconds(start.elapsed()));
    let kind = Some(ds.kind.as_str());
    match native {
        Ok(body) => {
            let status = body.get("status").map(text).unwrap_or_default();
            let message = body.get("message").map(text).unwrap_or_default();
            let mut r = report(uid, kind, status == "OK", message, duration(), Some(body));
            r.status = status;
            Ok(r)
        }
        Err(Error::Api(e)) => {
            let status = e.status.as_u16();
            let body = json_body(&e);
            let code = body.as_ref().and_then(|b| b.get("code")).map(text);
            let with_code = |m: String| match &code {
                Some(c) => format!("[{c}] {m}"),
                None => m,
            };
            if status == 404 || status == 503 {
                return run_health_check(client, options, &ds).await;
            }
            if status == 400 {
                let field = |k: &str| body.as_ref().and_then(|b| b.get(k)).map(text);
                let mut r = report(
                    uid,
                    kind,
                    false,
                    with_code(field("message").unwrap_or_default()),
                    duration(),
                    body.clone(),
                );
                r.status = field("status").unwrap_or_else(|| "ERROR".into());
                return Ok(r);
            }
            if status >= 500 {
                let mut r = report(uid, kind, false, with_code(e.to_string()), duration(), body);
                r.status = "FATAL".into();
                return Ok(r);
            }
            Err(Error::Api(e))
        }
        Err(e) => Err(e),
    }
}

/// `.await` and `.send()` for the helpers that send several requests.
macro_rules! multi_request_call {
    ($endpoint:ty, |$client:ident, $options:ident, $this:ident| $body:expr) => {
        impl<C: Client> Call<C, $endpoint> {
            async fn run_helper(self) -> Result<DatasourceHealthResponse> {
                let Call {
                    client: $client,
                    endpoint: $this,
                    options: $options,
                } = self;
                let ($client, $options, $this) = (&$client, &$options, &$this);
                $body.await
            }
        }

        finish_with!($endpoint => DatasourceHealthResponse, run_helper, "Runs the check");
    };
}

multi_request_call!(HealthCheck, |client, options, this| run_health_check(
    client,
    options,
    &this.datasource
));
multi_request_call!(HealthInquiry, |client, options, this| run_health_inquiry(
    client,
    options,
    &this.datasource_uid
));
