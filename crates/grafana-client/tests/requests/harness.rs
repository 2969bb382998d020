//! Request and decode checks without HTTP and without a runtime.
//!
//! Every endpoint is a function returning a `Call`; `Call::into_request()`
//! gives the request it would send (method, encoded path, query pairs, JSON
//! body, endpoint headers) without any I/O, as kube-core's request tests
//! check `req.uri()`. An area file holds:
//!
//! - `fn requests()`: a table `[(label, call.into_request(), req(..)), ..]`
//!   checked by [`check_all`], which names every row that differs;
//! - `fn decodes()`: a table `[(label, lossless(call, json!(..))), ..]` of
//!   realistic Grafana answers, checked by [`check_decodes`].
//!
//! What only HTTP can show (auth, org header, retries, redirects, encoding on
//! the wire, error bodies) lives in `tests/transport.rs`.

#![allow(dead_code)]

use std::fmt::Write as _;

use grafana_client::{blocking, Call, Client, Endpoint, Error, GrafanaApi, Request};
use http::Method;
use serde::Serialize;
use serde_json::Value;

/// The base URL of the clients built here; nothing is ever sent to it.
pub const BASE: &str = "http://grafana.test/";

/// An async client that is only used to build requests (one per test
/// binary, cloned).
pub fn api() -> GrafanaApi {
    static API: std::sync::OnceLock<GrafanaApi> = std::sync::OnceLock::new();
    API.get_or_init(|| GrafanaApi::from_url(BASE).expect("a valid base URL"))
        .clone()
}

/// A blocking client that is only used to build requests.
pub fn blocking_api() -> blocking::GrafanaApi {
    blocking::GrafanaApi::from_url(BASE).expect("a valid base URL")
}

/// What a request must be. Built with [`req`].
#[derive(Debug, Clone)]
pub struct Want {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    ordered: bool,
    body: Option<Value>,
    headers: Vec<(String, String)>,
    text: bool,
    query_results: bool,
}

/// A wanted request: `method` (`"GET"`, ..) and the encoded path below the
/// base URL (`api/dashboards/uid/a%2Fb`; a leading `/` is ignored). No
/// query, no body, no endpoint header, a JSON answer unless said otherwise.
pub fn req(method: &str, path: &str) -> Want {
    Want {
        method: Method::from_bytes(method.as_bytes()).expect("a valid method"),
        path: path.trim_start_matches('/').to_owned(),
        query: Vec::new(),
        ordered: false,
        body: None,
        headers: Vec::new(),
        text: false,
        query_results: false,
    }
}

impl Want {
    /// The exact query pairs, unencoded; compared as a multiset unless
    /// [`ordered`](Want::ordered).
    pub fn query(mut self, pairs: &[(&str, &str)]) -> Self {
        self.query.extend(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        self
    }

    /// The query pairs must come in the given order.
    pub fn ordered(mut self) -> Self {
        self.ordered = true;
        self
    }

    /// The exact JSON body.
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// An endpoint header (name compared case-insensitively, value exactly).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// A `text/*` answer is returned as text.
    pub fn text(mut self) -> Self {
        self.text = true;
        self
    }

    /// A 400 carrying per-refId `results` is an answer (`/api/ds/query`).
    pub fn query_results(mut self) -> Self {
        self.query_results = true;
        self
    }
}

/// Every difference between `got` and `want`, one per line (empty: equal).
pub fn diff(got: &Request, want: &Want) -> String {
    let mut out = String::new();
    if got.method() != want.method {
        let _ = writeln!(out, "method: got {}, want {}", got.method(), want.method);
    }
    match got.path() {
        Ok(p) if p == want.path => {}
        Ok(p) => {
            let _ = writeln!(out, "path: got {p:?}, want {:?}", want.path);
        }
        Err(e) => {
            let _ = writeln!(out, "path: refused ({e}), want {:?}", want.path);
        }
    }
    let mut got_q: Vec<(String, String)> = got.query_pairs().to_vec();
    let mut want_q = want.query.clone();
    if !want.ordered {
        got_q.sort();
        want_q.sort();
    }
    if got_q != want_q {
        let _ = writeln!(out, "query: got {got_q:?}, want {want_q:?}");
    }
    let got_body: Option<Value> = got.body().map(|b| {
        serde_json::from_slice(b).unwrap_or_else(|e| Value::String(format!("<not JSON: {e}>")))
    });
    if got_body != want.body {
        let _ = writeln!(
            out,
            "body: got {}, want {}",
            show(got_body.as_ref()),
            show(want.body.as_ref())
        );
    }
    let mut got_h: Vec<(String, String)> = got
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                v.to_str().unwrap_or("<not ASCII>").to_owned(),
            )
        })
        .collect();
    let mut want_h = want.headers.clone();
    got_h.sort();
    want_h.sort();
    if got_h != want_h {
        let _ = writeln!(out, "headers: got {got_h:?}, want {want_h:?}");
    }
    if got.accepts_text() != want.text {
        let _ = writeln!(
            out,
            "text answer: got {}, want {}",
            got.accepts_text(),
            want.text
        );
    }
    if got.accepts_query_results() != want.query_results {
        let _ = writeln!(
            out,
            "results on 400: got {}, want {}",
            got.accepts_query_results(),
            want.query_results
        );
    }
    out
}

fn show(v: Option<&Value>) -> String {
    v.map_or_else(|| "no body".to_owned(), Value::to_string)
}

/// Asserts one request.
#[track_caller]
pub fn check(label: &str, got: Request, want: Want) {
    let d = diff(&got, &want);
    assert!(d.is_empty(), "{label}:\n{d}");
}

/// Checks a table of rows and fails naming every row that differs (and
/// any label used twice, so a row cannot shadow another).
#[track_caller]
pub fn check_all<const N: usize>(cases: [(&str, Request, Want); N]) {
    let mut failures = String::new();
    let mut labels = std::collections::BTreeSet::new();
    for (label, got, want) in cases {
        if !labels.insert(label) {
            let _ = writeln!(failures, "{label}: label used twice");
        }
        let d = diff(&got, &want);
        if !d.is_empty() {
            let _ = writeln!(
                failures,
                "{label}:\n  {}",
                d.trim_end().replace('\n', "\n  ")
            );
        }
    }
    assert!(failures.is_empty(), "requests that differ:\n{failures}");
}

/// Asserts that the request is refused before sending, with
/// `Error::InvalidArgument` naming `argument` (found while building the
/// path, or while preparing the body).
#[track_caller]
pub fn refused(label: &str, got: Request, argument: &str) {
    match got.path() {
        Err(Error::InvalidArgument { name, .. }) => {
            assert_eq!(*name, argument, "{label}: the refused argument")
        }
        Err(other) => panic!("{label}: refused with {other:?}, want InvalidArgument({argument})"),
        Ok(p) => {
            // A body that could not be prepared shows its error in `Debug`.
            let shown = format!("{got:?}");
            let want = format!("not serializable: invalid argument `{argument}`");
            assert!(
                shown.contains(&want),
                "{label}: would send {} {p}, want InvalidArgument({argument}): {shown}",
                got.method()
            );
        }
    }
}

/// Decodes `json` as the call's output, exactly as the client decodes a
/// 200 answer's bytes. Panics (naming the JSON path) when it does not fit.
#[track_caller]
pub fn answer<C: Client, E: Endpoint>(call: Call<C, E>, json: Value) -> E::Output {
    decode(call, &json).unwrap_or_else(|e| panic!("{e}"))
}

fn decode<C: Client, E: Endpoint>(_call: Call<C, E>, json: &Value) -> Result<E::Output, String> {
    let bytes = serde_json::to_vec(json).map_err(|e| e.to_string())?;
    let mut de = serde_json::Deserializer::from_slice(&bytes);
    serde_path_to_error::deserialize(&mut de)
        .map_err(|e| format!("does not decode at {}: {}", e.path(), e.inner()))
}

/// A decode row: `Ok(())` when `json` decodes as the call's output and
/// encodes back to the same JSON (nothing dropped, renamed or rounded).
pub fn lossless<C: Client, E: Endpoint>(call: Call<C, E>, json: Value) -> Result<(), String>
where
    E::Output: Serialize,
{
    let out = decode(call, &json)?;
    let back = serde_json::to_value(&out).map_err(|e| format!("does not encode: {e}"))?;
    if back == json {
        Ok(())
    } else {
        Err(format!("not lossless:\n   sent {json}\n   back {back}"))
    }
}

/// A decode row for an answer the model normalizes (drops a `null`, fills a
/// default): `Ok(())` when `json` decodes as the call's output.
pub fn fits<C: Client, E: Endpoint>(call: Call<C, E>, json: Value) -> Result<(), String> {
    decode(call, &json).map(drop)
}

/// Checks a table of decode rows, naming every row that fails.
#[track_caller]
pub fn check_decodes<const N: usize>(rows: [(&str, Result<(), String>); N]) {
    let failures: Vec<String> = rows
        .into_iter()
        .filter_map(|(label, r)| r.err().map(|e| format!("{label}: {e}")))
        .collect();
    assert!(
        failures.is_empty(),
        "answers that do not decode losslessly:\n{}",
        failures.join("\n")
    );
}

/// Hostile path values and the one segment each must become.
pub const HOSTILE: &[(&str, &str)] = &[
    ("../admin/users", "..%2Fadmin%2Fusers"),
    ("../admin/settings", "..%2Fadmin%2Fsettings"),
    ("a/b", "a%2Fb"),
    ("%2e%2e", "%252e%252e"),
    ("..%2F", "..%252F"),
    ("%2F", "%252F"),
    ("?x=1", "%3Fx%3D1"),
    ("a?b=c", "a%3Fb%3Dc"),
    ("#frag", "%23frag"),
    ("a#f", "a%23f"),
    ("a b", "a%20b"),
    ("+", "%2B"),
    ("a b+c", "a%20b%2Bc"),
    ("a;b,c&d=e", "a%3Bb%2Cc%26d%3De"),
    ("\\..\\", "%5C..%5C"),
    ("ü/ö", "%C3%BC%2F%C3%B6"),
    ("...", "..."),
    ("AbC-1.2_3~", "AbC-1.2_3~"),
];

/// Values no encoding makes one safe segment: refused before sending.
pub const REFUSED: &[&str] = &["", ".", ".."];

/// One path parameter of one method: `build` puts the value into that
/// parameter (fixed, plain values into any others); `template` is the
/// encoded path with `{}` where the segment goes.
pub struct PathParam {
    pub method: &'static str,
    pub param: &'static str,
    pub verb: &'static str,
    pub template: &'static str,
    pub build: Box<dyn Fn(&str) -> Request>,
}

/// A [`PathParam`] row.
pub fn param(
    method: &'static str,
    param: &'static str,
    verb: &'static str,
    template: &'static str,
    build: impl Fn(&str) -> Request + 'static,
) -> PathParam {
    PathParam {
        method,
        param,
        verb,
        template,
        build: Box::new(build),
    }
}

/// Every hostile value stays inside its one segment and every refused value
/// is refused naming the parameter, for every row; fails naming all
/// offending (method, parameter, value) triples.
#[track_caller]
pub fn check_path_params(rows: &[PathParam]) {
    let mut failures = String::new();
    for p in rows {
        assert!(
            p.template.contains("{}"),
            "{}: template without {{}}",
            p.method
        );
        for (value, segment) in HOSTILE {
            let got = (p.build)(value);
            let want = req(p.verb, &p.template.replacen("{}", segment, 1));
            let mut d = String::new();
            if got.method() != want.method {
                let _ = write!(d, "method {} ", got.method());
            }
            match got.path() {
                Ok(path) if path == want.path => {}
                Ok(path) => {
                    let _ = write!(d, "path {path:?} (want {:?})", want.path);
                }
                Err(e) => {
                    let _ = write!(d, "refused: {e}");
                }
            }
            if !d.is_empty() {
                let _ = writeln!(failures, "{}({}={value:?}): {d}", p.method, p.param);
            }
        }
        for value in REFUSED {
            match (p.build)(value).path() {
                Err(Error::InvalidArgument { name, .. }) if *name == p.param => {}
                other => {
                    let _ = writeln!(
                        failures,
                        "{}({}={value:?}): want InvalidArgument({}), got {other:?}",
                        p.method, p.param, p.param
                    );
                }
            }
        }
    }
    assert!(failures.is_empty(), "path parameters:\n{failures}");
}
