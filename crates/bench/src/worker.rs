//! The Rust contenders, each run in its own `grafana-bench worker` process so
//! that its peak RSS (`VmHWM`) is its own.
//!
//! Every contender sends the same request (same headers, same pool and
//! timeout settings; see [`baseline_client`] and [`our_async_client`]), does
//! a few untimed warm-up calls, then times the workload and prints one JSON
//! [`Measurement`] on stdout.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use bytes::Bytes;
use futures_util::{StreamExt as _, TryStreamExt as _};
use http::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, HOST, USER_AGENT};
use http_body_util::{BodyExt as _, Empty};
use hyper_util::rt::TokioIo;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Idle connections kept per host, by every contender that has a pool.
pub const POOL_SIZE: usize = 32;
/// Total timeout of one request, for our client and the baseline alike.
pub const TIMEOUT: Duration = grafana_client::DEFAULT_TIMEOUT;
/// Connect timeout, for our client and the baseline alike.
pub const CONNECT_TIMEOUT: Duration = grafana_client::DEFAULT_CONNECT_TIMEOUT;
/// The `User-Agent` every Rust contender sends (our client's default).
pub const UA: &str = grafana_client::DEFAULT_USER_AGENT;
/// Login and password of the emulator's admin.
pub const ADMIN: (&str, &str) = ("admin", "admin");

/// What a worker measured, printed as one JSON line.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Measurement {
    /// Wall-clock seconds of the timed part.
    pub seconds: f64,
    /// Operations done in the timed part (calls, dashboards, decodes).
    pub ops: u64,
    /// Response body bytes received in the timed part, when known.
    #[serde(default)]
    pub bytes: u64,
    /// Peak resident set size of the worker process, in KiB (`VmHWM`).
    #[serde(default)]
    pub vmhwm_kb: u64,
    /// CPU seconds (user + system, all threads) the worker spent in the
    /// timed part.
    #[serde(default)]
    pub cpu_seconds: f64,
    /// W4: wall seconds of the query phases (`report.query_time`), summed
    /// over the timed snapshots.
    #[serde(default)]
    pub query_seconds: f64,
    /// W4: data rows one snapshot carries.
    #[serde(default)]
    pub rows: u64,
}

/// Which Rust contender a worker runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
pub enum RustContender {
    /// `grafana_client::GrafanaApi`.
    Async,
    /// `grafana_client::blocking::GrafanaApi` (W2: 32 threads share one client).
    Blocking,
    /// `grafana_client::GrafanaApi`, W2 only: every request its own
    /// `tokio::spawn`ed task (a `JoinSet`, at most `inflight` at a time), so
    /// decoding runs on every worker thread of the multi-thread runtime.
    AsyncSpawned,
    /// reqwest + `serde_json::Value`, same requests, same pool settings.
    Baseline,
    /// A raw hyper HTTP/1 client connection, no decoding: the emulator alone.
    RawHyper,
}

/// The HTTP workloads a worker can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
pub enum Workload {
    /// Sequential `get_snapshot_by_key` calls.
    W1,
    /// Dashboards fetched with `inflight` requests in flight.
    W2,
    /// Snapshots with data of the 50-panel dashboard (`crate::w4`); async
    /// and blocking contenders only.
    W4,
}

/// Arguments of `grafana-bench worker`.
#[derive(Debug, Clone, clap::Args)]
pub struct WorkerArgs {
    /// Contender to run.
    #[arg(long, value_enum)]
    pub contender: RustContender,
    /// Workload to run.
    #[arg(long, value_enum)]
    pub workload: Workload,
    /// Base URL of the emulator (`http://127.0.0.1:PORT/`).
    #[arg(long)]
    pub url: String,
    /// W1: snapshot key.
    #[arg(long, default_value = "")]
    pub key: String,
    /// Timed operations: W1 calls, W2 dashboards.
    #[arg(long)]
    pub count: usize,
    /// Untimed warm-up operations before the timed part.
    #[arg(long, default_value_t = 50)]
    pub warmup: usize,
    /// W2: dashboards are `<prefix><index, 5 digits>`.
    #[arg(long, default_value = "bench-w2-")]
    pub uid_prefix: String,
    /// W2: requests in flight.
    #[arg(long, default_value_t = 32)]
    pub inflight: usize,
}

/// Uid of the `i`-th W2 dashboard.
pub fn w2_uid(prefix: &str, i: usize) -> String {
    format!("{prefix}{i:05}")
}

/// Peak RSS of this process in KiB (`VmHWM` of `/proc/self/status`; 0 when
/// unavailable).
pub fn vmhwm_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// Our async client, configured like the baseline.
pub fn our_async_client(url: &str) -> grafana_client::Result<grafana_client::GrafanaApi> {
    grafana_client::GrafanaApi::builder()
        .url(url)
        .auth(grafana_client::BasicAuth::new(ADMIN.0, ADMIN.1))
        .session_pool_size(POOL_SIZE)
        .timeout(TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .user_agent(UA)
        .build()
}

/// Our blocking client, configured like the baseline.
pub fn our_blocking_client(
    url: &str,
) -> grafana_client::Result<grafana_client::blocking::GrafanaApi> {
    grafana_client::blocking::GrafanaApi::builder()
        .url(url)
        .auth(grafana_client::BasicAuth::new(ADMIN.0, ADMIN.1))
        .session_pool_size(POOL_SIZE)
        .timeout(TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .user_agent(UA)
        .build()
}

/// The bare baseline's client: plain reqwest with our client's pool,
/// timeout and user-agent settings.
pub fn baseline_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(UA)
        .connect_timeout(CONNECT_TIMEOUT)
        .pool_max_idle_per_host(POOL_SIZE)
        .build()
}

/// `Authorization: Basic …` for the admin.
pub fn basic_auth_value() -> HeaderValue {
    let token =
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", ADMIN.0, ADMIN.1));
    HeaderValue::from_str(&format!("Basic {token}")).expect("valid header value")
}

/// The headers the baseline adds to each request, in our client's order.
pub fn baseline_headers() -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(AUTHORIZATION, basic_auth_value());
    h.insert(ACCEPT, HeaderValue::from_static("application/json"));
    h
}

/// One baseline call: GET, whole body, decoded as `serde_json::Value`.
pub async fn baseline_get(
    client: &reqwest::Client,
    headers: &HeaderMap,
    url: &str,
) -> Result<(Value, usize), String> {
    let resp = client
        .get(url)
        .headers(headers.clone())
        .timeout(TIMEOUT)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !resp.status().is_success() {
        return Err(format!("{url}: status {}", resp.status()));
    }
    let body = resp.bytes().await.map_err(|e| e.to_string())?;
    let v: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
    Ok((v, body.len()))
}

/// Runs one worker and returns its measurement.
pub fn run(args: &WorkerArgs) -> Result<Measurement, String> {
    let mut m = match (args.contender, args.workload) {
        (RustContender::Blocking, Workload::W4) => {
            let args = WorkerArgs {
                url: base(&args.url),
                ..args.clone()
            };
            crate::w4::run_blocking(&args)?
        }
        (RustContender::Async, Workload::W4) => {
            let args = WorkerArgs {
                url: base(&args.url),
                ..args.clone()
            };
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            rt.block_on(crate::w4::run_async(&args))?
        }
        (c, Workload::W4) => return Err(format!("W4 has no {c:?} contender")),
        _ => run_w1_w2(args)?,
    };
    m.vmhwm_kb = vmhwm_kb();
    Ok(m)
}

/// W1 and W2.
fn run_w1_w2(args: &WorkerArgs) -> Result<Measurement, String> {
    let m = match args.contender {
        RustContender::Blocking => run_blocking(args)?,
        _ => {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            rt.block_on(run_async(args))?
        }
    };
    Ok(m)
}

fn base(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

/// User + system CPU seconds of a process so far (`/proc/<pid>/stat`,
/// clock ticks of 1/100 s); 0 when unavailable.
pub fn cpu_seconds_of(pid: &str) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // Fields after the command name, which is in parentheses: state is
    // field 3, utime 14 and stime 15.
    let rest = stat.rsplit_once(") ").map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

/// A running clock: wall time and this process's CPU time.
pub(crate) struct Clock {
    started: Instant,
    cpu: f64,
}

impl Clock {
    pub(crate) fn start() -> Clock {
        Clock {
            cpu: cpu_seconds_of("self"),
            started: Instant::now(),
        }
    }

    pub(crate) fn stop(self, ops: usize, bytes: u64) -> Measurement {
        Measurement {
            seconds: self.started.elapsed().as_secs_f64(),
            ops: ops as u64,
            bytes,
            vmhwm_kb: 0,
            cpu_seconds: cpu_seconds_of("self") - self.cpu,
            ..Measurement::default()
        }
    }
}

fn check_snapshot(v: &Value) -> Result<(), String> {
    if v["meta"]["isSnapshot"] == Value::Bool(true) {
        Ok(())
    } else {
        Err("the W1 answer is not a snapshot".into())
    }
}

async fn run_async(a: &WorkerArgs) -> Result<Measurement, String> {
    let base = base(&a.url);
    let err = |e: grafana_client::Error| e.to_string();
    match (a.contender, a.workload) {
        (RustContender::Async, Workload::W1) => {
            let api = our_async_client(&base).map_err(err)?;
            let first = api
                .snapshots()
                .get_snapshot_by_key(&a.key)
                .await
                .map_err(err)?;
            if first.meta.is_snapshot != Some(true) {
                return Err("the W1 answer is not a snapshot".into());
            }
            for _ in 0..a.warmup {
                api.snapshots()
                    .get_snapshot_by_key(&a.key)
                    .await
                    .map_err(err)?;
            }
            let clock = Clock::start();
            for _ in 0..a.count {
                let s = api
                    .snapshots()
                    .get_snapshot_by_key(&a.key)
                    .await
                    .map_err(err)?;
                std::hint::black_box(s);
            }
            Ok(clock.stop(a.count, 0))
        }
        (RustContender::Async, Workload::W2) => {
            let api = our_async_client(&base).map_err(err)?;
            let fetch = |i: usize| {
                let api = api.clone();
                let uid = w2_uid(&a.uid_prefix, i);
                async move {
                    let d = api.dashboard().get_dashboard(&uid).await?;
                    Ok::<_, grafana_client::Error>(usize::from(d.uid() == Some(uid.as_str())))
                }
            };
            for i in 0..a.warmup.min(a.count) {
                fetch(i).await.map_err(err)?;
            }
            let clock = Clock::start();
            let matched = futures_util::stream::iter(0..a.count)
                .map(fetch)
                .buffer_unordered(a.inflight)
                .try_fold(0usize, |acc, ok| async move { Ok(acc + ok) })
                .await
                .map_err(err)?;
            let m = clock.stop(a.count, 0);
            check_count(matched, a.count)?;
            Ok(m)
        }
        (RustContender::AsyncSpawned, Workload::W2) => {
            let api = our_async_client(&base).map_err(err)?;
            for i in 0..a.warmup.min(a.count) {
                let uid = w2_uid(&a.uid_prefix, i);
                api.dashboard().get_dashboard(&uid).await.map_err(err)?;
            }
            let clock = Clock::start();
            let matched = spawned_w2(&api, a).await?;
            let m = clock.stop(a.count, 0);
            check_count(matched, a.count)?;
            Ok(m)
        }
        (RustContender::AsyncSpawned, w) => Err(format!("{w:?} has no async-spawned contender")),
        (RustContender::Baseline, Workload::W1) => {
            let client = baseline_client().map_err(|e| e.to_string())?;
            let headers = baseline_headers();
            let url = format!("{base}api/snapshots/{}", a.key);
            let (first, _) = baseline_get(&client, &headers, &url).await?;
            check_snapshot(&first)?;
            for _ in 0..a.warmup {
                baseline_get(&client, &headers, &url).await?;
            }
            let clock = Clock::start();
            let mut bytes = 0u64;
            for _ in 0..a.count {
                let (v, n) = baseline_get(&client, &headers, &url).await?;
                bytes += n as u64;
                std::hint::black_box(v);
            }
            Ok(clock.stop(a.count, bytes))
        }
        (RustContender::Baseline, Workload::W2) => {
            let client = baseline_client().map_err(|e| e.to_string())?;
            let headers = baseline_headers();
            let fetch = |i: usize| {
                let (client, headers) = (&client, &headers);
                let uid = w2_uid(&a.uid_prefix, i);
                let url = format!("{base}api/dashboards/uid/{uid}");
                async move {
                    let (v, n) = baseline_get(client, headers, &url).await?;
                    let ok = v["dashboard"]["uid"].as_str() == Some(uid.as_str());
                    Ok::<_, String>((usize::from(ok), n as u64))
                }
            };
            for i in 0..a.warmup.min(a.count) {
                fetch(i).await?;
            }
            let clock = Clock::start();
            let (matched, bytes) = futures_util::stream::iter(0..a.count)
                .map(fetch)
                .buffer_unordered(a.inflight)
                .try_fold((0usize, 0u64), |(m, b), (ok, n)| async move {
                    Ok((m + ok, b + n))
                })
                .await?;
            let m = clock.stop(a.count, bytes);
            check_count(matched, a.count)?;
            Ok(m)
        }
        (RustContender::RawHyper, w) => raw_hyper(a, &base, w).await,
        (RustContender::Blocking, _) => unreachable!("run without a runtime"),
        (_, Workload::W4) => unreachable!("W4 runs in crate::w4"),
    }
}

/// W2 the way `examples/concurrent.rs` shows it: one spawned task per
/// dashboard, at most `inflight` of them at a time, so that the tasks (and
/// their JSON decoding) spread over every worker thread. Returns how many
/// answers had the uid asked for; the first error ends the run.
async fn spawned_w2(api: &grafana_client::GrafanaApi, a: &WorkerArgs) -> Result<usize, String> {
    let mut set = tokio::task::JoinSet::new();
    let mut matched = 0usize;
    let mut join_one = |r: Result<Result<usize, grafana_client::Error>, tokio::task::JoinError>| {
        matched += r.map_err(|e| e.to_string())?.map_err(|e| e.to_string())?;
        Ok::<(), String>(())
    };
    for i in 0..a.count {
        if set.len() >= a.inflight.max(1) {
            if let Some(r) = set.join_next().await {
                join_one(r)?;
            }
        }
        let api = api.clone();
        let uid = w2_uid(&a.uid_prefix, i);
        set.spawn(async move {
            let d = api.dashboard().get_dashboard(&uid).await?;
            Ok(usize::from(d.uid() == Some(uid.as_str())))
        });
    }
    while let Some(r) = set.join_next().await {
        join_one(r)?;
    }
    Ok(matched)
}

fn check_count(matched: usize, expected: usize) -> Result<(), String> {
    if matched == expected {
        Ok(())
    } else {
        Err(format!(
            "{matched} of {expected} dashboards had the uid asked for"
        ))
    }
}

fn run_blocking(a: &WorkerArgs) -> Result<Measurement, String> {
    let base = base(&a.url);
    let err = |e: grafana_client::Error| e.to_string();
    let api = our_blocking_client(&base).map_err(err)?;
    match a.workload {
        Workload::W4 => Err("W4 runs in crate::w4".into()),
        Workload::W1 => {
            let get = || api.snapshots().get_snapshot_by_key(&a.key).send();
            if get().map_err(err)?.meta.is_snapshot != Some(true) {
                return Err("the W1 answer is not a snapshot".into());
            }
            for _ in 0..a.warmup {
                get().map_err(err)?;
            }
            let clock = Clock::start();
            for _ in 0..a.count {
                std::hint::black_box(get().map_err(err)?);
            }
            Ok(clock.stop(a.count, 0))
        }
        Workload::W2 => {
            let fetch = |i: usize| -> Result<usize, String> {
                let uid = w2_uid(&a.uid_prefix, i);
                let d = api.dashboard().get_dashboard(&uid).send().map_err(err)?;
                Ok(usize::from(d.uid() == Some(uid.as_str())))
            };
            for i in 0..a.warmup.min(a.count) {
                fetch(i)?;
            }
            let next = AtomicUsize::new(0);
            let matched = AtomicUsize::new(0);
            let clock = Clock::start();
            std::thread::scope(|s| {
                let handles: Vec<_> = (0..a.inflight.max(1))
                    .map(|_| {
                        s.spawn(|| -> Result<(), String> {
                            loop {
                                let i = next.fetch_add(1, Ordering::Relaxed);
                                if i >= a.count {
                                    return Ok(());
                                }
                                matched.fetch_add(fetch(i)?, Ordering::Relaxed);
                            }
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .try_for_each(|h| h.join().map_err(|_| "a thread panicked".to_string())?)
            })?;
            let m = clock.stop(a.count, 0);
            check_count(matched.into_inner(), a.count)?;
            Ok(m)
        }
    }
}

type RawSender = hyper::client::conn::http1::SendRequest<Empty<Bytes>>;

async fn raw_connect(addr: SocketAddr) -> Result<RawSender, String> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| e.to_string())?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(conn);
    Ok(sender)
}

/// A request with the same header set as our client's (`accept`,
/// `authorization`, `user-agent`, `host`).
fn raw_request(host: &str, path: &str) -> http::Request<Empty<Bytes>> {
    let mut req = http::Request::new(Empty::new());
    *req.uri_mut() = path.parse().expect("valid path");
    let h = req.headers_mut();
    h.insert(AUTHORIZATION, basic_auth_value());
    h.insert(ACCEPT, HeaderValue::from_static("application/json"));
    h.insert(USER_AGENT, HeaderValue::from_static(UA));
    h.insert(HOST, HeaderValue::from_str(host).expect("valid host"));
    req
}

/// Sends one request and counts the body bytes, without decoding them.
async fn raw_get(sender: &mut RawSender, host: &str, path: &str) -> Result<u64, String> {
    sender.ready().await.map_err(|e| e.to_string())?;
    let resp = sender
        .send_request(raw_request(host, path))
        .await
        .map_err(|e| e.to_string())?;
    if !resp.status().is_success() {
        return Err(format!("{path}: status {}", resp.status()));
    }
    let mut body = resp.into_body();
    let mut n = 0u64;
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.map_err(|e| e.to_string())?.into_data() {
            n += data.len() as u64;
        }
    }
    Ok(n)
}

async fn raw_hyper(a: &WorkerArgs, base: &str, w: Workload) -> Result<Measurement, String> {
    let url = url::Url::parse(base).map_err(|e| e.to_string())?;
    let addr = url
        .socket_addrs(|| None)
        .map_err(|e| e.to_string())?
        .into_iter()
        .next()
        .ok_or("no address")?;
    let host = match url.port() {
        Some(p) => format!("{}:{p}", url.host_str().unwrap_or("")),
        None => url.host_str().unwrap_or("").to_string(),
    };
    let prefix = url.path().trim_end_matches('/').to_string();
    match w {
        Workload::W4 => Err("W4 has no raw-hyper contender".into()),
        Workload::W1 => {
            let path = format!("{prefix}/api/snapshots/{}", a.key);
            let mut s = raw_connect(addr).await?;
            for _ in 0..=a.warmup {
                raw_get(&mut s, &host, &path).await?;
            }
            let clock = Clock::start();
            let mut bytes = 0;
            for _ in 0..a.count {
                bytes += raw_get(&mut s, &host, &path).await?;
            }
            Ok(clock.stop(a.count, bytes))
        }
        Workload::W2 => {
            let next = std::sync::Arc::new(AtomicUsize::new(0));
            let bytes = std::sync::Arc::new(AtomicU64::new(0));
            let mut senders = Vec::new();
            for _ in 0..a.inflight.max(1) {
                senders.push(raw_connect(addr).await?);
            }
            for (i, s) in senders.iter_mut().enumerate().take(a.warmup.min(a.count)) {
                raw_get(
                    s,
                    &host,
                    &format!("{prefix}/api/dashboards/uid/{}", w2_uid(&a.uid_prefix, i)),
                )
                .await?;
            }
            let clock = Clock::start();
            let mut set = tokio::task::JoinSet::new();
            for mut s in senders {
                let (next, bytes, host, prefix) =
                    (next.clone(), bytes.clone(), host.clone(), prefix.clone());
                let (count, uid_prefix) = (a.count, a.uid_prefix.clone());
                set.spawn(async move {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= count {
                            return Ok::<(), String>(());
                        }
                        let path =
                            format!("{prefix}/api/dashboards/uid/{}", w2_uid(&uid_prefix, i));
                        let n = raw_get(&mut s, &host, &path).await?;
                        bytes.fetch_add(n, Ordering::Relaxed);
                    }
                });
            }
            while let Some(r) = set.join_next().await {
                r.map_err(|e| e.to_string())??;
            }
            Ok(clock.stop(a.count, bytes.load(Ordering::Relaxed)))
        }
    }
}
