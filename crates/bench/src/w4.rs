//! W4: a snapshot **with data** of a 50-panel dashboard
//! (`api.snapshots().share_dashboard(uid).with_data()`), the library's
//! headline workflow: fetch the dashboard and the data source list, run every
//! panel's queries through `POST /api/ds/query` (one request per panel, the
//! builder's default of 4 in flight), assemble the snapshot and post it.
//!
//! Every panel queries the emulator's deterministic TestData random walk (two
//! series) over a fixed six-hour range with `maxDataPoints` 1000, so each
//! panel carries 2 frames of 1,080 rows. Timed per snapshot: wall time, the
//! query phase's wall time (the builder's `report.query_time`) and the
//! worker's CPU time. The snapshots are deleted after the clock stops.

use serde_json::{json, Value};

use crate::worker::{our_async_client, our_blocking_client, Clock, Measurement, WorkerArgs};

/// Uid of the W4 dashboard.
pub const W4_UID: &str = "bench-w4";
/// Uid of the TestData data source the W4 panels query.
pub const W4_DS_UID: &str = "bench-testdata";
/// 2024-05-01T00:00:00Z and six hours later (epoch ms), so that every
/// snapshot carries the same data.
const FROM: &str = "1714521600000";
const TO: &str = "1714543200000";

/// The W4 dashboard model: `panels` TestData random-walk panels.
pub fn dashboard(panels: usize) -> Value {
    let ds = json!({"type": "grafana-testdata-datasource", "uid": W4_DS_UID});
    let panels: Vec<Value> = (0..panels)
        .map(|i| {
            let x = (i % 2) * 12;
            let y = (i / 2) * 8;
            json!({
                "id": i + 1,
                "type": "timeseries",
                "title": format!("Panel {}", i + 1),
                "gridPos": {"h": 8, "w": 12, "x": x, "y": y},
                "datasource": ds,
                "maxDataPoints": 1000,
                "targets": [{"refId": "A", "datasource": ds, "scenarioId": "random_walk",
                             "seriesCount": 2}],
            })
        })
        .collect();
    json!({
        "uid": W4_UID,
        "title": "Bench W4 dashboard",
        "schemaVersion": 41,
        "time": {"from": "now-6h", "to": "now"},
        "annotations": {"list": []},
        "templating": {"list": []},
        "panels": panels,
    })
}

/// Seeds the TestData data source (kept when it exists) and the dashboard.
pub async fn seed(api: &grafana_client::GrafanaApi, panels: usize) -> Result<(), String> {
    let created = api
        .datasource()
        .create_datasource(&json!({
            "name": "Bench TestData", "uid": W4_DS_UID,
            "type": "grafana-testdata-datasource", "access": "proxy"
        }))
        .await;
    match created {
        Ok(_) => {}
        Err(e) if e.is_conflict() => {}
        Err(e) => return Err(format!("W4 data source: {e}")),
    }
    api.dashboard()
        .update_dashboard(&json!({"dashboard": dashboard(panels), "overwrite": true}))
        .await
        .map(drop)
        .map_err(|e| format!("W4 dashboard: {e}"))
}

/// What one share gave: its delete key, query time and rows.
struct One {
    delete_key: String,
    query_seconds: f64,
    rows: u64,
    panels_without_data: usize,
}

fn check(one: &One) -> Result<(), String> {
    if one.panels_without_data > 0 {
        return Err(format!(
            "W4: {} panels without data",
            one.panels_without_data
        ));
    }
    Ok(())
}

/// The measurement of `count` shares, from their results.
fn finish(clock: Clock, done: &[One]) -> Measurement {
    let mut m = clock.stop(done.len(), 0);
    m.query_seconds = done.iter().map(|o| o.query_seconds).sum();
    m.rows = done.first().map_or(0, |o| o.rows);
    m
}

/// The async client's run.
pub async fn run_async(a: &WorkerArgs) -> Result<Measurement, String> {
    let api = our_async_client(&a.url).map_err(|e| e.to_string())?;
    let share = || async {
        let shared = api
            .snapshots()
            .share_dashboard(W4_UID)
            .with_data()
            .time_range(FROM, TO)
            .name("Bench W4 snapshot")
            .await
            .map_err(|e| e.to_string())?;
        let one = One {
            delete_key: shared.snapshot.delete_key,
            query_seconds: shared.report.query_time.as_secs_f64(),
            rows: shared.report.rows as u64,
            panels_without_data: shared.report.panels_without_data().len(),
        };
        check(&one)?;
        Ok::<One, String>(one)
    };
    let mut warm = Vec::new();
    for _ in 0..a.warmup.clamp(1, 2) {
        warm.push(share().await?);
    }
    let clock = Clock::start();
    let mut done = Vec::with_capacity(a.count);
    for _ in 0..a.count {
        done.push(share().await?);
    }
    let m = finish(clock, &done);
    for one in warm.iter().chain(&done) {
        api.snapshots()
            .delete_snapshot_by_delete_key(&one.delete_key)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(m)
}

/// The blocking client's run.
pub fn run_blocking(a: &WorkerArgs) -> Result<Measurement, String> {
    let api = our_blocking_client(&a.url).map_err(|e| e.to_string())?;
    let share = || {
        let shared = api
            .snapshots()
            .share_dashboard(W4_UID)
            .with_data()
            .time_range(FROM, TO)
            .name("Bench W4 snapshot")
            .send()
            .map_err(|e| e.to_string())?;
        let one = One {
            delete_key: shared.snapshot.delete_key,
            query_seconds: shared.report.query_time.as_secs_f64(),
            rows: shared.report.rows as u64,
            panels_without_data: shared.report.panels_without_data().len(),
        };
        check(&one)?;
        Ok::<One, String>(one)
    };
    let mut warm = Vec::new();
    for _ in 0..a.warmup.clamp(1, 2) {
        warm.push(share()?);
    }
    let clock = Clock::start();
    let mut done = Vec::with_capacity(a.count);
    for _ in 0..a.count {
        done.push(share()?);
    }
    let m = finish(clock, &done);
    for one in warm.iter().chain(&done) {
        api.snapshots()
            .delete_snapshot_by_delete_key(&one.delete_key)
            .send()
            .map_err(|e| e.to_string())?;
    }
    Ok(m)
}
