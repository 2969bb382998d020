use serde::Serialize;
use serde_json::{json, Value};

use crate::call::{Call, Client, Endpoint, Plain, Request};
use crate::error::{Error, Result};
use crate::models::{
    DataSource, DataSourceHealth, DataSourceId, DataSourceListItem, DataSourcePermission,
    DataSourceSaved, DatasourceIdentifier, Message,
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

/// Grafana's `{"permissions": [...]}` from what the caller gave: a list is
/// wrapped, one object becomes a one-item list, an object that already has
/// `permissions` is kept.
fn permissions_body(permissions: &(impl Serialize + ?Sized)) -> Result<Value> {
    let value = serde_json::to_value(permissions).map_err(|e| {
        Error::invalid_argument("permissions", format!("cannot be serialized: {e}"))
    })?;
    match value {
        Value::Object(m) if m.contains_key("permissions") => Ok(Value::Object(m)),
        Value::Object(m) => Ok(json!({ "permissions": [m] })),
        Value::Array(a) => Ok(json!({ "permissions": a })),
        other => Err(Error::invalid_argument(
            "permissions",
            format!("must be a list or an object, not {other}"),
        )),
    }
}

impl<C: Client> Datasource<C> {
    pub(crate) fn new(client: C) -> Self {
        Datasource { client }
    }

    fn plain<T>(&self, request: Request) -> Call<C, Plain<T>>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
    {
        Call::new(&self.client, Plain::new(request))
    }

    /// `GET /api/datasources/uid/{uid}/health`: Grafana's own health check of
    /// the data source (Grafana 9+). A failing check is Grafana's status 400
    /// with `{"status": "ERROR", "message": …}`, returned as
    /// [`Error::Api`](crate::Error::Api).
    pub fn health(&self, datasource_uid: &str) -> Call<C, Plain<DataSourceHealth>> {
        self.plain(Request::get(by_uid(datasource_uid).lit("health")))
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
        self.plain(Request::get(by_id(datasource_id)))
    }

    /// `GET /api/datasources/name/{name}`.
    pub fn get_datasource_by_name(&self, datasource_name: &str) -> Call<C, Plain<DataSource>> {
        self.plain(Request::get(by_name(datasource_name)))
    }

    /// `GET /api/datasources/uid/{uid}`.
    pub fn get_datasource_by_uid(&self, datasource_uid: &str) -> Call<C, Plain<DataSource>> {
        self.plain(Request::get(by_uid(datasource_uid)))
    }

    /// `GET /api/datasources/id/{name}`: the numeric id of the named data source.
    pub fn get_datasource_id_by_name(&self, datasource_name: &str) -> Call<C, Plain<DataSourceId>> {
        let path = ApiPath::api()
            .lit("datasources/id")
            .param("datasource_name", datasource_name);
        self.plain(Request::get(path))
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
        self.plain(Request::post(ApiPath::api().lit("datasources")).json(datasource))
    }

    /// `PUT /api/datasources/{id}`: replaces a data source's settings (deprecated
    /// by Grafana since 9; use [`update_datasource_by_uid`](Self::update_datasource_by_uid)).
    pub fn update_datasource(
        &self,
        datasource_id: i64,
        datasource: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<DataSourceSaved>> {
        let path = by_id(datasource_id);
        self.plain(Request::new(http::Method::PUT, path).json(datasource))
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
        self.plain(Request::new(http::Method::PUT, path).json(datasource))
    }

    /// `GET /api/datasources`: the organization's data sources.
    pub fn list_datasources(&self) -> Call<C, Plain<Vec<DataSourceListItem>>> {
        self.plain(Request::get(ApiPath::api().lit("datasources")))
    }

    /// `DELETE /api/datasources/{id}` (deprecated by Grafana since 9; use
    /// [`delete_datasource_by_uid`](Self::delete_datasource_by_uid)).
    pub fn delete_datasource_by_id(&self, datasource_id: i64) -> Call<C, Plain<Message>> {
        self.plain(Request::delete(by_id(datasource_id)))
    }

    /// `DELETE /api/datasources/name/{name}`. The answer's `id` is the
    /// deleted data source's.
    pub fn delete_datasource_by_name(&self, datasource_name: &str) -> Call<C, Plain<Message>> {
        self.plain(Request::delete(by_name(datasource_name)))
    }

    /// `DELETE /api/datasources/uid/{uid}`.
    pub fn delete_datasource_by_uid(&self, datasource_uid: &str) -> Call<C, Plain<Message>> {
        self.plain(Request::delete(by_uid(datasource_uid)))
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
        self.plain(Request::post(path).json(&json!({})))
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
        self.plain(Request::post(path).json(&json!({})))
    }

    /// `GET /api/access-control/datasources/{uid}`: who may query, edit or
    /// administer the data source (Grafana 10.2+, Enterprise or Cloud).
    ///
    /// The Python package sends the legacy `GET /api/datasources/{id}/permissions`
    /// and refuses above Grafana 10.2.2, where that route is gone; this sends
    /// the route that replaced it, which takes the data source's uid.
    pub fn get_datasource_permissions(
        &self,
        datasource_uid: &str,
    ) -> Call<C, Plain<Vec<DataSourcePermission>>> {
        self.plain(Request::get(access_control(datasource_uid)))
    }

    /// `POST /api/access-control/datasources/{uid}`: grants permissions
    /// (Grafana 10.2+, Enterprise or Cloud), leaving the others as they are.
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
        let request =
            Request::post(access_control(datasource_uid)).try_json(permissions_body(permissions));
        self.plain(request)
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
        self.plain(Request::delete(path))
    }

    /// `POST /api/datasources/proxy/…/api/v1/query` or `…/query_range`,
    /// depending on [`query_type`](Call::query_type) (`query`, the default, or
    /// `query_range`): the request of [`query`](Self::query) or
    /// [`query_range`](Self::query_range).
    ///
    /// Options: [`datasource_id`](Call::datasource_id) or
    /// [`datasource_uid`](Call::datasource_uid) (one is required),
    /// [`expr`](Call::expr), [`time`](Call::time), [`start`](Call::start),
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
    /// [`query`](Call::query), [`start`](Call::start), [`end`](Call::end),
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
    /// [`start`](Call::start), [`end`](Call::end), [`access`](Call::access).
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
#[derive(Debug, Default)]
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
#[derive(Debug, Default)]
pub struct DatasourceQuery {
    target: ProxyTarget,
    query: Option<String>,
    timestamp: Option<String>,
}

/// [`Datasource::query_range`]'s endpoint and options.
#[derive(Debug, Default)]
pub struct DatasourceQueryRange {
    target: ProxyTarget,
    query: Option<String>,
    start: Option<String>,
    end: Option<String>,
    step: Option<String>,
}

/// [`Datasource::series`]'s endpoint and options.
#[derive(Debug, Default)]
pub struct DatasourceSeries {
    target: ProxyTarget,
    matches: Vec<String>,
    start: Option<String>,
    end: Option<String>,
}

/// [`Datasource::get_datasource_proxy_data`]'s endpoint and options.
#[derive(Debug, Default)]
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
        impl<C: Client> Call<C, $endpoint> {
            /// The data source, by numeric id (wins over a uid).
            pub fn datasource_id(mut self, datasource_id: i64) -> Self {
                self.endpoint.target.datasource_id = Some(datasource_id);
                self
            }

            /// The data source, by uid.
            pub fn datasource_uid(mut self, datasource_uid: impl Into<String>) -> Self {
                self.endpoint.target.datasource_uid = Some(datasource_uid.into());
                self
            }

            /// The path segment after `datasources` (`proxy`, the default).
            pub fn access(mut self, access: impl Into<String>) -> Self {
                self.endpoint.target.access = Some(access.into());
                self
            }
        }
    )*};
}

proxy_target_options!(
    DatasourceQuery,
    DatasourceQueryRange,
    DatasourceSeries,
    GetDatasourceProxyData
);

impl<C: Client> Call<C, DatasourceQuery> {
    /// The PromQL expression.
    pub fn query(mut self, query: impl Into<String>) -> Self {
        self.endpoint.query = Some(query.into());
        self
    }

    /// Evaluation time (`time`): RFC 3339 or Unix seconds; the server's
    /// current time when absent.
    pub fn timestamp(mut self, timestamp: impl ToString) -> Self {
        self.endpoint.timestamp = Some(timestamp.to_string());
        self
    }
}

impl Endpoint for DatasourceQuery {
    type Output = Value;

    fn into_request(self) -> Request {
        self.target
            .request("v1", "query")
            .query_opt("query", self.query)
            .query_opt("time", self.timestamp)
    }
}

impl<C: Client> Call<C, DatasourceQueryRange> {
    /// The PromQL expression.
    pub fn query(mut self, query: impl Into<String>) -> Self {
        self.endpoint.query = Some(query.into());
        self
    }

    /// Range start: RFC 3339 or Unix seconds.
    pub fn start(mut self, start: impl ToString) -> Self {
        self.endpoint.start = Some(start.to_string());
        self
    }

    /// Range end: RFC 3339 or Unix seconds.
    pub fn end(mut self, end: impl ToString) -> Self {
        self.endpoint.end = Some(end.to_string());
        self
    }

    /// Resolution: a duration (`15s`) or seconds.
    pub fn step(mut self, step: impl ToString) -> Self {
        self.endpoint.step = Some(step.to_string());
        self
    }
}

impl Endpoint for DatasourceQueryRange {
    type Output = Value;

    fn into_request(self) -> Request {
        self.target
            .request("v1", "query_range")
            .query_opt("query", self.query)
            .query_opt("start", self.start)
            .query_opt("end", self.end)
            .query_opt("step", self.step)
    }
}

impl<C: Client> Call<C, DatasourceSeries> {
    /// A series selector (`up{job="api"}`); call it again for more, each is
    /// sent as its own `match[]`.
    pub fn match_(mut self, selector: impl Into<String>) -> Self {
        self.endpoint.matches.push(selector.into());
        self
    }

    /// Range start: RFC 3339 or Unix seconds.
    pub fn start(mut self, start: impl ToString) -> Self {
        self.endpoint.start = Some(start.to_string());
        self
    }

    /// Range end: RFC 3339 or Unix seconds.
    pub fn end(mut self, end: impl ToString) -> Self {
        self.endpoint.end = Some(end.to_string());
        self
    }
}

impl Endpoint for DatasourceSeries {
    type Output = Value;

    fn into_request(self) -> Request {
        let mut request = self.target.request("v1", "series");
        for selector in self.matches {
            request = request.query("match[]", selector);
        }
        request
            .query_opt("start", self.start)
            .query_opt("end", self.end)
    }
}

impl<C: Client> Call<C, GetDatasourceProxyData> {
    /// `query` (the default) or `query_range`; anything else is refused unsent.
    pub fn query_type(mut self, query_type: impl Into<String>) -> Self {
        self.endpoint.query_type = Some(query_type.into());
        self
    }

    /// The API version in the path (`v1`, the default).
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.endpoint.version = Some(version.into());
        self
    }

    /// The PromQL expression.
    pub fn expr(mut self, expr: impl Into<String>) -> Self {
        self.endpoint.expr = Some(expr.into());
        self
    }

    /// Evaluation time of an instant query.
    pub fn time(mut self, time: impl ToString) -> Self {
        self.endpoint.time = Some(time.to_string());
        self
    }

    /// Range start of a range query.
    pub fn start(mut self, start: impl ToString) -> Self {
        self.endpoint.start = Some(start.to_string());
        self
    }

    /// Range end of a range query.
    pub fn end(mut self, end: impl ToString) -> Self {
        self.endpoint.end = Some(end.to_string());
        self
    }

    /// Resolution of a range query.
    pub fn step(mut self, step: impl ToString) -> Self {
        self.endpoint.step = Some(step.to_string());
        self
    }
}

impl Endpoint for GetDatasourceProxyData {
    type Output = Value;

    fn into_request(self) -> Request {
        let version = self.version.as_deref().unwrap_or("v1");
        match self.query_type.as_deref().unwrap_or("query") {
            "query" => self
                .target
                .request(version, "query")
                .query_opt("query", self.expr)
                .query_opt("time", self.time),
            "query_range" => self
                .target
                .request(version, "query_range")
                .query_opt("query", self.expr)
                .query_opt("start", self.start)
                .query_opt("end", self.end)
                .query_opt("step", self.step),
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
