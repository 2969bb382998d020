//! The data-source proxy (`/api/datasources/proxy/...`) and the built-in
//! Prometheus-like backend behind it.
//!
//! Grafana registers `Any /api/datasources/proxy/:id/*` and
//! `Any /api/datasources/proxy/uid/:uid/*` (`pkg/api/api.go`
//! `registerRoutes`), both behind `datasources:query`, handled by
//! `pkg/services/datasourceproxy/datasourceproxy.go`. The emulator's router
//! matches fixed segment counts, so the proxied sub-paths it serves are
//! listed one by one, for `GET` and `POST`:
//!
//! * `…/api/v1/query`, `…/api/v1/query_range`, `…/api/v1/series`,
//!   `…/api/v1/labels`, `…/api/v1/label/{name}/values`,
//!   `…/api/v1/status/buildinfo`
//!
//! where `…` is `/api/datasources/proxy/{id}` (not in 13.0, where the
//! numeric-id routes are off) or `/api/datasources/proxy/uid/{uid}`.
//!
//! Data sources of type `prometheus` are answered by a small in-memory
//! Prometheus: a fixed set of series whose values are functions of time, a
//! PromQL subset (a selector `name{l="v", l!="v", l=~"a|b", l!~"re"}` or a
//! number), and Prometheus's JSON answers and `bad_data` errors. Other
//! installed types have nothing to proxy to (the emulator has no network
//! backends): Grafana's reverse proxy answers 502 with an empty body when it
//! cannot reach the target. An uninstalled type: 404 `Unable to find
//! datasource plugin`.

use axum::response::Response;
use serde_json::{json, Map, Value};

use super::{ApiResult, Ctx};
use crate::api::datasources::{self, DataSource, DATASOURCES_QUERY};
use crate::api::query::parse_query;
use crate::api::respond;
use crate::role::Evaluator;
use crate::routes::Route;

/// The proxied sub-paths served, by index (the `P` of the handlers).
const QUERY: u8 = 0;
const QUERY_RANGE: u8 = 1;
const SERIES: u8 = 2;
const LABELS: u8 = 3;
const LABEL_VALUES: u8 = 4;
const BUILDINFO: u8 = 5;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new(
        "GET",
        "/api/datasources/proxy/uid/{uid}/api/v1/query",
        by_uid::<QUERY>,
    ),
    Route::new(
        "POST",
        "/api/datasources/proxy/uid/{uid}/api/v1/query",
        by_uid::<QUERY>,
    ),
    Route::new(
        "GET",
        "/api/datasources/proxy/uid/{uid}/api/v1/query_range",
        by_uid::<QUERY_RANGE>,
    ),
    Route::new(
        "POST",
        "/api/datasources/proxy/uid/{uid}/api/v1/query_range",
        by_uid::<QUERY_RANGE>,
    ),
    Route::new(
        "GET",
        "/api/datasources/proxy/uid/{uid}/api/v1/series",
        by_uid::<SERIES>,
    ),
    Route::new(
        "POST",
        "/api/datasources/proxy/uid/{uid}/api/v1/series",
        by_uid::<SERIES>,
    ),
    Route::new(
        "GET",
        "/api/datasources/proxy/uid/{uid}/api/v1/labels",
        by_uid::<LABELS>,
    ),
    Route::new(
        "POST",
        "/api/datasources/proxy/uid/{uid}/api/v1/labels",
        by_uid::<LABELS>,
    ),
    Route::new(
        "GET",
        "/api/datasources/proxy/uid/{uid}/api/v1/label/{name}/values",
        by_uid::<LABEL_VALUES>,
    ),
    Route::new(
        "GET",
        "/api/datasources/proxy/uid/{uid}/api/v1/status/buildinfo",
        by_uid::<BUILDINFO>,
    ),
    Route::new(
        "GET",
        "/api/datasources/proxy/{id}/api/v1/query",
        by_id::<QUERY>,
    ),
    Route::new(
        "POST",
        "/api/datasources/proxy/{id}/api/v1/query",
        by_id::<QUERY>,
    ),
    Route::new(
        "GET",
        "/api/datasources/proxy/{id}/api/v1/query_range",
        by_id::<QUERY_RANGE>,
    ),
    Route::new(
        "POST",
        "/api/datasources/proxy/{id}/api/v1/query_range",
        by_id::<QUERY_RANGE>,
    ),
    Route::new(
        "GET",
        "/api/datasources/proxy/{id}/api/v1/series",
        by_id::<SERIES>,
    ),
    Route::new(
        "POST",
        "/api/datasources/proxy/{id}/api/v1/series",
        by_id::<SERIES>,
    ),
    Route::new(
        "GET",
        "/api/datasources/proxy/{id}/api/v1/labels",
        by_id::<LABELS>,
    ),
    Route::new(
        "POST",
        "/api/datasources/proxy/{id}/api/v1/labels",
        by_id::<LABELS>,
    ),
    Route::new(
        "GET",
        "/api/datasources/proxy/{id}/api/v1/label/{name}/values",
        by_id::<LABEL_VALUES>,
    ),
    Route::new(
        "GET",
        "/api/datasources/proxy/{id}/api/v1/status/buildinfo",
        by_id::<BUILDINFO>,
    ),
];

/// This area's stored state (held by [`crate::state::State`]): the series
/// the built-in Prometheus-like backend serves (values are computed from the
/// query time, so nothing changes as the clock moves).
#[derive(Debug)]
pub(crate) struct Store {
    series: &'static [Series],
}

impl Default for Store {
    fn default() -> Self {
        Store { series: SERIES_SET }
    }
}

/// `ProxyDatasourceRequestWithUID`: needs `datasources:query`; 400 `UID is
/// invalid` (`IsValidShortUID`, no `traceID`: the error is nil), 404
/// `Unable to find datasource` (`toAPIError`, with `traceID`).
pub(crate) fn by_uid<const P: u8>(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(DATASOURCES_QUERY))?;
    let uid = ctx.param();
    if !datasources::valid_short_uid(uid) {
        return Err(respond::message(400, "UID is invalid"));
    }
    let ds = {
        let st = ctx.app.state.read();
        datasources::by_uid(&st, who.org_id, uid).cloned()
    };
    let ds = ds.ok_or_else(|| respond::message_with_trace(404, "Unable to find datasource"))?;
    Ok(proxy(ctx, &ds, P))
}

/// `ProxyDataSourceRequest` (numeric id; off in 13.0 with
/// `datasourceLegacyIdApi`): 400 `id is invalid` (with `traceID`), then as
/// [`by_uid`].
pub(crate) fn by_id<const P: u8>(ctx: &Ctx) -> ApiResult {
    if ctx.version() >= (13, 0) {
        return Err(respond::not_found_route());
    }
    let who = ctx.require(Evaluator::One(DATASOURCES_QUERY))?;
    let id: i64 = ctx.param_i64(0, "id is invalid")?;
    let ds = {
        let st = ctx.app.state.read();
        datasources::by_id(&st, who.org_id, id).cloned()
    };
    let ds = ds.ok_or_else(|| respond::message_with_trace(404, "Unable to find datasource"))?;
    Ok(proxy(ctx, &ds, P))
}

/// `proxyDatasourceRequest`: the plugin must be installed (404 `Unable to
/// find datasource plugin`); Prometheus data sources reach the built-in
/// backend, anything else cannot be reached (502, empty body: the reverse
/// proxy's error handler in `pkg/util/proxyutil`).
fn proxy(ctx: &Ctx, ds: &DataSource, sub_path: u8) -> Response {
    if !datasources::is_known_plugin(&ds.kind) {
        return respond::message(404, "Unable to find datasource plugin");
    }
    if datasources::plugin_id(&ds.kind) != "prometheus" {
        return respond::raw(502, "text/plain; charset=utf-8", Vec::new());
    }
    let params = Params::from_request(ctx);
    let now = ctx.now as f64;
    let series = ctx.app.state.read().datasource_proxy.series;
    match sub_path {
        QUERY => prom_query(series, &params, now),
        QUERY_RANGE => prom_query_range(series, &params),
        SERIES => prom_series(series, &params),
        LABELS => prom_labels(series),
        // The label name is the second path parameter of both templates.
        LABEL_VALUES => prom_label_values(series, ctx.param_at(1)),
        _ => prom_ok(json!({
            "version": "2.53.0",
            "revision": "emulator",
            "branch": "HEAD",
            "buildUser": "grafana-emulator",
            "buildDate": "20240101-00:00:00",
            "goVersion": "go1.22.4"
        })),
    }
}

// ---------------------------------------------------------------------------
// Request parameters: the query string, plus a form body on POST (Prometheus
// reads both, `r.FormValue`).

struct Params(Vec<(String, String)>);

impl Params {
    fn from_request(ctx: &Ctx) -> Self {
        let mut all = ctx.query.0.clone();
        let form = ctx
            .header("content-type")
            .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
        if form {
            if let Ok(body) = std::str::from_utf8(ctx.body) {
                all.extend(parse_query(Some(body)));
            }
        }
        Params(all)
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

// ---------------------------------------------------------------------------
// The Prometheus-like backend (answers as `prometheus/web/api/v1/api.go`
// writes them: `{"status":"success","data":…}` or, for a bad request, 400
// `{"status":"error","errorType":"bad_data","error":…}`).

/// One canned series: its labels (`__name__` included) and its value at a
/// time (Unix seconds), deterministic.
#[derive(Debug)]
struct Series {
    labels: &'static [(&'static str, &'static str)],
    value: fn(f64) -> f64,
}

/// The backend's series. Counters grow with time; `up` is constant.
const SERIES_SET: &[Series] = &[
    Series {
        labels: &[
            ("__name__", "up"),
            ("instance", "localhost:3000"),
            ("job", "grafana"),
        ],
        value: |_| 1.0,
    },
    Series {
        labels: &[
            ("__name__", "up"),
            ("instance", "localhost:9090"),
            ("job", "prometheus"),
        ],
        value: |_| 1.0,
    },
    Series {
        labels: &[
            ("__name__", "http_requests_total"),
            ("code", "200"),
            ("handler", "/api/health"),
            ("instance", "localhost:3000"),
            ("job", "grafana"),
            ("method", "GET"),
        ],
        value: |t| (t / 15.0).floor() * 3.0,
    },
    Series {
        labels: &[
            ("__name__", "http_requests_total"),
            ("code", "500"),
            ("handler", "/api/ds/query"),
            ("instance", "localhost:3000"),
            ("job", "grafana"),
            ("method", "POST"),
        ],
        value: |t| (t / 3600.0).floor(),
    },
    Series {
        labels: &[
            ("__name__", "process_cpu_seconds_total"),
            ("instance", "localhost:9090"),
            ("job", "prometheus"),
        ],
        value: |t| (t / 100.0).floor() / 100.0,
    },
];

fn prom_ok(data: Value) -> Response {
    respond::json(200, &json!({ "status": "success", "data": data }))
}

fn prom_bad(msg: &str) -> Response {
    respond::json(
        400,
        &json!({ "status": "error", "errorType": "bad_data", "error": msg }),
    )
}

/// A sample value as Prometheus writes it (`strconv.FormatFloat(v, 'f', -1, 64)`).
fn fmt_value(v: f64) -> Value {
    Value::String(format!("{v}"))
}

/// A timestamp (milliseconds) as Prometheus writes it: seconds, with a
/// fraction only when there are milliseconds.
fn fmt_time(ms: i64) -> Value {
    if ms.rem_euclid(1000) == 0 {
        json!(ms.div_euclid(1000))
    } else {
        json!(ms as f64 / 1000.0)
    }
}

fn metric_json(s: &Series) -> Value {
    Value::Object(
        s.labels
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect(),
    )
}

// --- Parameters -------------------------------------------------------------

/// Days from 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's
/// public-domain `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// RFC 3339 (`2024-01-02T03:04:05.678Z`, `…+02:00`) to milliseconds.
fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if b[13] != b':' || b[16] != b':' || !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let mut rest = &s[19..];
    let mut ms = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let f = &frac[..digits];
        ms = format!("{:0<3}", &f[..f.len().min(3)])
            .parse::<i64>()
            .ok()?;
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        o if o.len() == 6 && o.is_ascii() && o.as_bytes()[3] == b':' => {
            let sign = match o.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            sign * (o.get(1..3)?.parse::<i64>().ok()? * 3600
                + o.get(4..6)?.parse::<i64>().ok()? * 60)
        }
        _ => return None,
    };
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset;
    Some(secs * 1000 + ms)
}

/// `parseTime` (`web/api/v1/api.go`): Unix seconds (fractional allowed) or
/// RFC 3339, as milliseconds.
fn parse_time(s: &str) -> Option<i64> {
    if let Ok(f) = s.parse::<f64>() {
        if f.is_finite() {
            return Some((f * 1000.0).round() as i64);
        }
    }
    parse_rfc3339(s)
}

fn time_param(p: &Params, name: &str, default_ms: Option<i64>) -> Result<i64, Response> {
    match (p.get(name), default_ms) {
        (None | Some(""), Some(d)) => Ok(d),
        (v, _) => {
            let v = v.unwrap_or("");
            parse_time(v).ok_or_else(|| {
                prom_bad(&format!(
                    "invalid parameter \"{name}\": cannot parse \"{v}\" to a valid timestamp"
                ))
            })
        }
    }
}

/// `parseDuration`: seconds (fractional) or a Prometheus duration
/// (`15s`, `1m30s`, `2h`, `500ms`, `1d`, `1w`, `1y`), as milliseconds.
fn parse_duration(s: &str) -> Option<i64> {
    if let Ok(f) = s.parse::<f64>() {
        return f.is_finite().then(|| (f * 1000.0).round() as i64);
    }
    let mut total = 0i64;
    let mut rest = s;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let n: i64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let ms = match unit {
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            "w" => 604_800_000,
            "y" => 31_536_000_000,
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(ms)?)?;
    }
    Some(total)
}

// --- PromQL subset ------------------------------------------------------------

#[derive(Debug)]
enum Op {
    Eq,
    Ne,
    Re,
    Nre,
}

/// A label matcher; a regex is supported as `|`-separated literals, each
/// of which may end in `.*` or `.+` (what selectors of the demo data need).
#[derive(Debug)]
struct Matcher {
    name: String,
    op: Op,
    value: String,
}

impl Matcher {
    fn matches(&self, s: &Series) -> bool {
        let v = s
            .labels
            .iter()
            .find(|(k, _)| *k == self.name)
            .map_or("", |(_, v)| v);
        match self.op {
            Op::Eq => v == self.value,
            Op::Ne => v != self.value,
            Op::Re => regex_match(&self.value, v),
            Op::Nre => !regex_match(&self.value, v),
        }
    }
}

fn regex_match(re: &str, v: &str) -> bool {
    re.split('|').any(|alt| {
        if let Some(prefix) = alt.strip_suffix(".*") {
            v.starts_with(prefix)
        } else if let Some(prefix) = alt.strip_suffix(".+") {
            v.len() > prefix.len() && v.starts_with(prefix)
        } else {
            v == alt
        }
    })
}

/// A parsed query: a number, or a series selector.
#[derive(Debug)]
enum Expr {
    Number(f64),
    Selector(Vec<Matcher>),
}

fn parse_error(pos: usize, what: &str) -> String {
    format!(
        "invalid parameter \"query\": 1:{}: parse error: {what}",
        pos + 1
    )
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == ':'
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == ':'
}

/// Parses the supported subset. Errors are Prometheus's `bad_data` texts
/// (`invalid parameter "query": 1:<col>: parse error: …`).
fn parse_promql(q: &str) -> Result<Expr, String> {
    let src = q.trim();
    let lead = q.len() - q.trim_start().len();
    if src.is_empty() {
        return Err(parse_error(0, "no expression found in input"));
    }
    if let Ok(n) = src.parse::<f64>() {
        return Ok(Expr::Number(n));
    }
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut matchers = Vec::new();
    if is_ident_start(chars[0]) {
        while i < chars.len() && is_ident(chars[i]) {
            i += 1;
        }
        let name: String = chars[..i].iter().collect();
        matchers.push(Matcher {
            name: "__name__".into(),
            op: Op::Eq,
            value: name,
        });
    }
    let skip_ws = |i: &mut usize| {
        while *i < chars.len() && chars[*i].is_whitespace() {
            *i += 1;
        }
    };
    skip_ws(&mut i);
    if i < chars.len() && chars[i] == '{' {
        i += 1;
        loop {
            skip_ws(&mut i);
            if i < chars.len() && chars[i] == '}' {
                i += 1;
                break;
            }
            let start = i;
            while i < chars.len() && is_ident(chars[i]) {
                i += 1;
            }
            if start == i {
                let found = chars.get(i).map_or("end of input".to_string(), |c| {
                    format!("character inside braces: '{c}'")
                });
                return Err(parse_error(lead + i, &format!("unexpected {found}")));
            }
            let name: String = chars[start..i].iter().collect();
            skip_ws(&mut i);
            let rest: String = chars[i..].iter().take(2).collect();
            let (op, len) = if rest.starts_with("=~") {
                (Op::Re, 2)
            } else if rest.starts_with("!~") {
                (Op::Nre, 2)
            } else if rest.starts_with("!=") {
                (Op::Ne, 2)
            } else if rest.starts_with('=') {
                (Op::Eq, 1)
            } else {
                return Err(parse_error(
                    lead + i,
                    "unexpected character inside braces: expected label matching operator",
                ));
            };
            i += len;
            skip_ws(&mut i);
            let quote = match chars.get(i) {
                Some(q @ ('"' | '\'' | '`')) => *q,
                _ => {
                    return Err(parse_error(
                        lead + i,
                        "unexpected character inside braces: expected string",
                    ))
                }
            };
            i += 1;
            let mut value = String::new();
            loop {
                match chars.get(i) {
                    None => return Err(parse_error(lead + i, "unterminated quoted string")),
                    Some('\\') if quote != '`' => {
                        if let Some(c) = chars.get(i + 1) {
                            value.push(*c);
                        }
                        i += 2;
                    }
                    Some(c) if *c == quote => {
                        i += 1;
                        break;
                    }
                    Some(c) => {
                        value.push(*c);
                        i += 1;
                    }
                }
            }
            matchers.push(Matcher { name, op, value });
            skip_ws(&mut i);
            match chars.get(i) {
                Some(',') => i += 1,
                Some('}') => {}
                Some(c) => {
                    return Err(parse_error(
                        lead + i,
                        &format!("unexpected character inside braces: '{c}'"),
                    ))
                }
                None => {
                    return Err(parse_error(
                        lead + i,
                        "unexpected end of input inside braces",
                    ))
                }
            }
        }
    }
    skip_ws(&mut i);
    if matchers.is_empty() {
        return Err(parse_error(
            lead,
            &format!("unexpected character: '{}'", chars[0]),
        ));
    }
    if i < chars.len() {
        // Functions, operators, ranges …: beyond the emulator's subset.
        return Err(parse_error(
            lead + i,
            &format!(
                "unexpected character: '{}' (the emulator's Prometheus serves selectors and numbers only)",
                chars[i]
            ),
        ));
    }
    // Prometheus refuses a selector that can match the empty label set.
    let matches_empty = matchers.iter().all(|m| match m.op {
        Op::Eq => m.value.is_empty(),
        Op::Ne => !m.value.is_empty(),
        Op::Re => regex_match(&m.value, ""),
        Op::Nre => !regex_match(&m.value, ""),
    });
    if matches_empty {
        return Err(parse_error(
            lead,
            "vector selector must contain at least one non-empty matcher",
        ));
    }
    Ok(Expr::Selector(matchers))
}

fn select<'a>(
    series: &'static [Series],
    matchers: &'a [Matcher],
) -> impl Iterator<Item = &'static Series> + 'a {
    series
        .iter()
        .filter(move |s| matchers.iter().all(|m| m.matches(s)))
}

// --- Endpoints ----------------------------------------------------------------

/// `GET|POST /api/v1/query` (`query`, `time` default now): a vector (for a
/// selector) or a scalar (for a number).
fn prom_query(series: &'static [Series], p: &Params, now_secs: f64) -> Response {
    let t = match time_param(p, "time", Some((now_secs * 1000.0) as i64)) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let expr = match parse_promql(p.get("query").unwrap_or("")) {
        Ok(e) => e,
        Err(msg) => return prom_bad(&msg),
    };
    let secs = t as f64 / 1000.0;
    match expr {
        Expr::Number(n) => prom_ok(json!({
            "resultType": "scalar",
            "result": [fmt_time(t), fmt_value(n)],
        })),
        Expr::Selector(m) => {
            let result: Vec<Value> = select(series, &m)
                .map(|s| {
                    json!({
                        "metric": metric_json(s),
                        "value": [fmt_time(t), fmt_value((s.value)(secs))],
                    })
                })
                .collect();
            prom_ok(json!({ "resultType": "vector", "result": result }))
        }
    }
}

/// `GET|POST /api/v1/query_range` (`query`, `start`, `end`, `step`): a
/// matrix, one point per step from `start` to `end`.
fn prom_query_range(series: &'static [Series], p: &Params) -> Response {
    let start = match time_param(p, "start", None) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let end = match time_param(p, "end", None) {
        Ok(t) => t,
        Err(r) => return r,
    };
    if end < start {
        return prom_bad("invalid parameter \"end\": end timestamp must not be before start time");
    }
    let step_raw = p.get("step").unwrap_or("");
    let Some(step) = parse_duration(step_raw) else {
        return prom_bad(&format!(
            "invalid parameter \"step\": cannot parse \"{step_raw}\" to a valid duration"
        ));
    };
    if step <= 0 {
        return prom_bad("invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    if end.saturating_sub(start) / step > 11_000 {
        return prom_bad("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
    }
    let expr = match parse_promql(p.get("query").unwrap_or("")) {
        Ok(e) => e,
        Err(msg) => return prom_bad(&msg),
    };
    let times: Vec<i64> = (0..=11_000i64)
        .map_while(|k| start.checked_add(k.checked_mul(step)?))
        .take_while(|t| *t <= end)
        .collect();
    let points = |f: &dyn Fn(f64) -> f64| -> Vec<Value> {
        times
            .iter()
            .map(|t| json!([fmt_time(*t), fmt_value(f(*t as f64 / 1000.0))]))
            .collect()
    };
    let result: Vec<Value> = match expr {
        Expr::Number(n) => vec![json!({ "metric": {}, "values": points(&|_| n) })],
        Expr::Selector(m) => select(series, &m)
            .map(|s| json!({ "metric": metric_json(s), "values": points(&s.value) }))
            .collect(),
    };
    // A number over a range is a matrix too, with an empty label set.
    prom_ok(json!({ "resultType": "matrix", "result": result }))
}

/// `GET|POST /api/v1/series` (`match[]` repeated, `start`, `end`): the
/// label sets of the series any selector matches. 400 `no match[]
/// parameter provided` without one.
fn prom_series(series: &'static [Series], p: &Params) -> Response {
    let selectors = p.all("match[]");
    if selectors.is_empty() {
        return prom_bad("no match[] parameter provided");
    }
    for name in ["start", "end"] {
        if let Err(r) = time_param(p, name, Some(0)) {
            return r;
        }
    }
    let mut picked: Vec<&Series> = Vec::new();
    for sel in selectors {
        match parse_promql(sel) {
            Ok(Expr::Selector(m)) => {
                for s in select(series, &m) {
                    if !picked.iter().any(|x| std::ptr::eq(*x, s)) {
                        picked.push(s);
                    }
                }
            }
            Ok(Expr::Number(_)) => {
                return prom_bad(&format!(
                    "invalid parameter \"match[]\": 1:1: parse error: unexpected number \"{sel}\""
                ))
            }
            Err(msg) => {
                return prom_bad(&msg.replacen("\"query\"", "\"match[]\"", 1));
            }
        }
    }
    let data: Vec<Value> = picked.into_iter().map(metric_json).collect();
    prom_ok(Value::Array(data))
}

/// `GET|POST /api/v1/labels`: every label name, sorted.
fn prom_labels(series: &[Series]) -> Response {
    let mut names: Vec<&str> = series
        .iter()
        .flat_map(|s| s.labels.iter().map(|(k, _)| *k))
        .collect();
    names.sort_unstable();
    names.dedup();
    prom_ok(json!(names))
}

/// `GET /api/v1/label/{name}/values`: the values of one label, sorted
/// (`[]` for an unknown label).
fn prom_label_values(series: &[Series], name: &str) -> Response {
    let mut values: Vec<&str> = series
        .iter()
        .flat_map(|s| s.labels.iter().filter(|(k, _)| *k == name).map(|(_, v)| *v))
        .collect();
    values.sort_unstable();
    values.dedup();
    let mut m = Map::new();
    m.insert("status".into(), json!("success"));
    m.insert("data".into(), json!(values));
    respond::json(200, &Value::Object(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_times_and_durations() {
        assert_eq!(parse_time("1700000000"), Some(1_700_000_000_000));
        assert_eq!(parse_time("1700000000.5"), Some(1_700_000_000_500));
        assert_eq!(parse_time("2023-11-14T22:13:20Z"), Some(1_700_000_000_000));
        assert_eq!(
            parse_time("2023-11-14T23:13:20.25+01:00"),
            Some(1_700_000_000_250)
        );
        assert_eq!(parse_time("yesterday"), None);
        assert_eq!(parse_time("2023-11-14T22:13:20+é:00"), None);
        assert_eq!(parse_time("2023-11-14T22:13:20Zé"), None);
        assert_eq!(parse_duration("1m30s"), Some(90_000));
        assert_eq!(parse_duration("15"), Some(15_000));
        assert_eq!(parse_duration("5x"), None);
    }

    #[test]
    fn parses_selectors() {
        let Ok(Expr::Selector(m)) = parse_promql(r#"up{job=~"graf.*|x", instance!="a"}"#) else {
            panic!("selector expected")
        };
        assert_eq!(select(SERIES_SET, &m).count(), 1);
        assert!(parse_promql("").is_err());
        assert!(parse_promql("sum(up)").is_err());
        assert!(parse_promql(r#"{job=""}"#).is_err());
        assert!(matches!(parse_promql("1"), Ok(Expr::Number(_))));
    }
}
