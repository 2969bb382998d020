//! 200 concurrent clients writing and reading in one org: no lost update,
//! no 500, exact final versions and counts.

use std::time::Duration;

use serde_json::{json, Value};

use crate::common::{start, Auth};

const CLIENTS: usize = 200;
const UPDATES: i64 = 5;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_clients_lose_no_update() {
    let api = start().await;
    let url = api.emu.url();
    let run = async {
        let mut tasks = Vec::new();
        for i in 0..CLIENTS {
            let url = url.clone();
            tasks.push(tokio::spawn(async move {
                let c = reqwest::Client::builder().no_proxy().build().unwrap();
                let send = |m: reqwest::Method, path: String, body: Option<Value>| {
                    let mut rb = c.request(m, format!("{url}{path}")).basic_auth("admin", Some("admin"));
                    if let Some(b) = body {
                        rb = rb.json(&b);
                    }
                    async move {
                        let r = rb.send().await.expect("sent");
                        let status = r.status().as_u16();
                        let v: Value = r.json().await.unwrap_or(Value::Null);
                        assert!(status < 500, "{status} {v}");
                        (status, v)
                    }
                };
                let (s, folder) = send(reqwest::Method::POST, "/api/folders".into(), Some(json!({"title": format!("conc folder {i}")}))).await;
                assert_eq!(s, 200, "{folder}");
                let folder_uid = folder["uid"].as_str().unwrap().to_string();
                let uid = format!("conc-{i}");
                let (s, saved) = send(
                    reqwest::Method::POST,
                    "/api/dashboards/db".into(),
                    Some(json!({"dashboard": {"uid": uid, "title": format!("conc {i}")}, "folderUid": folder_uid})),
                )
                .await;
                assert_eq!(s, 200, "{saved}");
                let mut version = saved["version"].as_i64().unwrap();
                for n in 0..UPDATES {
                    let (s, saved) = send(
                        reqwest::Method::POST,
                        "/api/dashboards/db".into(),
                        Some(json!({"dashboard": {"uid": uid, "title": format!("conc {i} v{n}"), "version": version}, "folderUid": folder_uid})),
                    )
                    .await;
                    assert_eq!(s, 200, "{saved}");
                    version = saved["version"].as_i64().unwrap();
                    let (s, got) = send(reqwest::Method::GET, format!("/api/dashboards/uid/{uid}"), None).await;
                    assert_eq!(s, 200);
                    assert_eq!(got["dashboard"]["version"], version);
                }
                // A stale version is refused, never applied.
                let (s, _) = send(
                    reqwest::Method::POST,
                    "/api/dashboards/db".into(),
                    Some(json!({"dashboard": {"uid": uid, "title": "stale", "version": 1}})),
                )
                .await;
                assert!(s == 412 || s == 409, "{s}");
                let (s, sa) = send(reqwest::Method::POST, "/api/serviceaccounts".into(), Some(json!({"name": format!("conc-sa-{i}")}))).await;
                assert_eq!(s, 201, "{sa}");
                let (s, snap) = send(
                    reqwest::Method::POST,
                    "/api/snapshots".into(),
                    Some(json!({"dashboard": {"uid": uid, "title": "snap"}, "name": format!("conc snap {i}")})),
                )
                .await;
                assert_eq!(s, 200, "{snap}");
                version
            }));
        }
        let mut versions = Vec::new();
        for t in tasks {
            versions.push(t.await.expect("task"));
        }
        versions
    };
    let versions = tokio::time::timeout(Duration::from_secs(120), run)
        .await
        .expect("finishes within two minutes");
    assert!(versions.iter().all(|v| *v == versions[0]), "{versions:?}");
    assert_eq!(
        versions[0],
        1 + UPDATES,
        "each update bumped the version once"
    );

    for i in 0..CLIENTS {
        let r = api
            .get(&format!("/api/dashboards/uid/conc-{i}"), &Auth::Admin)
            .await;
        assert_eq!(r.status, 200);
        assert_eq!(r.json["dashboard"]["version"], 1 + UPDATES);
        assert_eq!(
            r.json["dashboard"]["title"],
            format!("conc {i} v{}", UPDATES - 1)
        );
    }
    let r = api.get("/api/folders?limit=1000", &Auth::Admin).await;
    assert_eq!(r.json.as_array().unwrap().len(), CLIENTS);
    let r = api
        .get("/api/serviceaccounts/search?query=conc-sa", &Auth::Admin)
        .await;
    assert_eq!(r.json["totalCount"], CLIENTS);
    let r = api.get("/api/dashboard/snapshots", &Auth::Admin).await;
    let snaps = r.json.as_array().unwrap();
    let ours = snaps
        .iter()
        .filter(|s| {
            s["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("conc snap "))
        })
        .count();
    assert_eq!(ours, CLIENTS, "{}", r.text);
}
