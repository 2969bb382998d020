//! Many concurrent connections and requests.

mod common;

use common::{start_demo, Auth};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundreds_of_concurrent_connections() {
    let api = start_demo().await;
    let url = api.emu.url();
    let mut tasks = Vec::new();
    for i in 0..300 {
        // A fresh client per task: its own connection.
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder().no_proxy().build().unwrap();
            let r = client
                .post(format!("{url}/api/snapshots"))
                .basic_auth("admin", Some("admin"))
                .json(&json!({"dashboard": {"uid": "demo-overview"}, "name": format!("s{i}")}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 200);
            let key = r.json::<serde_json::Value>().await.unwrap()["key"]
                .as_str()
                .unwrap()
                .to_string();
            let r = client
                .get(format!("{url}/api/snapshots/{key}"))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 200);
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let list = api.get("/api/dashboard/snapshots", &Auth::Admin).await;
    assert_eq!(list.json.as_array().unwrap().len(), 300);
    assert_eq!(api.emu.requests().len(), 601);
    let keys: std::collections::HashSet<_> = list
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(keys.len(), 300, "generated keys are unique");
}
