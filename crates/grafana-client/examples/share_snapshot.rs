//! Share a dashboard as a snapshot, then clean up.
//!
//! With `GRAFANA_URL` set (credentials in the URL, or `GRAFANA_TOKEN`), it runs
//! against that Grafana and shares the dashboard `GRAFANA_DASHBOARD_UID` (or the
//! first dashboard the search finds). Without it, it starts the embedded
//! Grafana emulator with its demo data and shares `demo-overview`.
//!
//! ```text
//! cargo run --example share_snapshot
//! GRAFANA_URL=https://admin:secret@grafana.example.com cargo run --example share_snapshot
//! ```
//!
//! Steps: get the dashboard, share it **with its data** as a snapshot named
//! "Shared Dashboard - <title>" that expires in 7 days (every panel's queries
//! run over the dashboard's time range and their frames are embedded, the way
//! Grafana's Share → Snapshot does), print per panel how many frames and rows
//! it carries, print its share URL and delete key, list snapshots, fetch it
//! by key and check that the stored panels carry the data, delete it by its
//! delete key, and check that it is gone (404). Without `GRAFANA_URL` the
//! dashboard is the demo's `demo-overview`.
//!
//! Exits non-zero on any failure, and when a panel that has queries ends up
//! without data.

use std::process::ExitCode;

use grafana_client::{BasicAuth, GrafanaApi};
use grafana_emulator::Emulator;

const SEVEN_DAYS: i64 = 7 * 24 * 60 * 60;

type AnyError = Box<dyn std::error::Error + Send + Sync>;

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
    // Keep the emulator alive for the whole run when we started one.
    let (api, _emulator) = match std::env::var("GRAFANA_URL") {
        Ok(url) if !url.trim().is_empty() => {
            println!("Using Grafana at {}", redacted(&url));
            (GrafanaApi::from_env()?, None)
        }
        _ => {
            let emu = Emulator::builder().seed_demo().start().await?;
            println!(
                "GRAFANA_URL is not set: started the Grafana emulator at {}",
                emu.url()
            );
            let api = GrafanaApi::builder()
                .url(&emu.url())
                .auth(BasicAuth::new("admin", "admin"))
                .build()?;
            (api, Some(emu))
        }
    };

    let version = api.version().await?;
    println!("Grafana version {version}");

    let uid = dashboard_uid(&api, _emulator.is_some()).await?;
    let dash = api.dashboard().get_dashboard(&uid).await?;
    let title = dash.title().unwrap_or("untitled").to_owned();
    println!("1. Got dashboard {uid:?}: {title}");

    let name = format!("Shared Dashboard - {title}");
    let shared = api
        .snapshots()
        .share_dashboard_json(&dash.dashboard)
        .with_data()
        .name(&name)
        .expires(SEVEN_DAYS)
        .await?;
    let (snap, report) = (shared.snapshot, shared.report);
    println!("2. Created snapshot {name:?} with data, expires in 7 days");
    if let Some(range) = report.range {
        println!(
            "   time range: {} .. {} (epoch ms)",
            range.from_ms, range.to_ms
        );
    }
    for panel in &report.panels {
        let id = panel.id.map_or_else(|| "-".to_owned(), |id| id.to_string());
        let mut line = format!(
            "   panel {id:>3} {:<30} {} queries, {} frames, {} rows",
            format!("{:?}", panel.title),
            panel.queried,
            panel.frames,
            panel.rows
        );
        if let Some(source) = panel.reused_from {
            line += &format!(" (data of panel {source})");
        }
        if let Some(why) = &panel.skipped {
            line += &format!(" (not queried: {why})");
        }
        println!("{line}");
        for e in &panel.errors {
            println!("      error: {e}");
        }
    }
    println!(
        "   {} requests, {} frames, {} rows, {} annotations, queries took {:?}",
        report.requests, report.frames, report.rows, report.annotations, report.query_time
    );
    println!("   share URL:  {}", snap.url);
    println!("   delete key: {}", snap.delete_key);
    let empty: Vec<String> = report
        .panels_without_data()
        .iter()
        .map(|p| format!("{:?}", p.title))
        .collect();
    if !empty.is_empty() {
        // Clean up before failing: the snapshot is useless without data.
        let _ = api
            .snapshots()
            .delete_snapshot_by_delete_key(&snap.delete_key)
            .await;
        return Err(format!("panels with queries but no data: {}", empty.join(", ")).into());
    }

    let listed = api
        .snapshots()
        .get_dashboard_snapshots()
        .query(&name)
        .await?;
    if !listed.iter().any(|s| s.key == snap.key) {
        return Err(format!("snapshot {} is missing from the list", snap.key).into());
    }
    println!("3. Listed {} snapshot(s) named {name:?}", listed.len());

    let fetched = api.snapshots().get_snapshot_by_key(&snap.key).await?;
    let fetched_title = fetched.dashboard.get("title").and_then(|t| t.as_str());
    if fetched_title != Some(title.as_str()) {
        return Err(format!("snapshot holds {fetched_title:?}, expected {title:?}").into());
    }
    let stored_frames = stored_frame_count(&fetched.dashboard);
    if stored_frames != report.frames {
        return Err(format!(
            "the stored snapshot carries {stored_frames} frames, {} were embedded",
            report.frames
        )
        .into());
    }
    println!(
        "4. Fetched it by key: {:?}, {stored_frames} frames stored, expires {}",
        fetched_title.unwrap_or_default(),
        fetched.meta.expires.as_deref().unwrap_or("never")
    );

    let deleted = api
        .snapshots()
        .delete_snapshot_by_delete_key(&snap.delete_key)
        .await?;
    println!("5. Deleted it by its delete key: {}", deleted.message);

    match api.snapshots().get_snapshot_by_key(&snap.key).await {
        Err(e) if e.is_not_found() => println!("6. Confirmed gone: {e}"),
        Err(e) => return Err(e.into()),
        Ok(_) => return Err("the snapshot is still there after deletion".into()),
    }
    println!("Done.");
    Ok(())
}

/// Frames embedded in a snapshot dashboard's panels (rows' panels included):
/// the `snapshot` lists of their `queryType: "snapshot"` targets.
fn stored_frame_count(dashboard: &serde_json::Value) -> usize {
    fn count(panels: Option<&serde_json::Value>) -> usize {
        panels
            .and_then(|p| p.as_array())
            .map(|panels| {
                panels
                    .iter()
                    .map(|p| {
                        let own: usize = p
                            .get("targets")
                            .and_then(|t| t.as_array())
                            .map(|ts| {
                                ts.iter()
                                    .filter(|t| {
                                        t.get("queryType").and_then(|q| q.as_str())
                                            == Some("snapshot")
                                    })
                                    .filter_map(|t| t.get("snapshot").and_then(|s| s.as_array()))
                                    .map(Vec::len)
                                    .sum()
                            })
                            .unwrap_or(0);
                        own + count(p.get("panels"))
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    count(dashboard.get("panels"))
}

/// `GRAFANA_DASHBOARD_UID`; else the demo's `demo-overview` on the emulator,
/// or the first dashboard the search finds.
async fn dashboard_uid(api: &GrafanaApi, emulated: bool) -> Result<String, AnyError> {
    if let Ok(uid) = std::env::var("GRAFANA_DASHBOARD_UID") {
        if !uid.trim().is_empty() {
            return Ok(uid);
        }
    }
    if emulated {
        return Ok(grafana_emulator::DEMO_OVERVIEW_UID.to_owned());
    }
    let hits = api
        .raw()
        .get("api/search")
        .param("type", "dash-db")
        .param("limit", 1)
        .await?;
    hits.get(0)
        .and_then(|h| h.get("uid"))
        .and_then(|u| u.as_str())
        .map(str::to_owned)
        .ok_or_else(|| "no dashboard found; set GRAFANA_DASHBOARD_UID".into())
}

/// The URL without its password, for printing.
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            u.to_string()
        }
        Err(_) => "<unparsable URL>".into(),
    }
}
