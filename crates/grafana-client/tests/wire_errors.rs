//! Error answers, decode failures, retries and timeouts, async and blocking.

mod wire_common;

use std::time::{Duration, Instant};

use grafana_client::models::Message;
use grafana_client::Error;
use grafana_client::{ErrorBody, ErrorKind, RetryPolicy};
use http::StatusCode;
use serde_json::{json, Value};
use wire_common::*;
use wiremock::matchers::{any, method};
use wiremock::{Mock, ResponseTemplate};

const STATUSES: [u16; 12] = [400, 401, 403, 404, 409, 412, 422, 429, 500, 502, 503, 504];

fn kind_of(status: u16) -> ErrorKind {
    match status {
        400 => ErrorKind::BadInput,
        401 => ErrorKind::Unauthorized,
        403 => ErrorKind::Forbidden,
        404 => ErrorKind::NotFound,
        409 => ErrorKind::Conflict,
        412 => ErrorKind::PreconditionFailed,
        422 => ErrorKind::Client,
        429 => ErrorKind::TooManyRequests,
        _ => ErrorKind::Server,
    }
}

/// One of Grafana's error body shapes and what the error must read from it.
struct Shape {
    content_type: &'static str,
    body: &'static str,
    message: Option<&'static str>,
    message_id: Option<&'static str>,
    status_text: Option<&'static str>,
    /// `Some(json)` for a JSON body, `None` for text/empty (see `text`).
    json: Option<Value>,
    text: Option<&'static str>,
}

fn plain() -> Shape {
    Shape {
        content_type: "application/json",
        body: r#"{"message":"Dashboard not found","traceID":""}"#,
        message: Some("Dashboard not found"),
        message_id: None,
        status_text: None,
        json: Some(json!({"message": "Dashboard not found", "traceID": ""})),
        text: None,
    }
}

fn errutil() -> Shape {
    Shape {
        content_type: "application/json",
        body: r#"{"message":"Snapshot not found","messageId":"dashboardsnapshots.not-found","statusCode":404}"#,
        message: Some("Snapshot not found"),
        message_id: Some("dashboardsnapshots.not-found"),
        status_text: None,
        json: Some(
            json!({"message": "Snapshot not found", "messageId": "dashboardsnapshots.not-found", "statusCode": 404}),
        ),
        text: None,
    }
}

fn version_mismatch() -> Shape {
    Shape {
        content_type: "application/json",
        body: r#"{"status":"version-mismatch","message":"The dashboard has been changed by someone else"}"#,
        message: Some("The dashboard has been changed by someone else"),
        message_id: None,
        status_text: Some("version-mismatch"),
        json: Some(
            json!({"status": "version-mismatch", "message": "The dashboard has been changed by someone else"}),
        ),
        text: None,
    }
}

fn rbac() -> Shape {
    Shape {
        content_type: "application/json",
        body: r#"{"title":"Access denied","message":"You'll need additional permissions to perform this action. Permissions needed: snapshots:delete","accessErrorId":"ACE1234567890"}"#,
        message: Some("You'll need additional permissions to perform this action. Permissions needed: snapshots:delete"),
        message_id: None,
        status_text: None,
        json: Some(json!({
            "title": "Access denied",
            "message": "You'll need additional permissions to perform this action. Permissions needed: snapshots:delete",
            "accessErrorId": "ACE1234567890"
        })),
        text: None,
    }
}

fn html() -> Shape {
    Shape {
        content_type: "text/html; charset=utf-8",
        body: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body>\r\n</html>\r\n",
        message: Some("502 Bad Gateway nginx"),
        message_id: None,
        status_text: None,
        json: None,
        text: Some("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body>\r\n</html>"),
    }
}

fn empty() -> Shape {
    Shape {
        content_type: "application/json",
        body: "",
        message: None,
        message_id: None,
        status_text: None,
        json: None,
        text: None,
    }
}

fn legacy_error_field() -> Shape {
    Shape {
        content_type: "application/json",
        body: r#"{"error":"record not found"}"#,
        message: Some("record not found"),
        message_id: None,
        status_text: None,
        json: Some(json!({"error": "record not found"})),
        text: None,
    }
}

/// Every status with one body shape, spread over every method (so the
/// error's method and path vary), with the request id headers varied too.
fn status_matrix<M: Mode>(shape: Shape) {
    let env = Env::new();
    let all_ops: Vec<Op<M>> = ops::<M>()
        .into_iter()
        .filter(|o| o.name != "version" && o.name != "get_version")
        .collect();
    let api = M::build(env.builder()).unwrap(); // RetryPolicy::none()
    for (i, status) in STATUSES.into_iter().enumerate() {
        for (j, op) in all_ops.iter().enumerate() {
            if (i + j) % 3 != 0 {
                continue; // every status meets several methods, every method several statuses
            }
            env.reset();
            let mut t = ResponseTemplate::new(status)
                .set_body_raw(shape.body.as_bytes().to_vec(), shape.content_type)
                .insert_header("retry-after", "0");
            let (rid, want_rid) = match (i + j) % 4 {
                0 => (vec![("x-request-id", "req-1")], Some("req-1")),
                1 => (vec![("x-grafana-request-id", "gr-2")], Some("gr-2")),
                2 => (
                    vec![("x-request-id", "req-3"), ("x-grafana-request-id", "gr-3")],
                    Some("req-3"),
                ),
                _ => (vec![], None),
            };
            for (k, v) in rid {
                t = t.insert_header(k, v);
            }
            env.answer(t);
            let ctx = format!("{} {status}", op.name);
            let err = (op.run)(&env, &api, Opts::default()).expect_err(&ctx);
            // not retried, even for 429/5xx
            let req = env.only_request(&ctx);
            let e = err
                .api()
                .unwrap_or_else(|| panic!("{ctx}: not an Api error: {err:?}"));
            assert_eq!(
                err.status(),
                Some(StatusCode::from_u16(status).unwrap()),
                "{ctx}"
            );
            assert_eq!(err.kind(), Some(kind_of(status)), "{ctx}");
            assert_eq!(e.kind(), kind_of(status), "{ctx}");
            assert_eq!(e.status.as_u16(), status, "{ctx}");
            assert_eq!(e.message.as_deref(), shape.message, "{ctx}: message");
            assert_eq!(
                e.message_id.as_deref(),
                shape.message_id,
                "{ctx}: message_id"
            );
            assert_eq!(
                e.status_text.as_deref(),
                shape.status_text,
                "{ctx}: status_text"
            );
            match (&shape.json, shape.text, &e.body) {
                (Some(j), _, ErrorBody::Json(got)) => assert_eq!(got, j, "{ctx}: body"),
                (None, Some(t), ErrorBody::Text(got)) => assert_eq!(got, t, "{ctx}: body"),
                (None, None, ErrorBody::Empty) => {}
                (_, _, got) => panic!("{ctx}: unexpected body {got:?}"),
            }
            assert_eq!(e.request_id.as_deref(), want_rid, "{ctx}: request_id");
            assert_eq!(e.retry_after.as_deref(), Some("0"), "{ctx}: retry_after");
            assert_eq!(e.method.as_str(), op.method, "{ctx}: method");
            assert_eq!(e.path, format!("/{}", op.path), "{ctx}: path (no query)");
            assert_eq!(req.url.path(), e.path, "{ctx}");
            assert_eq!(err.is_not_found(), status == 404, "{ctx}");
            assert_eq!(err.is_unauthorized(), status == 401, "{ctx}");
            assert_eq!(err.is_forbidden(), status == 403, "{ctx}");
            assert_eq!(err.is_conflict(), status == 409, "{ctx}");
            assert_eq!(err.is_precondition_failed(), status == 412, "{ctx}");
            assert!(!err.is_timeout(), "{ctx}");
            // Display: method, path, status, message and request id
            let shown = err.to_string();
            assert!(shown.contains(op.method), "{ctx}: {shown}");
            assert!(shown.contains(&e.path), "{ctx}: {shown}");
            assert!(shown.contains(&status.to_string()), "{ctx}: {shown}");
            if let Some(m) = shape.message {
                assert!(shown.contains(m), "{ctx}: {shown}");
            }
            if let Some(id) = want_rid {
                assert!(shown.contains(id), "{ctx}: {shown}");
            }
        }
    }
}

fn errors_plain_message<M: Mode>() {
    status_matrix::<M>(plain());
}
fn errors_errutil<M: Mode>() {
    status_matrix::<M>(errutil());
}
fn errors_version_mismatch<M: Mode>() {
    status_matrix::<M>(version_mismatch());
}
fn errors_rbac<M: Mode>() {
    status_matrix::<M>(rbac());
}
fn errors_html<M: Mode>() {
    status_matrix::<M>(html());
}
fn errors_empty_body<M: Mode>() {
    status_matrix::<M>(empty());
}
fn errors_legacy_error_field<M: Mode>() {
    status_matrix::<M>(legacy_error_field());
}

/// Each status on one method, every shape: the exhaustive cross product on
/// the most used endpoint.
fn errors_every_status_every_shape_on_get_snapshot<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    for status in STATUSES {
        for shape in [
            plain(),
            errutil(),
            version_mismatch(),
            rbac(),
            html(),
            empty(),
        ] {
            env.reset();
            env.answer(
                ResponseTemplate::new(status)
                    .set_body_raw(shape.body.as_bytes().to_vec(), shape.content_type),
            );
            let err = M::send(&env, M::snapshots(&api).get_snapshot_by_key("k"))
                .expect_err("error status");
            let ctx = format!("{status} {}", shape.body);
            let e = err.api().unwrap_or_else(|| panic!("{ctx}: {err:?}"));
            assert_eq!(e.status.as_u16(), status, "{ctx}");
            assert_eq!(e.kind(), kind_of(status), "{ctx}");
            assert_eq!(e.message.as_deref(), shape.message, "{ctx}");
            assert_eq!(e.message_id.as_deref(), shape.message_id, "{ctx}");
            assert_eq!(e.status_text.as_deref(), shape.status_text, "{ctx}");
            assert_eq!(e.request_id, None, "{ctx}");
            assert_eq!(e.retry_after, None, "{ctx}");
            assert_eq!(e.method, http::Method::GET, "{ctx}");
            assert_eq!(e.path, "/api/snapshots/k", "{ctx}");
            assert_eq!(env.requests().len(), 1, "{ctx}: not retried");
        }
    }
}

fn odd_error_bodies_never_panic<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    let cases: [(&str, &str, Option<&str>); 6] = [
        ("[1,2]", "application/json", None),
        ("\"just a string\"", "application/json", None),
        ("{\"message\": 5}", "application/json", None),
        (
            "{\"message\": \"trunc",
            "application/json",
            Some("{\"message\": \"trunc"),
        ),
        ("   \n\t ", "text/plain", None),
        (
            "\u{fffd}\u{0}binary",
            "application/octet-stream",
            Some("\u{fffd}\u{0}binary"),
        ),
    ];
    for (body, ct, message) in cases {
        env.reset();
        env.answer(ResponseTemplate::new(500).set_body_raw(body.as_bytes().to_vec(), ct));
        let err = M::send(&env, M::health(&api).check()).expect_err(body);
        let e = err.api().expect("api error");
        assert_eq!(e.message.as_deref(), message, "{body:?}");
        assert_eq!(e.status.as_u16(), 500);
    }
}

// ------------------------------------------------------------------- retries

fn default_policy_retries_a_get_503_then_succeeds<M: Mode>() {
    let env = Env::new();
    env.mount(
        Mock::given(any())
            .respond_with(ResponseTemplate::new(503).set_body_json(json!({"message": "busy"})))
            .up_to_n_times(2)
            .with_priority(1),
    );
    env.answer_json(200, json!({"database": "ok"}));
    let api = M::build(env.builder().retry(RetryPolicy::default())).unwrap();
    let h = M::send(&env, M::health(&api).check()).unwrap();
    assert_eq!(h.database, "ok");
    let reqs = env.requests();
    assert_eq!(reqs.len(), 3, "two 503s, then the 200");
    for r in &reqs {
        assert_request(r, "GET", "/api/health", None, None, "retried GET");
    }
}

fn default_policy_retries_a_put_with_the_same_body<M: Mode>() {
    let env = Env::new();
    env.mount(
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(502))
            .up_to_n_times(1)
            .with_priority(1),
    );
    env.answer_json(200, json!({"ok": true}));
    let api = M::build(
        env.builder()
            .retry(RetryPolicy::default())
            .organization_id(2),
    )
    .unwrap();
    let body = json!({"theme": "dark"});
    let v = M::send(
        &env,
        M::raw(&api)
            .put("api/org/preferences")
            .param("x", "y")
            .body(&body),
    )
    .unwrap();
    assert_eq!(v, json!({"ok": true}));
    let reqs = env.requests();
    assert_eq!(reqs.len(), 2);
    for r in &reqs {
        assert_request(
            r,
            "PUT",
            "/api/org/preferences",
            Some("x=y"),
            Some(&body),
            "retried PUT",
        );
        assert_auth_org(r, None, Some("2"), "retried PUT");
    }
}

fn default_policy_sends_a_post_503_once<M: Mode>() {
    let env = Env::new();
    env.answer_json(503, json!({"message": "busy"}));
    let api = M::build(env.builder().retry(RetryPolicy::default())).unwrap();
    let err = M::send(
        &env,
        M::snapshots(&api).create_new_snapshot(&json!({"uid": "u"})),
    )
    .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(err.kind(), Some(ErrorKind::Server));
    let r = env.only_request("POST 503");
    assert_request(
        &r,
        "POST",
        "/api/snapshots",
        None,
        Some(&json!({"dashboard": {"uid": "u"}})),
        "POST",
    );
    // also raw PATCH
    env.reset();
    env.answer_json(503, json!({"message": "busy"}));
    let err = M::send(&env, M::raw(&api).patch("api/x").body(&json!({}))).unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    env.only_request("PATCH 503");
}

fn default_policy_does_not_retry_a_500_or_404<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder().retry(RetryPolicy::default())).unwrap();
    for status in [500, 404, 401, 400] {
        env.reset();
        env.answer_json(status, json!({"message": "no"}));
        let err = M::send(&env, M::snapshots(&api).get_snapshot_by_key("k")).unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        env.only_request(&format!("GET {status}"));
    }
}

fn per_call_retry_overrides_the_client<M: Mode>() {
    let env = Env::new();
    env.answer_json(503, json!({"message": "busy"}));
    // client never retries; this call may retry twice
    let api = M::build(env.builder()).unwrap();
    let policy = RetryPolicy::default()
        .max_retries(2)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5));
    let err = M::send(&env, M::health(&api).check().retry(policy.clone())).unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(env.requests().len(), 3);
    // a POST only with retry_non_idempotent
    env.reset();
    env.answer_json(503, json!({"message": "busy"}));
    let call = M::snapshots(&api)
        .create_new_snapshot(&json!({}))
        .retry(policy)
        .retry_non_idempotent();
    M::send(&env, call).unwrap_err();
    assert_eq!(env.requests().len(), 3);
}

fn retry_after_is_honoured_or_ends_the_retries<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder().retry(RetryPolicy::default())).unwrap();
    // too long to wait for: given up at once, the header kept in the error
    env.answer(
        ResponseTemplate::new(429)
            .set_body_json(json!({"message": "rate limited"}))
            .insert_header("retry-after", "3600"),
    );
    let started = Instant::now();
    let err = M::send(&env, M::health(&api).check()).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    let e = err.api().expect("api error");
    assert_eq!(e.kind(), ErrorKind::TooManyRequests);
    assert_eq!(e.retry_after.as_deref(), Some("3600"));
    assert_eq!(e.message.as_deref(), Some("rate limited"));
    env.only_request("429 Retry-After 3600");
    // zero: retried at once
    env.reset();
    env.mount(
        Mock::given(any())
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
            .up_to_n_times(1)
            .with_priority(1),
    );
    env.answer_json(200, json!({"database": "ok"}));
    assert_eq!(
        M::send(&env, M::health(&api).check()).unwrap().database,
        "ok"
    );
    assert_eq!(env.requests().len(), 2);
}

// ------------------------------------------------------------ decode errors

fn decode_error(err: &Error) -> &grafana_client::DecodeError {
    match err {
        Error::Decode(d) => d,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

fn empty_200_where_json_is_expected<M: Mode>() {
    let env = Env::new();
    env.answer(ResponseTemplate::new(200));
    let api = M::build(env.builder()).unwrap();
    let err = M::send(&env, M::snapshots(&api).get_snapshot_by_key("k")).unwrap_err();
    let d = decode_error(&err);
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(d.method, http::Method::GET);
    assert_eq!(d.path, "/api/snapshots/k");
    assert_eq!(d.json_path, ".");
    assert_eq!(d.snippet, "");
    assert!(d.reason.contains("none"), "{}", d.reason);
    assert_eq!(err.kind(), None);
    assert!(err.api().is_none());
    assert!(err.to_string().contains("/api/snapshots/k"), "{err}");
    // the untyped twin reads it as null; unit and Option accept it
    assert_eq!(
        M::send(&env, M::snapshots(&api).get_snapshot_by_key("k").value()).unwrap(),
        Value::Null
    );
    M::send(
        &env,
        M::snapshots(&api).delete_snapshot_by_key("k").json::<()>(),
    )
    .unwrap();
    let none: Option<Message> =
        M::send(&env, M::snapshots(&api).delete_snapshot_by_key("k").json()).unwrap();
    assert_eq!(none, None);
}

fn html_login_page_with_200<M: Mode>() {
    let env = Env::new();
    let page =
        "<!DOCTYPE html>\n<html><head><title>Grafana</title></head><body>Sign in</body></html>";
    env.answer(ResponseTemplate::new(200).set_body_raw(page, "text/html; charset=utf-8"));
    let api = M::build(env.builder()).unwrap();
    for err in [
        M::send(&env, M::dashboard(&api).get_dashboard("abc")).unwrap_err(),
        M::send(&env, M::raw(&api).get("api/org")).unwrap_err(),
    ] {
        let d = decode_error(&err);
        assert_eq!(d.content_type.as_deref(), Some("text/html; charset=utf-8"));
        assert!(d.reason.contains("text/html"), "{}", d.reason);
        assert_eq!(d.snippet, page);
        assert!(err.to_string().contains("<!DOCTYPE html>"), "{err}");
    }
}

fn truncated_json<M: Mode>() {
    let env = Env::new();
    env.answer(ResponseTemplate::new(200).set_body_raw(
        r#"{"key":"k","deleteKey":"d","url":"u","deleteUrl":"#,
        "application/json",
    ));
    let api = M::build(env.builder()).unwrap();
    let err = M::send(&env, M::snapshots(&api).create_new_snapshot(&json!({}))).unwrap_err();
    let d = decode_error(&err);
    assert_eq!(d.json_path, "deleteUrl", "{d:?}");
    assert!(d.reason.contains("EOF"), "{}", d.reason);
    assert_eq!(
        d.snippet,
        r#"{"key":"k","deleteKey":"d","url":"u","deleteUrl":"#
    );
    assert_eq!(d.method, http::Method::POST);
    assert_eq!(d.path, "/api/snapshots");
}

fn wrong_type_at_a_nested_field<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    env.answer_json(
        200,
        json!([{"id": 1, "name": "a", "key": "k"}, {"id": "two", "name": "b"}]),
    );
    let err = M::send(&env, M::snapshots(&api).get_dashboard_snapshots()).unwrap_err();
    let d = decode_error(&err);
    assert_eq!(d.json_path, "[1].id");
    assert!(d.reason.contains("invalid type"), "{}", d.reason);
    assert!(err.to_string().contains("[1].id"), "{err}");

    env.reset();
    env.answer_json(200, json!({"dashboard": {}, "meta": {"version": "four"}}));
    let err = M::send(&env, M::dashboard(&api).get_dashboard("u")).unwrap_err();
    assert_eq!(decode_error(&err).json_path, "meta.version");

    env.reset();
    env.answer_json(
        200,
        json!({"key": "k", "deleteKey": 5, "url": "u", "deleteUrl": "d"}),
    );
    let err = M::send(&env, M::snapshots(&api).create_new_snapshot(&json!({}))).unwrap_err();
    assert_eq!(decode_error(&err).json_path, "deleteKey");

    // a required field missing
    env.reset();
    env.answer_json(200, json!({"key": "k", "url": "u", "deleteUrl": "d"}));
    let err = M::send(&env, M::snapshots(&api).create_new_snapshot(&json!({}))).unwrap_err();
    assert!(decode_error(&err).reason.contains("deleteKey"), "{err}");
}

fn no_content_204<M: Mode>() {
    let env = Env::new();
    env.answer(ResponseTemplate::new(204));
    let api = M::build(env.builder()).unwrap();
    M::send(&env, M::dashboard(&api).delete_dashboard("u").json::<()>()).unwrap();
    let o: Option<Message> =
        M::send(&env, M::snapshots(&api).delete_snapshot_by_key("k").json()).unwrap();
    assert_eq!(o, None);
    assert_eq!(
        M::send(&env, M::raw(&api).delete("api/x")).unwrap(),
        Value::Null
    );
    // a model that needs a body reports it
    let err = M::send(&env, M::snapshots(&api).delete_snapshot_by_key("k")).unwrap_err();
    let d = decode_error(&err);
    assert_eq!(d.status, StatusCode::NO_CONTENT);
    assert_eq!(d.json_path, ".");
}

fn trailing_garbage<M: Mode>() {
    let env = Env::new();
    env.answer(
        ResponseTemplate::new(200).set_body_raw(r#"{"message":"ok"} trailing"#, "application/json"),
    );
    let api = M::build(env.builder()).unwrap();
    let err = M::send(&env, M::snapshots(&api).delete_snapshot_by_key("k")).unwrap_err();
    let d = decode_error(&err);
    assert!(d.reason.contains("trailing"), "{}", d.reason);
    let err = M::send(&env, M::snapshots(&api).delete_snapshot_by_key("k").value()).unwrap_err();
    decode_error(&err);
    // whitespace after the document is fine
    env.reset();
    env.answer(
        ResponseTemplate::new(200).set_body_raw("{\"message\":\"ok\"}\n \r\n", "application/json"),
    );
    assert_eq!(
        M::send(&env, M::snapshots(&api).delete_snapshot_by_key("k"))
            .unwrap()
            .message,
        "ok"
    );
}

fn large_response_is_refused<M: Mode>() {
    let env = Env::new();
    let big = format!("{{\"message\":\"{}\"}}", "x".repeat(10_000));
    env.answer(ResponseTemplate::new(200).set_body_raw(big, "application/json"));
    let api = M::build(env.builder().max_response_bytes(1_000)).unwrap();
    match M::send(&env, M::health(&api).check()) {
        Err(Error::ResponseTooLarge { limit, path, .. }) => {
            assert_eq!(limit, 1_000);
            assert_eq!(path, "/api/health");
        }
        other => panic!("{other:?}"),
    }
}

// ------------------------------------------------------------------ timeouts

fn slow(env: &Env) {
    env.answer(
        ResponseTemplate::new(200)
            .set_body_json(json!({"database": "ok"}))
            .set_delay(Duration::from_secs(1)),
    );
}

fn per_call_timeout<M: Mode>() {
    let env = Env::new();
    slow(&env);
    let api = M::build(env.builder()).unwrap(); // RetryPolicy::none(), 30 s default
    let started = Instant::now();
    let err = M::send(
        &env,
        M::health(&api).check().timeout(Duration::from_millis(50)),
    )
    .unwrap_err();
    let took = started.elapsed();
    match &err {
        Error::Timeout {
            method,
            path,
            elapsed,
        } => {
            assert_eq!(method, http::Method::GET);
            assert_eq!(path, "/api/health");
            assert!(*elapsed >= Duration::from_millis(45), "{elapsed:?}");
            assert!(*elapsed < Duration::from_millis(900), "{elapsed:?}");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(err.is_timeout());
    assert_eq!(err.status(), None);
    assert!(took < Duration::from_millis(900), "{took:?}");
    assert!(err.to_string().contains("timed out"), "{err}");
    // at most one: under load the 50 ms may run out before the request is read
    assert!(
        env.requests().len() <= 1,
        "not retried with RetryPolicy::none()"
    );
}

fn client_timeout_and_per_call_override<M: Mode>() {
    let env = Env::new();
    env.answer(
        ResponseTemplate::new(200)
            .set_body_json(json!({"database": "ok"}))
            .set_delay(Duration::from_millis(300)),
    );
    let api = M::build(env.builder().timeout(Duration::from_millis(50))).unwrap();
    let err = M::send(&env, M::health(&api).check()).unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    // a longer per-call timeout wins over the client's
    let h = M::send(
        &env,
        M::health(&api).check().timeout(Duration::from_secs(5)),
    )
    .unwrap();
    assert_eq!(h.database, "ok");
}

fn connection_refused<M: Mode>() {
    let port = closed_port();
    let env = Env::new();
    let api = M::build(
        grafana_client::GrafanaApi::builder()
            .host("127.0.0.1")
            .port(port)
            .no_proxy()
            .retry(RetryPolicy::none()),
    )
    .unwrap();
    let err = M::send(&env, M::snapshots(&api).get_snapshot_by_key("k")).unwrap_err();
    match &err {
        Error::Connect { method, path, .. } => {
            assert_eq!(method, http::Method::GET);
            assert_eq!(path, "/api/snapshots/k");
        }
        other => panic!("expected Connect, got {other:?}"),
    }
    assert_eq!(err.status(), None);
    assert_eq!(err.kind(), None);
}

wire_common::both!(
    errors_plain_message,
    errors_errutil,
    errors_version_mismatch,
    errors_rbac,
    errors_html,
    errors_empty_body,
    errors_legacy_error_field,
    errors_every_status_every_shape_on_get_snapshot,
    odd_error_bodies_never_panic,
    default_policy_retries_a_get_503_then_succeeds,
    default_policy_retries_a_put_with_the_same_body,
    default_policy_sends_a_post_503_once,
    default_policy_does_not_retry_a_500_or_404,
    per_call_retry_overrides_the_client,
    retry_after_is_honoured_or_ends_the_retries,
    empty_200_where_json_is_expected,
    html_login_page_with_200,
    truncated_json,
    wrong_type_at_a_nested_field,
    no_content_204,
    trailing_garbage,
    large_response_is_refused,
    per_call_timeout,
    client_timeout_and_per_call_override,
    connection_refused,
);
