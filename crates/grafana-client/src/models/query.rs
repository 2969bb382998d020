//! Models of Grafana's data-source query API, `POST /api/ds/query`: the
//! request, the per-refId results and the data frames they carry; and the
//! answer of the Python package's data source health helpers.
//!
//! Sources (read for facts): Grafana's `pkg/api/dtos` `MetricRequest`,
//! `pkg/api/ds_query.go` (`QueryMetricsV2`, `toJsonStreamingResponse`), the
//! plugin SDK's `backend/json.go` (`writeDataResponseJSON`) and
//! `data/frame_json.go` (the `schema`/`data` frame form, `entities`).

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::Extra;

/// The body of `POST /api/ds/query`: a time range and the queries to run.
///
/// `from`/`to` are what Grafana's time range parser takes: Grafana relative
/// times (`now-6h`, `now`) or epoch milliseconds as strings (what Grafana's
/// own UI sends). Each query is a JSON object with a `refId` and a
/// `datasource` (`{"type", "uid"}`), plus whatever its data source reads.
///
/// ```
/// use grafana_client::models::QueryRequest;
/// use serde_json::json;
///
/// let request = QueryRequest::new("now-6h", "now")
///     .max_data_points(360)
///     .interval_ms(60_000)
///     .query(json!({
///         "refId": "A",
///         "datasource": {"type": "grafana-testdata-datasource", "uid": "testdata"},
///         "scenarioId": "random_walk",
///     }));
/// assert_eq!(
///     serde_json::to_value(&request).unwrap(),
///     json!({"from": "now-6h", "to": "now", "queries": [{
///         "refId": "A",
///         "datasource": {"type": "grafana-testdata-datasource", "uid": "testdata"},
///         "scenarioId": "random_walk",
///         "intervalMs": 60000,
///         "maxDataPoints": 360,
///     }]})
/// );
///
/// // Absolute ranges in epoch milliseconds:
/// let absolute = QueryRequest::from_ms(1_714_521_600_000, 1_714_543_200_000);
/// assert_eq!(absolute.from, "1714521600000");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct QueryRequest {
    /// Start of the range: `now-6h` or epoch milliseconds.
    #[serde(default)]
    pub from: String,
    /// End of the range: `now` or epoch milliseconds.
    #[serde(default)]
    pub to: String,
    /// The queries, JSON objects with a `refId` and a `datasource`.
    #[serde(default)]
    pub queries: Vec<Value>,
    /// Asks Grafana for debug information in the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debug: Option<bool>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
    /// `intervalMs` for the queries that do not set their own.
    #[serde(skip)]
    default_interval_ms: Option<i64>,
    /// `maxDataPoints` for the queries that do not set their own.
    #[serde(skip)]
    default_max_data_points: Option<u32>,
    /// Why a query given to [`query`](Self::query) cannot be sent; the
    /// request is then refused before sending.
    #[serde(skip)]
    invalid: Option<String>,
}

impl QueryRequest {
    /// A request over this range, without queries yet.
    pub fn new(from: impl Into<String>, to: impl Into<String>) -> Self {
        QueryRequest {
            from: from.into(),
            to: to.into(),
            ..Self::default()
        }
    }

    /// A request over an absolute range, in Unix milliseconds (sent as
    /// strings, as Grafana's UI does).
    pub fn from_ms(from_ms: i64, to_ms: i64) -> Self {
        Self::new(from_ms.to_string(), to_ms.to_string())
    }

    /// Adds a query: anything that serializes to a JSON object (a
    /// `serde_json::json!` value, your own struct). A query that does not is
    /// reported as [`Error::InvalidArgument`](crate::Error::InvalidArgument)
    /// when the request is sent, and nothing is sent.
    pub fn query(mut self, query: impl Serialize) -> Self {
        match serde_json::to_value(query) {
            Ok(Value::Object(mut q)) => {
                self.fill_defaults(&mut q);
                self.queries.push(Value::Object(q));
            }
            Ok(other) => {
                let n = self.queries.len();
                self.invalid.get_or_insert_with(|| {
                    format!("query {n} must be a JSON object, not {}", kind_of(&other))
                });
            }
            Err(e) => {
                let n = self.queries.len();
                self.invalid
                    .get_or_insert_with(|| format!("query {n} cannot be serialized: {e}"));
            }
        }
        self
    }

    /// Sets `intervalMs` (the step between points Grafana asks the data
    /// source for) on every query that does not set its own, those added
    /// before and after this call. Grafana's default is 1000.
    pub fn interval_ms(mut self, interval_ms: i64) -> Self {
        self.default_interval_ms = Some(interval_ms);
        self.refill();
        self
    }

    /// Sets `maxDataPoints` on every query that does not set its own, those
    /// added before and after this call. Grafana's default is 100.
    pub fn max_data_points(mut self, max_data_points: u32) -> Self {
        self.default_max_data_points = Some(max_data_points);
        self.refill();
        self
    }

    /// Asks Grafana for debug information in the answer.
    pub fn debug(mut self, debug: bool) -> Self {
        self.debug = Some(debug);
        self
    }

    /// Why this request cannot be sent, if a query given to
    /// [`query`](Self::query) was not a JSON object.
    pub fn invalid_reason(&self) -> Option<&str> {
        self.invalid.as_deref()
    }

    fn fill_defaults(&self, q: &mut Map<String, Value>) {
        if let Some(ms) = self.default_interval_ms {
            q.entry("intervalMs").or_insert_with(|| Value::from(ms));
        }
        if let Some(n) = self.default_max_data_points {
            q.entry("maxDataPoints").or_insert_with(|| Value::from(n));
        }
    }

    fn refill(&mut self) {
        let mut queries = std::mem::take(&mut self.queries);
        for q in &mut queries {
            if let Value::Object(q) = q {
                self.fill_defaults(q);
            }
        }
        self.queries = queries;
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The answer of `POST /api/ds/query`: one result per refId.
///
/// Grafana answers HTTP 400 with this whole body when any refId failed;
/// [`Datasource::ds_query`](crate::elements::Datasource::ds_query) returns
/// it as `Ok`, with the failures in [`errors`](Self::errors).
///
/// ```
/// use grafana_client::models::QueryResponse;
///
/// let answer: QueryResponse = serde_json::from_str(r#"{"results": {
///   "A": {"status": 200, "frames": [{
///     "schema": {"refId": "A", "fields": [
///       {"name": "time", "type": "time"}, {"name": "A-series", "type": "number"}]},
///     "data": {"values": [[1714521600000, 1714521660000], [1.5, 2.25]]}}]},
///   "B": {"status": 500, "error": "boom", "errorSource": "plugin"}}}"#).unwrap();
/// assert_eq!(answer.errors(), vec![("B", "boom")]);
/// let a = &answer.results["A"];
/// assert!(a.is_ok());
/// let frame = &a.frames[0];
/// assert_eq!(frame.len(), 2);
/// assert_eq!(frame.field_values_f64(1), Some(vec![Some(1.5), Some(2.25)]));
/// assert_eq!(frame.column("time").unwrap().values.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct QueryResponse {
    /// Result per refId.
    #[serde(default)]
    pub results: BTreeMap<String, QueryResult>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

impl QueryResponse {
    /// The refIds that failed, with their error message, in refId order.
    /// A result with a non-2xx `status` but no message gives `""`.
    pub fn errors(&self) -> Vec<(&str, &str)> {
        self.results
            .iter()
            .filter(|(_, r)| !r.is_ok())
            .map(|(id, r)| (id.as_str(), r.error.as_deref().unwrap_or("")))
            .collect()
    }

    /// `true` when no refId failed.
    pub fn is_ok(&self) -> bool {
        self.results.values().all(QueryResult::is_ok)
    }

    /// The result of one refId.
    pub fn result(&self, ref_id: &str) -> Option<&QueryResult> {
        self.results.get(ref_id)
    }

    /// Every frame of every result, with its result's refId, in refId order.
    pub fn frames(&self) -> impl Iterator<Item = (&str, &DataFrame)> {
        self.results
            .iter()
            .flat_map(|(id, r)| r.frames.iter().map(move |f| (id.as_str(), f)))
    }
}

/// One refId's result: its frames, or its error (sometimes both: a data
/// source may return frames and an error).
///
/// Limit: a result without `frames` is written back with `"frames": []`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QueryResult {
    /// HTTP-like status of this refId (200, or e.g. 500 on error).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The data frames.
    #[serde(default)]
    pub frames: Vec<DataFrame>,
    /// What went wrong, when something did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Who is to blame for the error: `plugin` or `downstream`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_source: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

impl QueryResult {
    /// `true` without an error and with a 2xx status (or none).
    pub fn is_ok(&self) -> bool {
        self.error.is_none() && self.status.is_none_or(|s| (200..300).contains(&s))
    }
}

/// A data frame in Grafana's JSON form: `schema` (the fields) and `data`
/// (one array of values per field, column by column).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DataFrame {
    /// Name, refId, meta and fields.
    #[serde(default)]
    pub schema: FrameSchema,
    /// The values.
    #[serde(default)]
    pub data: FrameData,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One column of a [`DataFrame`]: its field and its values.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Column<'a> {
    /// The field's name (`""` when it has none).
    pub name: &'a str,
    /// The field's schema (type, labels, config).
    pub field: &'a FieldSchema,
    /// The values, one per row (empty when the frame has no values for it).
    pub values: &'a [Value],
}

impl DataFrame {
    /// The frame's columns, in field order.
    pub fn columns(&self) -> Vec<Column<'_>> {
        self.schema
            .fields
            .iter()
            .enumerate()
            .map(|(i, field)| self.column_at(i, field))
            .collect()
    }

    /// The first column with this field name.
    pub fn column(&self, name: &str) -> Option<Column<'_>> {
        self.schema
            .fields
            .iter()
            .enumerate()
            .find(|(_, f)| f.name == name)
            .map(|(i, field)| self.column_at(i, field))
    }

    fn column_at<'a>(&'a self, i: usize, field: &'a FieldSchema) -> Column<'a> {
        Column {
            name: &field.name,
            field,
            values: self.data.values.get(i).map_or(&[], Vec::as_slice),
        }
    }

    /// Number of rows: the length of the longest column.
    pub fn len(&self) -> usize {
        self.data.values.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// `true` without rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `refId` in the schema, when the server set one.
    pub fn ref_id(&self) -> Option<&str> {
        self.schema.ref_id.as_deref()
    }

    /// Field `index`'s values as numbers: `None` for a missing index or a
    /// column holding anything but numbers and nulls; inside, `None` for a
    /// null. The special values that JSON cannot carry and Grafana sends as
    /// `entities` (`NaN`, `Inf`, `NegInf` row indexes) are restored.
    pub fn field_values_f64(&self, index: usize) -> Option<Vec<Option<f64>>> {
        let values = self.data.values.get(index)?;
        let mut out = values
            .iter()
            .map(|v| match v {
                Value::Null => Some(None),
                Value::Number(n) => n.as_f64().map(Some),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        let entities = self
            .data
            .extra
            .get("entities")
            .and_then(Value::as_array)
            .and_then(|e| e.get(index));
        if let Some(Value::Object(special)) = entities {
            for (key, value) in [
                ("NaN", f64::NAN),
                ("Inf", f64::INFINITY),
                ("NegInf", f64::NEG_INFINITY),
            ] {
                let rows = special.get(key).and_then(Value::as_array);
                for row in rows.into_iter().flatten().filter_map(Value::as_u64) {
                    if let Some(slot) = usize::try_from(row).ok().and_then(|r| out.get_mut(r)) {
                        *slot = Some(value);
                    }
                }
            }
        }
        Some(out)
    }
}

/// A frame's `schema`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FrameSchema {
    /// The frame's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The refId of the query that produced it (backends often leave it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_id: Option<String>,
    /// Frame metadata (`type`, `typeVersion`, `executedQueryString`, `custom`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Value>,
    /// The fields (columns).
    #[serde(default)]
    pub fields: Vec<FieldSchema>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One field (column) of a frame's schema.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FieldSchema {
    /// Name (`time`, `A-series`, `Value`); empty when absent.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Grafana's field type: `time`, `number`, `string`, `boolean`, `other`, …
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// The Go type behind it (`{"frame": "float64", "nullable": true}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_info: Option<Value>,
    /// Display configuration (`interval`, `unit`, `displayNameFromDS`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<Value>,
    /// Series labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A frame's `data`: one array per field.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FrameData {
    /// The values, column by column (`values[field][row]`); times are epoch
    /// milliseconds.
    #[serde(default)]
    pub values: Vec<Vec<Value>>,
    /// Everything else (`entities` for NaN/Inf, `nanos` for sub-millisecond times).
    #[serde(flatten)]
    pub extra: Extra,
}

/// What [`Datasource::smartquery`](crate::elements::Datasource::smartquery)
/// returns: the data frames of `/api/ds/query`, or the JSON of the route a
/// data source type is queried through instead (InfluxQL, Graphite, a
/// `url://` expression).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum SmartQueryResponse {
    /// An `/api/ds/query` answer (a body with a `results` object).
    Query(QueryResponse),
    /// Any other JSON answer.
    Other(Value),
}

impl SmartQueryResponse {
    /// The `/api/ds/query` answer, if it is one.
    pub fn as_query(&self) -> Option<&QueryResponse> {
        match self {
            SmartQueryResponse::Query(q) => Some(q),
            SmartQueryResponse::Other(_) => None,
        }
    }

    /// The answer as JSON.
    pub fn to_value(&self) -> Value {
        match self {
            SmartQueryResponse::Query(q) => serde_json::to_value(q).unwrap_or(Value::Null),
            SmartQueryResponse::Other(v) => v.clone(),
        }
    }
}

impl<'de> Deserialize<'de> for SmartQueryResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        if value.get("results").is_some_and(Value::is_object) {
            if let Ok(q) = QueryResponse::deserialize(&value) {
                return Ok(SmartQueryResponse::Query(q));
            }
        }
        Ok(SmartQueryResponse::Other(value))
    }
}

/// The answer of the data source health helpers
/// [`health_check`](crate::elements::Datasource::health_check) and
/// [`health_inquiry`](crate::elements::Datasource::health_inquiry): the
/// Python package's `DatasourceHealthResponse`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DatasourceHealthResponse {
    /// The data source's uid.
    pub uid: String,
    /// Its plugin type; `None` when it was not found.
    #[serde(rename = "type")]
    pub type_: Option<String>,
    /// Whether it is healthy.
    pub success: bool,
    /// `OK`, `ERROR`, or `FATAL` (Grafana's own check failed with a 5xx).
    pub status: String,
    /// What the check found (`Success`, the executed query, the error).
    pub message: String,
    /// How long the check took, in seconds (rounded to 0.1 ms); `None` when
    /// the data source was not found.
    pub duration: Option<f64>,
    /// The answer the verdict is based on.
    pub response: Option<Value>,
}
