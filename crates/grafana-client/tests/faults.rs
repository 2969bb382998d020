//! Fault scenarios against the emulator's fault injection, on both clients.
//!
//! Each scenario asserts the outcome (value or error kind), the number of
//! attempts the server saw, and an upper bound on the elapsed time. They need
//! the emulator and are skipped (with a message) when `GRAFANA_URL` is set.

#[macro_use]
mod support;

use std::time::{Duration, Instant};

use grafana_client::{Error, ErrorBody, ErrorKind, RetryPolicy};
use grafana_emulator::blocking::BlockingEmulator;
use grafana_emulator::Fault;
use serde_json::Value;
use support::{create_dashboard, unique, Drive, Target};

both_clients!(
    latency_past_timeout,
    latency_past_timeout_is_retried_then_given_up,
    latency_within_timeout,
    connection_drop_is_retried,
    connection_drop_storm_gives_up,
    connection_drop_on_post_is_not_retried,
    truncated_json_is_retried,
    truncated_json_without_retries,
    non_json_200,
    html_login_page_200,
    empty_200,
    empty_200_where_nothing_is_expected,
    too_many_requests_with_retry_after_seconds,
    too_many_requests_with_retry_after_date,
    too_many_requests_without_retry_after,
    retry_after_beyond_the_cap,
    service_unavailable_then_success,
    service_unavailable_twice_then_success,
    bad_gateway_storm_beyond_the_retry_cap,
    gateway_timeout_is_retried,
    internal_error_is_not_retried,
    not_found_is_not_retried,
    post_is_not_retried_on_503,
    post_is_retried_when_the_call_opts_in,
    delete_is_retried_on_503,
    oversized_body_is_refused,
    large_body_under_the_cap_is_read,
    slow_drip_past_timeout,
    slow_drip_within_timeout,
    retries_switched_off,
    per_call_retry_override,
    connection_refused,
    proxy_html_error_page,
    grafana_error_body_on_503,
);

/// Fast backoff so storms finish quickly.
fn fast() -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(3)
        .initial_backoff(Duration::from_millis(5))
        .max_backoff(Duration::from_millis(20))
}

struct Scene<C> {
    emu: BlockingEmulator,
    api: C,
    key: String,
    delete_key: String,
    dashboard: Value,
    url: String,
}

impl<C> Scene<C> {
    /// Requests the server saw on this raw path.
    fn attempts(&self, path: &str) -> usize {
        self.emu
            .requests()
            .iter()
            .filter(|r| r.raw_path == path)
            .count()
    }

    fn snapshot_path(&self) -> String {
        format!("/api/snapshots/{}", self.key)
    }
}

/// An emulator with one dashboard and one snapshot, and a client with `policy`.
fn scene<C: Drive>(policy: RetryPolicy) -> Option<Scene<C>> {
    let t = Target::new();
    t.emulator_only("injecting faults")?;
    let api = C::build(t.admin().retry(policy));
    let dashboard = create_dashboard(&api, &unique("fault"), "Faults");
    let snap = api
        .run(api.snapshots().create_new_snapshot(&dashboard))
        .unwrap();
    let emu = t.emu.unwrap();
    emu.clear_requests();
    Some(Scene {
        emu,
        api,
        key: snap.key,
        delete_key: snap.delete_key,
        dashboard,
        url: t.url,
    })
}

fn assert_within(started: Instant, bound: Duration) {
    let took = started.elapsed();
    assert!(took < bound, "took {took:?}, expected under {bound:?}");
}

fn latency_past_timeout<C: Drive>() {
    let Some(s) = scene::<C>(RetryPolicy::none()) else {
        return;
    };
    s.emu
        .inject(Fault::on("GET", "/api/snapshots/*").latency(Duration::from_millis(800)));
    let started = Instant::now();
    let err = s
        .api
        .run(
            s.api
                .snapshots()
                .get_snapshot_by_key(&s.key)
                .timeout(Duration::from_millis(100)),
        )
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert!(matches!(&err, Error::Timeout { path, .. } if path == &s.snapshot_path()));
    assert_eq!(s.attempts(&s.snapshot_path()), 1);
    assert_within(started, Duration::from_millis(600));
}

fn latency_past_timeout_is_retried_then_given_up<C: Drive>() {
    let Some(s) = scene::<C>(fast().max_retries(2)) else {
        return;
    };
    s.emu
        .inject(Fault::on("GET", "/api/snapshots/*").latency(Duration::from_millis(800)));
    let started = Instant::now();
    let err = s
        .api
        .run(
            s.api
                .snapshots()
                .get_snapshot_by_key(&s.key)
                .timeout(Duration::from_millis(100)),
        )
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(s.attempts(&s.snapshot_path()), 3);
    assert_within(started, Duration::from_millis(1200));
}

fn latency_within_timeout<C: Drive>() {
    let Some(s) = scene::<C>(RetryPolicy::none()) else {
        return;
    };
    s.emu
        .inject(Fault::on("GET", "/api/snapshots/*").latency(Duration::from_millis(50)));
    let started = Instant::now();
    let snap = s
        .api
        .run(
            s.api
                .snapshots()
                .get_snapshot_by_key(&s.key)
                .timeout(Duration::from_secs(2)),
        )
        .unwrap();
    assert_eq!(snap.meta.is_snapshot, Some(true));
    assert!(started.elapsed() >= Duration::from_millis(50));
    assert_within(started, Duration::from_secs(1));
}

fn connection_drop_is_retried<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    s.emu.inject(
        Fault::on("GET", "/api/snapshots/*")
            .times(1)
            .drop_connection(),
    );
    let started = Instant::now();
    s.api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key))
        .unwrap();
    assert_eq!(s.attempts(&s.snapshot_path()), 2);
    assert_within(started, Duration::from_secs(2));
}

fn connection_drop_storm_gives_up<C: Drive>() {
    let Some(s) = scene::<C>(fast().max_retries(2)) else {
        return;
    };
    s.emu
        .inject(Fault::on("GET", "/api/snapshots/*").drop_connection());
    let started = Instant::now();
    let err = s
        .api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key))
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(s.attempts(&s.snapshot_path()), 3);
    assert_within(started, Duration::from_secs(2));
}

fn connection_drop_on_post_is_not_retried<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    s.emu
        .inject(Fault::on("POST", "/api/snapshots").drop_connection());
    let started = Instant::now();
    let err = s
        .api
        .run(s.api.snapshots().create_new_snapshot(&s.dashboard))
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(s.attempts("/api/snapshots"), 1);
    assert_within(started, Duration::from_secs(2));
}

fn truncated_json_is_retried<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    s.emu.inject(
        Fault::on("GET", "/api/snapshots/*")
            .times(1)
            .truncated_body(),
    );
    let started = Instant::now();
    let snap = s
        .api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key))
        .unwrap();
    assert_eq!(snap.dashboard["title"], "Faults");
    assert_eq!(s.attempts(&s.snapshot_path()), 2);
    assert_within(started, Duration::from_secs(2));
}

fn truncated_json_without_retries<C: Drive>() {
    let Some(s) = scene::<C>(RetryPolicy::none()) else {
        return;
    };
    s.emu
        .inject(Fault::on("GET", "/api/snapshots/*").truncated_body());
    let started = Instant::now();
    let err = s
        .api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key))
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(s.attempts(&s.snapshot_path()), 1);
    assert_within(started, Duration::from_secs(2));
}

fn non_json_200<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    s.emu
        .inject(Fault::on("GET", "/api/snapshots/*").non_json_body());
    let started = Instant::now();
    let err = s
        .api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key))
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(d.status.as_u16(), 200);
    assert!(!d.snippet.is_empty());
    assert_eq!(
        s.attempts(&s.snapshot_path()),
        1,
        "a decode error is not retried"
    );
    assert_within(started, Duration::from_secs(2));
}

fn html_login_page_200<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    s.emu
        .inject(Fault::on("GET", "/api/dashboard/snapshots").html_body());
    let started = Instant::now();
    let err = s
        .api
        .run(s.api.snapshots().get_dashboard_snapshots())
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert!(d
        .content_type
        .as_deref()
        .unwrap_or_default()
        .starts_with("text/html"));
    assert!(err.to_string().contains("text/html"), "{err}");
    assert!(d.snippet.to_ascii_lowercase().contains("<html") || d.snippet.contains("<!DOCTYPE"));
    assert_eq!(s.attempts("/api/dashboard/snapshots"), 1);
    assert_within(started, Duration::from_secs(2));
}

fn empty_200<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    s.emu
        .inject(Fault::on("GET", "/api/snapshots/*").empty_body());
    let started = Instant::now();
    let err = s
        .api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key))
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert!(d.reason.contains("has none"), "{}", d.reason);
    assert_eq!(s.attempts(&s.snapshot_path()), 1);
    assert_within(started, Duration::from_secs(2));
}

fn empty_200_where_nothing_is_expected<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    s.emu
        .inject(Fault::on("GET", "/api/snapshots/*").empty_body());
    let nothing: Option<Value> = s
        .api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key).json())
        .unwrap();
    assert_eq!(nothing, None);
    assert_eq!(s.attempts(&s.snapshot_path()), 1);
}

fn too_many_requests_with_retry_after_seconds<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    s.emu.inject(
        Fault::on("GET", "/api/snapshots/*")
            .times(1)
            .status(429)
            .retry_after("1"),
    );
    let started = Instant::now();
    s.api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key))
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    assert_eq!(s.attempts(&s.snapshot_path()), 2);
    assert_within(started, Duration::from_secs(3));
}

fn too_many_requests_with_retry_after_date<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    // HTTP dates have whole seconds: 2 s ahead means a wait of 1 to 2 s.
    let at = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
    s.emu.inject(
        Fault::on("GET", "/api/snapshots/*")
            .times(1)
            .status(429)
            .retry_after(&at),
    );
    let started = Instant::now();
    s.api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key))
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "date honoured"
    );
    assert_eq!(s.attempts(&s.snapshot_path()), 2);
    assert_within(started, Duration::from_secs(4));
}

fn too_many_requests_without_retry_after<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    s.emu
        .inject(Fault::on("GET", "/api/snapshots/*").times(2).status(429));
    let started = Instant::now();
    s.api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key))
        .unwrap();
    assert_eq!(s.attempts(&s.snapshot_path()), 3);
    assert_within(started, Duration::from_secs(1));
}

fn retry_after_beyond_the_cap<C: Drive>() {
    let Some(s) = scene::<C>(fast().max_retry_after(Duration::from_secs(5))) else {
        return;
    };
    s.emu.inject(
        Fault::on("GET", "/api/snapshots/*")
            .status(429)
            .retry_after("3600"),
    );
    let started = Instant::now();
    let err = s
        .api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key))
        .unwrap_err();
    assert_eq!(err.kind(), Some(ErrorKind::TooManyRequests), "{err}");
    assert_eq!(err.api().unwrap().retry_after.as_deref(), Some("3600"));
    assert_eq!(
        s.attempts(&s.snapshot_path()),
        1,
        "an hour's wait is not waited"
    );
    assert_within(started, Duration::from_secs(1));
}

fn service_unavailable_then_success<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    s.emu
        .inject(Fault::on("GET", "/api/snapshots/*").times(1).status(503));
    let started = Instant::now();
    s.api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key))
        .unwrap();
    assert_eq!(s.attempts(&s.snapshot_path()), 2);
    assert_within(started, Duration::from_secs(1));
}

fn service_unavailable_twice_then_success<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    s.emu.inject(
        Fault::on("GET", "/api/dashboard/snapshots")
            .times(2)
            .status(503),
    );
    let started = Instant::now();
    let list = s
        .api
        .run(s.api.snapshots().get_dashboard_snapshots())
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(s.attempts("/api/dashboard/snapshots"), 3);
    assert_within(started, Duration::from_secs(1));
}

fn bad_gateway_storm_beyond_the_retry_cap<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    s.emu
        .inject(Fault::on("GET", "/api/snapshots/*").status(502));
    let started = Instant::now();
    let err = s
        .api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key))
        .unwrap_err();
    assert_eq!(err.kind(), Some(ErrorKind::Server));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(s.attempts(&s.snapshot_path()), 4, "1 attempt + 3 retries");
    assert_within(started, Duration::from_secs(1));
}

fn gateway_timeout_is_retried<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    s.emu
        .inject(Fault::on("GET", "/api/snapshots/*").times(1).status(504));
    s.api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key))
        .unwrap();
    assert_eq!(s.attempts(&s.snapshot_path()), 2);
}

fn internal_error_is_not_retried<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    s.emu
        .inject(Fault::on("GET", "/api/snapshots/*").status(500));
    let started = Instant::now();
    let err = s
        .api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key))
        .unwrap_err();
    assert_eq!(err.kind(), Some(ErrorKind::Server));
    assert_eq!(s.attempts(&s.snapshot_path()), 1);
    assert_within(started, Duration::from_secs(1));
}

fn not_found_is_not_retried<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    let err = s
        .api
        .run(s.api.snapshots().get_snapshot_by_key("missing"))
        .unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(s.attempts("/api/snapshots/missing"), 1);
}

fn post_is_not_retried_on_503<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    s.emu
        .inject(Fault::on("POST", "/api/snapshots").times(1).status(503));
    let err = s
        .api
        .run(s.api.snapshots().create_new_snapshot(&s.dashboard))
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(s.attempts("/api/snapshots"), 1);
}

fn post_is_retried_when_the_call_opts_in<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    s.emu
        .inject(Fault::on("POST", "/api/snapshots").times(1).status(503));
    let created = s
        .api
        .run(
            s.api
                .snapshots()
                .create_new_snapshot(&s.dashboard)
                .name("retried")
                .retry_non_idempotent(),
        )
        .unwrap();
    assert_eq!(s.attempts("/api/snapshots"), 2);
    let listed = s
        .api
        .run(s.api.snapshots().get_dashboard_snapshots().query("retried"))
        .unwrap();
    assert_eq!(listed.len(), 1, "stored once");
    assert_eq!(listed[0].key, created.key);
}

fn delete_is_retried_on_503<C: Drive>() {
    let Some(s) = scene::<C>(fast()) else { return };
    s.emu
        .inject(Fault::on("DELETE", "/api/snapshots/*").times(1).status(503));
    let deleted = s
        .api
        .run(s.api.snapshots().delete_snapshot_by_key(&s.key))
        .unwrap();
    assert!(deleted.message.starts_with("Snapshot deleted"));
    assert_eq!(s.attempts(&s.snapshot_path()), 2);
    let again = s
        .api
        .run(
            s.api
                .snapshots()
                .delete_snapshot_by_delete_key(&s.delete_key),
        )
        .unwrap_err();
    assert!(again.is_not_found(), "deleted exactly once: {again}");
}

fn oversized_body_is_refused<C: Drive>() {
    let Some(t) = scene::<C>(RetryPolicy::none()) else {
        return;
    };
    let api = C::build(
        grafana_client::GrafanaApi::builder()
            .url(&t.url)
            .auth(grafana_client::BasicAuth::new("admin", "admin"))
            .max_response_bytes(64 * 1024),
    );
    t.emu
        .inject(Fault::on("GET", "/api/snapshots/*").oversized_body(4 * 1024 * 1024));
    let started = Instant::now();
    let err = api
        .run(api.snapshots().get_snapshot_by_key(&t.key))
        .unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 65536, .. }),
        "{err:?}"
    );
    assert_eq!(t.attempts(&t.snapshot_path()), 1);
    assert_within(started, Duration::from_secs(2));
}

fn large_body_under_the_cap_is_read<C: Drive>() {
    let Some(s) = scene::<C>(RetryPolicy::none()) else {
        return;
    };
    s.emu
        .inject(Fault::on("GET", "/api/snapshots/*").oversized_body(2 * 1024 * 1024));
    let big: String = s
        .api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key).json())
        .unwrap();
    assert_eq!(big.len(), 2 * 1024 * 1024 - 2);
}

fn slow_drip_past_timeout<C: Drive>() {
    let Some(s) = scene::<C>(RetryPolicy::none()) else {
        return;
    };
    s.emu
        .inject(Fault::on("GET", "/api/snapshots/*").slow_drip(Duration::from_millis(100)));
    let started = Instant::now();
    let err = s
        .api
        .run(
            s.api
                .snapshots()
                .get_snapshot_by_key(&s.key)
                .timeout(Duration::from_millis(250)),
        )
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(s.attempts(&s.snapshot_path()), 1);
    assert_within(started, Duration::from_millis(900));
}

fn slow_drip_within_timeout<C: Drive>() {
    let Some(s) = scene::<C>(RetryPolicy::none()) else {
        return;
    };
    s.emu
        .inject(Fault::on("GET", "/api/dashboard/snapshots").slow_drip(Duration::from_millis(5)));
    let started = Instant::now();
    let list = s
        .api
        .run(
            s.api
                .snapshots()
                .get_dashboard_snapshots()
                .timeout(Duration::from_secs(20)),
        )
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_within(started, Duration::from_secs(15));
}

fn retries_switched_off<C: Drive>() {
    let Some(s) = scene::<C>(RetryPolicy::none()) else {
        return;
    };
    s.emu
        .inject(Fault::on("GET", "/api/snapshots/*").times(1).status(503));
    let err = s
        .api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key))
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(s.attempts(&s.snapshot_path()), 1);
}

fn per_call_retry_override<C: Drive>() {
    let Some(s) = scene::<C>(RetryPolicy::none()) else {
        return;
    };
    s.emu
        .inject(Fault::on("GET", "/api/snapshots/*").times(1).status(503));
    s.api
        .run(
            s.api
                .snapshots()
                .get_snapshot_by_key(&s.key)
                .retry(fast().max_retries(1)),
        )
        .unwrap();
    assert_eq!(s.attempts(&s.snapshot_path()), 2);
}

fn connection_refused<C: Drive>() {
    // a port that was free a moment ago: nothing listens there
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let api = C::build(
        grafana_client::GrafanaApi::builder()
            .host("127.0.0.1")
            .port(port)
            .retry(fast().max_retries(2)),
    );
    let started = Instant::now();
    let err = api.run(api.health().check()).unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert!(err.to_string().contains("could not connect"), "{err}");
    assert_within(started, Duration::from_secs(2));
}

fn proxy_html_error_page<C: Drive>() {
    let Some(s) = scene::<C>(RetryPolicy::none()) else {
        return;
    };
    s.emu.inject(
        Fault::on("GET", "/api/snapshots/*")
            .status(502)
            .body("<html><body><h1>502 Bad Gateway</h1></body></html>"),
    );
    let err = s
        .api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key))
        .unwrap_err();
    let api = err.api().expect("an API error");
    assert!(matches!(&api.body, ErrorBody::Text(t) if t.contains("502 Bad Gateway")));
    assert!(api
        .message
        .as_deref()
        .unwrap_or_default()
        .contains("502 Bad Gateway"));
}

fn grafana_error_body_on_503<C: Drive>() {
    let Some(s) = scene::<C>(RetryPolicy::none()) else {
        return;
    };
    s.emu.inject(
        Fault::on("GET", "/api/snapshots/*")
            .status(503)
            .body(r#"{"message":"database is locked","messageId":"db.locked","statusCode":503}"#),
    );
    let err = s
        .api
        .run(s.api.snapshots().get_snapshot_by_key(&s.key))
        .unwrap_err();
    let api = err.api().expect("an API error");
    assert_eq!(api.message.as_deref(), Some("database is locked"));
    assert_eq!(api.message_id.as_deref(), Some("db.locked"));
    assert_eq!(api.path, s.snapshot_path());
    assert!(err.to_string().contains("database is locked"));
}
