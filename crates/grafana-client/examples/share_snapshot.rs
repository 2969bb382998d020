//! Share a dashboard as a snapshot, then clean up.
//!
//! With `GRAFANA_URL` set (credentials in the URL, or `GRAFANA_TOKEN`), it runs
//! against that Grafana and shares the dashboard `GRAFANA_DASHBOARD_UID` (or the
//! first dashboard the search finds). Without it, it starts the embedded
//! Grafana emulator with a demo dashboard.
//!
//! ```text
//! cargo run --example share_snapshot
//! GRAFANA_URL=https://admin:secret@grafana.example.com cargo run --example share_snapshot
//! ```
//!
//! Steps: get the dashboard, create a snapshot named "Shared Dashboard -
//! <title>" that expires in 7 days, print its share URL and delete key, list
//! snapshots, fetch it by key, delete it by its delete key, and check that it
//! is gone (404). Exits non-zero on any failure.

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

    let uid = dashboard_uid(&api).await?;
    let dash = api.dashboard().get_dashboard(&uid).await?;
    let title = dash.title().unwrap_or("untitled").to_owned();
    println!("1. Got dashboard {uid:?}: {title}");

    let name = format!("Shared Dashboard - {title}");
    let snap = api
        .snapshots()
        .create_new_snapshot(&dash.dashboard)
        .name(&name)
        .expires(SEVEN_DAYS)
        .await?;
    println!("2. Created snapshot {name:?}, expires in 7 days");
    println!("   share URL:  {}", snap.url);
    println!("   delete key: {}", snap.delete_key);

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
    println!(
        "4. Fetched it by key: {:?}, expires {}",
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

/// `GRAFANA_DASHBOARD_UID`, or the first dashboard the search finds.
async fn dashboard_uid(api: &GrafanaApi) -> Result<String, AnyError> {
    if let Ok(uid) = std::env::var("GRAFANA_DASHBOARD_UID") {
        if !uid.trim().is_empty() {
            return Ok(uid);
        }
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
