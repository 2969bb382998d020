//! Dashboards through Grafana's Kubernetes-style `/apis`: list → modify →
//! update, with conflict handling.
//!
//! With `GRAFANA_URL` set (credentials in the URL, or `GRAFANA_TOKEN`), it
//! runs against that Grafana (12 or later; on 11 only the experimental
//! `v0alpha1` versions exist). Without it, it starts the embedded Grafana
//! emulator with its demo data.
//!
//! ```text
//! cargo run --example apis_dashboards
//! GRAFANA_URL=https://admin:secret@grafana.example.com cargo run --example apis_dashboards
//! ```
//!
//! Steps: pick the versions and namespace the server wants (`GET /apis`,
//! `/bootdata`); list every dashboard page by page; create a scratch
//! dashboard; change it from a copy that has gone stale (someone else saved
//! in between), which Grafana refuses with 409 Conflict; do the same change
//! with the retrying read-modify-write instead, which succeeds; show the
//! dashboard's history; delete the scratch dashboard. Nothing else is
//! changed. Exits non-zero on any failure.

use std::process::ExitCode;

use grafana_client::apis::{
    DashboardSpec, DeleteParams, ListParams, Object, PostParams, MESSAGE_ANNOTATION,
};
use grafana_client::{BasicAuth, GrafanaApi};
use grafana_emulator::Emulator;
use serde_json::json;

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
    println!("Grafana version {}", api.version().await?);

    // 1. Versions and namespace for this server.
    let apis = api.apis().detect().await?;
    let dashboards = apis.dashboards_v1();
    println!(
        "1. Namespace {:?}, dashboards at {}",
        apis.current_namespace().unwrap_or("?"),
        dashboards.resource().api_version()
    );

    // 2. Every dashboard, page after page over `continue`.
    let all = dashboards
        .list_all(&ListParams::default().limit(100))
        .await?;
    println!("2. {} dashboards:", all.len());
    for d in all.iter().take(10) {
        println!(
            "   {:<24} {}",
            d.name(),
            d.spec.title().unwrap_or("(untitled)")
        );
    }

    // 3. A scratch dashboard to work on.
    let uid = format!("apis-example-{}", std::process::id());
    let scratch = Object::new(
        uid.clone(),
        DashboardSpec::from_json(json!({
            "title": "apis example", "panels": [], "schemaVersion": 41, "tags": ["example"]
        }))
        .ok_or("the spec is a JSON object")?,
    );
    let created = dashboards.create(&PostParams::default(), &scratch).await?;
    println!(
        "3. Created {} (generation {:?}, resourceVersion {:?})",
        created.name(),
        created.metadata.generation,
        created.resource_version()
    );

    let result = modify(&api, &uid).await;
    // 6. Clean up whatever happened above.
    dashboards.delete(&uid, &DeleteParams::default()).await?;
    println!("6. Deleted {uid}");
    result
}

/// Steps 4 and 5: a stale write that conflicts, then the retrying update.
async fn modify(api: &GrafanaApi, uid: &str) -> Result<(), AnyError> {
    let apis = api.apis().detect().await?;
    let dashboards = apis.dashboards_v1();
    let mut mine = dashboards.get(uid).await?;
    // Someone else saves in between ...
    dashboards
        .update(uid, |d| {
            d.spec.insert("description", json!("edited elsewhere"))
        })
        .await?;
    // ... so writing our copy, read before, is refused.
    mine.spec.set_title("apis example (renamed)");
    match dashboards.replace(uid, &PostParams::default(), &mine).await {
        Err(e) if e.is_conflict() => println!("4. Stale copy refused, as it should be: {e}"),
        Err(e) => return Err(e.into()),
        Ok(_) => return Err("a stale resourceVersion was accepted".into()),
    }
    // The read-modify-write reads again and re-applies the change on 409.
    let saved = dashboards
        .update(uid, |d| {
            d.spec.set_title("apis example (renamed)");
            d.metadata
                .set_annotation(MESSAGE_ANNOTATION, Some("renamed by the apis example"));
        })
        .attempts(5)
        .await?;
    println!(
        "5. Saved {:?} with {:?} kept (generation {:?})",
        saved.spec.title().unwrap_or(""),
        saved
            .spec
            .get("description")
            .and_then(|d| d.as_str())
            .unwrap_or(""),
        saved.metadata.generation
    );
    if saved.spec.title() != Some("apis example (renamed)") {
        return Err("the update did not keep the new title".into());
    }
    for past in dashboards.history(uid).await? {
        println!(
            "   history: generation {:?} {:?}",
            past.metadata.generation,
            past.spec.title().unwrap_or("")
        );
    }
    Ok(())
}

/// The URL without its password.
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
