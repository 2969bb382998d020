//! Fetch many dashboards at once, on every core.
//!
//! With `GRAFANA_URL` set (credentials in the URL, or `GRAFANA_TOKEN`), it
//! reads every dashboard the search finds on that Grafana (read-only).
//! Without it, it starts the embedded Grafana emulator and creates 500
//! dashboards of about 20 KB to read.
//!
//! ```text
//! cargo run --release --example concurrent
//! GRAFANA_URL=https://admin:secret@grafana.example.com cargo run --release --example concurrent
//! CONCURRENCY=64 cargo run --release --example concurrent
//! ```
//!
//! # The pattern
//!
//! Every request is its own task (`JoinSet::spawn`, which is `tokio::spawn`
//! with the handles kept together), so the multi-thread runtime runs the
//! requests, and the JSON decoding of their answers, on all of its worker
//! threads. A semaphore keeps at most `CONCURRENCY` (default 32) requests
//! in flight: a permit is taken before a task is spawned, so there are never
//! more tasks than that either. Every result is collected; an error does not
//! stop the others, and the run exits non-zero when any request failed.
//!
//! The alternative, `futures::stream::iter(..).buffer_unordered(n)`, also
//! keeps `n` requests in flight, but polls them all from the one task that
//! awaits the stream: their decoding then runs on a single core, whatever
//! the number of worker threads.
//!
//! The client is cheap to clone (one connection pool behind an `Arc`): each
//! task gets its own clone.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use grafana_client::{BasicAuth, GrafanaApi};
use grafana_emulator::Emulator;
use serde_json::json;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

type AnyError = Box<dyn std::error::Error + Send + Sync>;

/// Dashboards the example creates on the emulator.
const EMULATED_DASHBOARDS: usize = 500;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), AnyError> {
    let concurrency = match std::env::var("CONCURRENCY") {
        Ok(n) => n
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or("CONCURRENCY must be a positive number")?,
        Err(_) => 32,
    };
    // Keep the emulator alive for the whole run when we started one.
    let (api, emulator) = match std::env::var("GRAFANA_URL") {
        Ok(url) if !url.trim().is_empty() => (GrafanaApi::from_env()?, None),
        _ => {
            let emu = Emulator::builder().start().await?;
            println!(
                "GRAFANA_URL is not set: started the Grafana emulator at {}",
                emu.url()
            );
            let api = GrafanaApi::builder()
                .url(&emu.url())
                .auth(BasicAuth::new("admin", "admin"))
                .session_pool_size(concurrency)
                .build()?;
            (api, Some(emu))
        }
    };
    if emulator.is_some() {
        create_dashboards(&api, EMULATED_DASHBOARDS).await?;
    }

    let uids: Vec<String> = api
        .search()
        .search_dashboards()
        .type_("dash-db")
        .limit(5000)
        .all()
        .await?
        .into_iter()
        .map(|hit| hit.uid)
        .collect();
    let workers = tokio::runtime::Handle::current().metrics().num_workers();
    println!(
        "Fetching {} dashboards, {concurrency} at a time, on {workers} worker threads",
        uids.len()
    );

    let started = Instant::now();
    let limit = Arc::new(Semaphore::new(concurrency));
    let mut tasks = JoinSet::new();
    for uid in uids {
        // Wait for a free slot before spawning: at most `concurrency` tasks.
        let permit = Arc::clone(&limit).acquire_owned().await?;
        let api = api.clone();
        tasks.spawn(async move {
            let result = api.dashboard().get_dashboard(&uid).await;
            drop(permit);
            (uid, result)
        });
    }

    let (mut fetched, mut panels, mut errors) = (0usize, 0usize, Vec::new());
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((_, Ok(dashboard))) => {
                fetched += 1;
                panels += dashboard
                    .dashboard
                    .get("panels")
                    .and_then(|p| p.as_array())
                    .map_or(0, Vec::len);
            }
            Ok((uid, Err(e))) => errors.push(format!("{uid}: {e}")),
            // A task that panicked or was cancelled.
            Err(e) => errors.push(format!("task failed: {e}")),
        }
    }
    let elapsed = started.elapsed();
    println!(
        "Fetched {fetched} dashboards ({panels} panels) in {:.3} s: {:.0} dashboards/s",
        elapsed.as_secs_f64(),
        fetched as f64 / elapsed.as_secs_f64().max(1e-9)
    );
    if errors.is_empty() {
        Ok(())
    } else {
        for e in &errors {
            eprintln!("  {e}");
        }
        Err(format!("{} of the requests failed", errors.len()).into())
    }
}

/// Creates `n` dashboards of about 20 KB each (40 panels), eight writes at
/// a time, spawned the same way as the reads.
async fn create_dashboards(api: &GrafanaApi, n: usize) -> Result<(), AnyError> {
    let mut tasks = JoinSet::new();
    let limit = Arc::new(Semaphore::new(8));
    for i in 0..n {
        let permit = Arc::clone(&limit).acquire_owned().await?;
        let api = api.clone();
        tasks.spawn(async move {
            let panels: Vec<_> = (0..40)
                .map(|p| {
                    json!({
                        "id": p + 1,
                        "type": "timeseries",
                        "title": format!("Panel {p}"),
                        "gridPos": {"h": 8, "w": 12, "x": (p % 2) * 12, "y": (p / 2) * 8},
                        "targets": [{"refId": "A", "expr": format!("rate(requests_total{{job=\"svc-{p}\"}}[5m])")}],
                        "fieldConfig": {"defaults": {"unit": "reqps", "thresholds": {"mode": "absolute",
                            "steps": [{"color": "green", "value": null}, {"color": "red", "value": 80.5}]}}, "overrides": []},
                        "options": {"legend": {"displayMode": "list", "placement": "bottom"}, "tooltip": {"mode": "single"}}
                    })
                })
                .collect();
            let body = json!({
                "dashboard": {"uid": format!("concurrent-{i:04}"), "title": format!("Concurrent {i}"),
                              "schemaVersion": 39, "panels": panels},
                "overwrite": true
            });
            let saved = api.dashboard().update_dashboard(&body).await;
            drop(permit);
            saved
        });
    }
    while let Some(joined) = tasks.join_next().await {
        joined??;
    }
    println!("Created {n} dashboards");
    Ok(())
}
