//! `POST /api/ds/query` with the TestData data source and the built-in
//! `grafana` data source.
//!
//! Sources: `pkg/api/ds_query.go` (`QueryMetricsV2`,
//! `handleQueryMetricsError`, `toJsonStreamingResponse`),
//! `pkg/services/query/query.go` (`parseMetricRequest`,
//! `getDataSourceFromQuery`), `pkg/services/query/errors.go`,
//! `pkg/tsdb/grafana-testdata-datasource/scenarios.go` (scenarios, defaults,
//! frame shapes), `pkg/tsdb/grafanads/grafana.go` (`doRandomWalk`),
//! `pkg/middleware/recovery.go` (the 500 after a panic) and the plugin SDK's
//! data-frame JSON (`data/frame_json.go`, `backend/json.go`).
//!
//! **Determinism.** TestData seeds its generator from the wall clock; the
//! emulator seeds a splitmix64 generator from a hash of (refId, series index,
//! from, to), so the same request always gets the same values, and the
//! default `startValue` (Grafana: a random number in [0, 100)) comes from
//! the same kind of hash.
//!
//! **Left out.** Server-side expressions (`__expr__`), TestData scenarios
//! other than `random_walk`, `csv_metric_values`, `predictable_pulse`,
//! `no_data_points`, `random_walk_with_error` and `server_error_500`
//! (their refIds get no result, as an unknown scenario does), `grafana`
//! query types other than `randomWalk`, and querying real data sources
//! (any other plugin type answers a per-refId error).

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{ApiResult, Ctx};
use crate::api::respond;
use crate::role::{Action, Evaluator, Role};
use crate::routes::Route;
use crate::state::State;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[Route::new("POST", "/api/ds/query", query)];

/// `datasources:query` (OSS: every basic role may query the org's data
/// sources).
const DATASOURCES_QUERY: Action = Action::new("datasources:query", Role::Viewer);

/// The built-in data source's uid (`grafanads.DatasourceUID`).
const GRAFANA_UID: &str = "grafana";
/// TestData's plugin id (and its legacy alias).
const TESTDATA_TYPES: &[&str] = &["grafana-testdata-datasource", "testdata"];
/// TestData's error text for `random_walk_with_error`.
const RANDOM_WALK_ERROR: &str = "this is an error and it can include URLs http://grafana.com/";

// ---------------------------------------------------------------------------
// Deterministic random numbers

/// FNV-1a over the parts, then splitmix64 steps.
struct Rng(u64);

impl Rng {
    fn seeded(parts: &[&[u8]]) -> Self {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for p in parts {
            for b in p.iter().chain(std::iter::once(&0xff)) {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        Rng(h)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1), like Go's `rand.Float64`.
    fn float(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

// ---------------------------------------------------------------------------
// Time range (`gtime.NewTimeRange`)

/// Parses `from`/`to` as Grafana's time range does: `now`, `now-6h` /
/// `now+1d` (units `ms`, `s`, `m`, `h`, `d`, `w`, `M` (30 days), `y` (365
/// days)) with an optional `/unit` rounding (`s`, `m`, `h`, `d`), or epoch
/// milliseconds. Anything else is the Unix epoch (`MustGetFrom` falls back
/// to `time.Unix(0, 0)`). `round_up`: round to the end of the unit (`to`).
fn parse_time(s: &str, now_ms: i64, round_up: bool) -> i64 {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix("now") {
        let (offset, rounding) = match rest.split_once('/') {
            Some((o, r)) => (o, Some(r)),
            None => (rest, None),
        };
        let mut t = now_ms;
        if !offset.is_empty() {
            let (sign, body) = match offset.as_bytes()[0] {
                b'-' => (-1, &offset[1..]),
                b'+' => (1, &offset[1..]),
                _ => return 0,
            };
            let digits: String = body.chars().take_while(char::is_ascii_digit).collect();
            let unit = &body[digits.len()..];
            let Ok(n) = digits.parse::<i64>() else {
                return 0;
            };
            let Some(ms) = unit_ms(unit) else { return 0 };
            t = t.saturating_add(sign * n.saturating_mul(ms));
        }
        if let Some(r) = rounding {
            let Some(unit) = unit_ms(r).filter(|_| matches!(r, "s" | "m" | "h" | "d")) else {
                return 0;
            };
            t = t - t.rem_euclid(unit);
            if round_up {
                t += unit - 1;
            }
        }
        return t;
    }
    s.parse::<i64>().unwrap_or(0)
}

fn unit_ms(unit: &str) -> Option<i64> {
    Some(match unit {
        "ms" => 1,
        "s" => 1000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        "w" => 7 * 86_400_000,
        "M" => 30 * 86_400_000,
        "y" => 365 * 86_400_000,
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// Data frames (plugin SDK JSON)

/// One field of a frame.
struct Field {
    name: String,
    /// `time` or `number`.
    kind: &'static str,
    /// `typeInfo.frame`: `time.Time` or `float64`.
    frame_type: &'static str,
    nullable: bool,
    labels: Option<BTreeMap<String, String>>,
    config: Option<Value>,
    values: Vec<Value>,
}

impl Field {
    fn time(name: &str, values: Vec<i64>) -> Self {
        Field {
            name: name.into(),
            kind: "time",
            frame_type: "time.Time",
            nullable: false,
            labels: None,
            config: None,
            values: values.into_iter().map(Value::from).collect(),
        }
    }

    fn number(name: &str, values: Vec<Option<f64>>) -> Self {
        Field {
            name: name.into(),
            kind: "number",
            frame_type: "float64",
            nullable: true,
            labels: None,
            config: None,
            values: values.into_iter().map(num).collect(),
        }
    }
}

/// A float as Go writes it: integral values without a fraction; NaN and
/// infinities (which JSON cannot carry) as `null`.
fn num(v: Option<f64>) -> Value {
    match v {
        Some(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15 => json!(f as i64),
        Some(f) if f.is_finite() => json!(f),
        _ => Value::Null,
    }
}

/// One frame: `{"schema": {name?, refId, meta?, fields}, "data": {"values"}}`.
struct Frame {
    name: String,
    meta: Option<Value>,
    fields: Vec<Field>,
}

impl Frame {
    fn to_json(&self, ref_id: &str) -> Value {
        let mut schema = Map::new();
        if !self.name.is_empty() {
            schema.insert("name".into(), json!(self.name));
        }
        // The SDK marks every frame of a response with its refId.
        schema.insert("refId".into(), json!(ref_id));
        if let Some(meta) = &self.meta {
            schema.insert("meta".into(), meta.clone());
        }
        let fields: Vec<Value> = self
            .fields
            .iter()
            .map(|f| {
                let mut m = Map::new();
                m.insert("name".into(), json!(f.name));
                m.insert("type".into(), json!(f.kind));
                let mut ti = Map::new();
                ti.insert("frame".into(), json!(f.frame_type));
                if f.nullable {
                    ti.insert("nullable".into(), json!(true));
                }
                m.insert("typeInfo".into(), Value::Object(ti));
                if let Some(l) = &f.labels {
                    m.insert("labels".into(), json!(l));
                }
                if let Some(c) = &f.config {
                    m.insert("config".into(), c.clone());
                }
                Value::Object(m)
            })
            .collect();
        schema.insert("fields".into(), Value::Array(fields));
        let values: Vec<Value> = self
            .fields
            .iter()
            .map(|f| Value::Array(f.values.clone()))
            .collect();
        json!({"schema": Value::Object(schema), "data": {"values": values}})
    }
}

/// One refId's result (`backend.DataResponse`).
#[derive(Default)]
struct DataResponse {
    frames: Vec<Frame>,
    error: Option<String>,
    /// `plugin` (set by Grafana's error-source middleware when the plugin
    /// gave none) or `downstream`.
    error_source: &'static str,
}

impl DataResponse {
    fn to_json(&self, ref_id: &str) -> Value {
        let mut m = Map::new();
        if let Some(e) = &self.error {
            m.insert("error".into(), json!(e));
            m.insert("errorSource".into(), json!(self.error_source));
            m.insert("status".into(), json!(500));
        } else {
            m.insert("status".into(), json!(200));
        }
        m.insert(
            "frames".into(),
            Value::Array(self.frames.iter().map(|f| f.to_json(ref_id)).collect()),
        );
        Value::Object(m)
    }
}

// ---------------------------------------------------------------------------
// One query

/// A parsed query (`backend.DataQuery` + its JSON model).
struct Query<'a> {
    ref_id: String,
    from: i64,
    to: i64,
    interval_ms: i64,
    query_type: String,
    model: &'a Value,
}

/// What a query produced.
enum Outcome {
    /// A result for the refId.
    Result(DataResponse),
    /// No entry for the refId (TestData skipped the query).
    Absent,
    /// The plugin panicked: Grafana's recovery middleware answers 500.
    Panic,
}

fn str_of<'a>(m: &'a Value, key: &str) -> &'a str {
    m.get(key).and_then(Value::as_str).unwrap_or("")
}

/// simplejson's `MustInt64(default)`: an integral JSON number, else the default.
fn int_of(m: &Value, key: &str, default: i64) -> i64 {
    m.get(key).and_then(Value::as_i64).unwrap_or(default)
}

fn float_of(m: &Value, key: &str) -> Option<f64> {
    m.get(key).and_then(Value::as_f64)
}

/// TestData's `frameNameForQuery`: the alias, or `<refId>-series` plus the
/// series index when it is not 0.
fn series_name(q: &Query, alias: &str, index: usize) -> String {
    if !alias.is_empty() {
        return alias.to_string();
    }
    if index > 0 {
        format!("{}-series{index}", q.ref_id)
    } else {
        format!("{}-series", q.ref_id)
    }
}

/// TestData's `parseLabelsString`: `{k="v", k2=v2}` with `$seriesIndex`
/// replaced. `None`: a pair without `=`, on which Grafana's parser panics.
fn parse_labels(text: &str, index: usize) -> Option<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    if text.is_empty() {
        return Some(out);
    }
    let inner = text.trim_matches(|c| c == '{' || c == '}');
    if inner.len() < 2 {
        return Some(out);
    }
    for kv in inner.split(',') {
        let (k, v) = kv.split_once('=')?;
        let v = v.trim().trim_matches('"');
        out.insert(
            k.trim().to_string(),
            v.replace("$seriesIndex", &index.to_string()),
        );
    }
    Some(out)
}

/// TestData's `RandomWalk`: from `from` in `intervalMs` steps while before
/// `to` (at most 10,000 points), value = walker + rand·noise clamped to
/// `min`/`max`, points dropped with probability `dropPercent`/100, walker +=
/// (rand − 0.5)·spread.
fn random_walk(q: &Query, index: usize) -> Option<Frame> {
    let m = q.model;
    let from_s = q.from.to_string();
    let to_s = q.to.to_string();
    let start_default =
        Rng::seeded(&[q.ref_id.as_bytes(), b"start", from_s.as_bytes()]).float() * 100.0;
    let start = float_of(m, "startValue").unwrap_or(start_default);
    let spread = float_of(m, "spread").unwrap_or(1.0);
    let noise = float_of(m, "noise").unwrap_or(0.0);
    let drop = float_of(m, "dropPercent").unwrap_or(0.0) / 100.0;
    let min = float_of(m, "min");
    let max = float_of(m, "max");
    let labels = parse_labels(str_of(m, "labels"), index)?;
    let idx = index.to_string();
    let mut rng = Rng::seeded(&[
        q.ref_id.as_bytes(),
        idx.as_bytes(),
        from_s.as_bytes(),
        to_s.as_bytes(),
    ]);
    let (mut times, mut values) = (Vec::new(), Vec::new());
    let mut walker = start;
    let mut t = q.from;
    let mut i = 0;
    while i < 10_000 && t < q.to {
        let mut next = walker + rng.float() * noise;
        if let Some(lo) = min.filter(|lo| next < *lo) {
            next = lo;
            walker = lo;
        }
        if let Some(hi) = max.filter(|hi| next > *hi) {
            next = hi;
            walker = hi;
        }
        if !(drop > 0.0 && rng.float() < drop) {
            times.push(t);
            values.push(Some(next));
        }
        walker += (rng.float() - 0.5) * spread;
        t = t.saturating_add(q.interval_ms);
        i += 1;
    }
    let mut time = Field::time("time", times);
    time.config = Some(json!({"interval": q.interval_ms}));
    let mut value = Field::number(&series_name(q, str_of(m, "alias"), index), values);
    value.labels = Some(labels);
    Some(Frame {
        name: String::new(),
        meta: Some(json!({
            "type": "timeseries-multi",
            "typeVersion": [0, 0],
            "custom": {"customStat": 10}
        })),
        fields: vec![time, value],
    })
}

/// TestData's `csv_metric_values`: the comma-separated `stringInput` values
/// spread evenly over [from, to]. Empty input: one empty frame. `None`: a
/// value that is neither a number nor `null` (the handler fails).
fn csv_metric_values(q: &Query) -> Option<Frame> {
    let input = str_of(q.model, "stringInput");
    if input.trim().is_empty() {
        return Some(Frame {
            name: String::new(),
            meta: Some(json!({"typeVersion": [0, 0]})),
            fields: Vec::new(),
        });
    }
    let mut values = Vec::new();
    for raw in input.trim().trim_end_matches(',').split(',') {
        let raw = raw.trim();
        values.push(if raw == "null" {
            None
        } else {
            Some(raw.parse::<f64>().ok()?)
        });
    }
    let count = values.len() as i64;
    let step = if count > 1 {
        (q.to - q.from) / (count - 1)
    } else {
        0
    };
    let times = (0..count).map(|i| q.from + i * step).collect();
    let value = Field::number(&series_name(q, str_of(q.model, "alias"), 0), values);
    Some(Frame {
        name: String::new(),
        meta: None,
        fields: vec![Field::time("time", times), value],
    })
}

/// TestData's `fromStringOrNumber`: a number, `"null"` (no value) or
/// `"nan"`; anything else fails.
fn pulse_value(v: Option<&Value>) -> Result<Option<f64>, ()> {
    match v {
        Some(Value::Number(n)) => Ok(n.as_f64()),
        Some(Value::String(s)) if s == "null" => Ok(None),
        Some(Value::String(s)) if s == "nan" => Ok(Some(f64::NAN)),
        _ => Err(()),
    }
}

/// TestData's `predictable_pulse`: points every `timeStep` seconds aligned
/// on the epoch; the first `onCount` points of each cycle of `onCount +
/// offCount` steps get `onValue`, the rest `offValue`. `Err(())`: Grafana
/// panics (a zero step or cycle); `Ok(None)`: the query is skipped.
fn predictable_pulse(q: &Query) -> Result<Option<Frame>, ()> {
    let opts = q.model.get("pulseWave").cloned().unwrap_or(Value::Null);
    let step = int_of(&opts, "timeStep", 0).saturating_mul(1000);
    let on_count = int_of(&opts, "onCount", 0);
    let off_count = int_of(&opts, "offCount", 0);
    let (Ok(on), Ok(off)) = (
        pulse_value(opts.get("onValue")),
        pulse_value(opts.get("offValue")),
    ) else {
        return Ok(None);
    };
    let period = step.saturating_mul(on_count + off_count);
    if step == 0 || period == 0 {
        return Err(());
    }
    let mut cursor = q.from - q.from % step;
    let (mut times, mut values) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < 10_000 && cursor < q.to {
        let m = cursor % period;
        let is_on = (0..on_count).any(|k| m == k * step);
        times.push(cursor);
        values.push(if is_on { on } else { off });
        cursor += step;
        i += 1;
    }
    let Some(labels) = parse_labels(str_of(q.model, "labels"), 0) else {
        return Err(());
    };
    let mut value = Field::number("value", values);
    value.labels = Some(labels);
    Ok(Some(Frame {
        name: series_name(q, str_of(q.model, "alias"), 0),
        meta: None,
        fields: vec![Field::time("time", times), value],
    }))
}

/// TestData (`scenarios.go`): the scenario is `queryType` when it names one,
/// else `scenarioId` (default `random_walk`).
fn testdata(q: &Query) -> Outcome {
    const KNOWN: &[&str] = &[
        "random_walk",
        "csv_metric_values",
        "predictable_pulse",
        "no_data_points",
        "random_walk_with_error",
        "server_error_500",
    ];
    let scenario = if KNOWN.contains(&q.query_type.as_str()) {
        q.query_type.as_str()
    } else {
        match q.model.get("scenarioId") {
            Some(Value::String(s)) => s.as_str(),
            _ => "random_walk",
        }
    };
    match scenario {
        "random_walk" => {
            let count = int_of(q.model, "seriesCount", 1).max(0) as usize;
            let mut frames = Vec::new();
            for i in 0..count {
                match random_walk(q, i) {
                    Some(f) => frames.push(f),
                    None => return Outcome::Panic,
                }
            }
            if frames.is_empty() {
                // No series: no entry for the refId.
                return Outcome::Absent;
            }
            Outcome::Result(DataResponse {
                frames,
                ..Default::default()
            })
        }
        "random_walk_with_error" => match random_walk(q, 0) {
            Some(f) => Outcome::Result(DataResponse {
                frames: vec![f],
                error: Some(RANDOM_WALK_ERROR.into()),
                error_source: "plugin",
            }),
            None => Outcome::Panic,
        },
        "csv_metric_values" => csv_outcome(q),
        "server_error_500" => {
            if str_of(q.model, "stringInput").is_empty() {
                Outcome::Panic
            } else {
                csv_outcome(q)
            }
        }
        "predictable_pulse" => match predictable_pulse(q) {
            Ok(Some(f)) => Outcome::Result(DataResponse {
                frames: vec![f],
                ..Default::default()
            }),
            Ok(None) => Outcome::Absent,
            Err(()) => Outcome::Panic,
        },
        // `no_data_points` is drawn by the browser: the backend answers
        // nothing; unknown scenarios are skipped.
        _ => Outcome::Absent,
    }
}

fn csv_outcome(q: &Query) -> Outcome {
    match csv_metric_values(q) {
        Some(f) => Outcome::Result(DataResponse {
            frames: vec![f],
            ..Default::default()
        }),
        None => Outcome::Absent,
    }
}

/// The built-in `grafana` data source (`grafanads`): `randomWalk` is
/// TestData's random walk with the default model; other query types are
/// not emulated and answer Grafana's `unknown query type` error.
fn grafana_ds(q: &Query) -> Outcome {
    if q.query_type == "randomWalk" {
        let empty = Value::Object(Map::new());
        let dq = Query {
            ref_id: q.ref_id.clone(),
            from: q.from,
            to: q.to,
            interval_ms: q.interval_ms,
            query_type: String::new(),
            model: &empty,
        };
        return match random_walk(&dq, 0) {
            Some(f) => Outcome::Result(DataResponse {
                frames: vec![f],
                ..Default::default()
            }),
            None => Outcome::Panic,
        };
    }
    Outcome::Result(DataResponse {
        error: Some("unknown query type".into()),
        error_source: "plugin",
        ..Default::default()
    })
}

// ---------------------------------------------------------------------------
// The handler

/// A data source as the query service resolves it: (uid, plugin type).
type ResolvedDs = (String, String);

/// `getDataSourceFromQuery`: `datasource.uid` (or a string `datasource`,
/// the pre-8.3 form); `grafana` is built in; otherwise the org's data source
/// with that uid, else by `datasourceId`. `Err`: Grafana's error answer.
fn resolve(st: &State, org_id: i64, q: &Value) -> Result<ResolvedDs, axum::response::Response> {
    let ds = q.get("datasource");
    let mut uid = ds
        .and_then(|d| d.get("uid"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if uid.is_empty() {
        uid = ds.and_then(Value::as_str).unwrap_or("").to_string();
    }
    let not_found = || respond::message(404, "Data source not found");
    if uid == GRAFANA_UID {
        return Ok((uid, "grafana".into()));
    }
    if !uid.is_empty() {
        let kind =
            crate::api::datasources::datasource_type(st, org_id, &uid).ok_or_else(not_found)?;
        return Ok((uid, kind));
    }
    let id = int_of(q, "datasourceId", 0);
    if id > 0 {
        return st
            .datasources
            .rows
            .get(org_id, id)
            .map(|d| (d.uid.clone(), d.kind.clone()))
            .ok_or_else(not_found);
    }
    Err(respond::errutil(
        400,
        "Query does not contain a valid data source identifier",
        "query.invalidDatasourceId",
    ))
}

/// `POST /api/ds/query` (`QueryMetricsV2`).
///
/// Needs `datasources:query`. Body `{"from","to","queries":[…]}` (`from`/`to`
/// strings; a wrongly typed field is 400 `bad request data`). No queries:
/// 400 errutil `No queries found`; a query without a data source: 400 errutil
/// `Query does not contain a valid data source identifier`; an unknown data
/// source: 404 `Data source not found`. Per query: `refId` (default `A`),
/// `intervalMs` (default 1000), `maxDataPoints` (default 100), `queryType`.
/// The answer is `{"results": {refId: {status, frames, error?,
/// errorSource?}}}`, with HTTP 400 when any refId has an error
/// (`toJsonStreamingResponse`). A plugin panic is the recovery middleware's
/// 500.
pub(crate) fn query(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(DATASOURCES_QUERY))?;
    let bad = || respond::message(400, "bad request data");
    let body: Value = serde_json::from_slice(ctx.body).map_err(|_| bad())?;
    let Value::Object(body) = body else {
        return Err(bad());
    };
    let text_field = |k: &str| match body.get(k) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(bad()),
    };
    let from_s = text_field("from")?;
    let to_s = text_field("to")?;
    if !matches!(
        body.get("debug"),
        None | Some(Value::Null) | Some(Value::Bool(_))
    ) {
        return Err(bad());
    }
    let queries: Vec<Value> = match body.get("queries") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.clone(),
        Some(_) => return Err(bad()),
    };
    if queries.is_empty() {
        return Err(respond::errutil(400, "No queries found", "query.noQueries"));
    }
    let now_ms = ctx.now * 1000;
    let from = parse_time(&from_s, now_ms, false);
    let to = parse_time(&to_s, now_ms, true);
    let resolved: Vec<ResolvedDs> = {
        let st = ctx.app.state.read();
        queries
            .iter()
            .map(|q| resolve(&st, who.org_id, q))
            .collect::<Result<_, _>>()?
    };
    let mut results: BTreeMap<String, DataResponse> = BTreeMap::new();
    for (model, (_uid, kind)) in queries.iter().zip(&resolved) {
        let q = Query {
            ref_id: match model.get("refId") {
                Some(Value::String(s)) => s.clone(),
                _ => "A".into(),
            },
            from,
            to,
            interval_ms: int_of(model, "intervalMs", 1000),
            query_type: str_of(model, "queryType").to_string(),
            model,
        };
        let outcome = if kind == "grafana" {
            grafana_ds(&q)
        } else if TESTDATA_TYPES.contains(&kind.as_str()) {
            testdata(&q)
        } else {
            Outcome::Result(DataResponse {
                error: Some(format!(
                    "the Grafana emulator does not run queries of {kind} data sources"
                )),
                error_source: "downstream",
                ..Default::default()
            })
        };
        match outcome {
            Outcome::Result(r) => {
                results.insert(q.ref_id, r);
            }
            Outcome::Absent => {}
            Outcome::Panic => {
                return Err(respond::json(
                    500,
                    &json!({
                        "message": "Internal Server Error - Check the Grafana server logs for the detailed error message.",
                        "error": "Server Error"
                    }),
                ))
            }
        }
    }
    let status = if results.values().any(|r| r.error.is_some()) {
        400
    } else {
        200
    };
    let out: Map<String, Value> = results
        .iter()
        .map(|(id, r)| (id.clone(), r.to_json(id)))
        .collect();
    Ok(respond::json(status, &json!({"results": out})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_parsing() {
        let now = 1_700_000_000_000;
        assert_eq!(parse_time("now", now, false), now);
        assert_eq!(parse_time("now-6h", now, false), now - 6 * 3_600_000);
        assert_eq!(parse_time("now+1d", now, false), now + 86_400_000);
        assert_eq!(parse_time("1714521600000", now, false), 1_714_521_600_000);
        assert_eq!(parse_time("now/d", now, false), now - now % 86_400_000);
        assert_eq!(
            parse_time("now/d", now, true),
            now - now % 86_400_000 + 86_400_000 - 1
        );
        assert_eq!(parse_time("garbage", now, false), 0);
        assert_eq!(parse_time("now-5x", now, false), 0);
    }

    #[test]
    fn labels() {
        let l = parse_labels(r#"{job="api", idx=$seriesIndex}"#, 3).unwrap();
        assert_eq!(l.get("job").map(String::as_str), Some("api"));
        assert_eq!(l.get("idx").map(String::as_str), Some("3"));
        assert!(parse_labels("{novalue}", 0).is_none());
        assert!(parse_labels("", 0).unwrap().is_empty());
    }

    #[test]
    fn rng_is_deterministic() {
        let a = Rng::seeded(&[b"A", b"0"]).float();
        let b = Rng::seeded(&[b"A", b"0"]).float();
        let c = Rng::seeded(&[b"B", b"0"]).float();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!((0.0..1.0).contains(&a));
    }
}
