//! Emulator tests: dashboard versions (list, get, restore, diff) on Grafana
//! 12, and what 11.6 and 13.0 answer differently.

use crate::common::{start, start_with, Api, Auth};
use grafana_emulator::{Emulator, Role};
use serde_json::{json, Value};

/// Saves `uid` three times (versions 1–3, titles A, B, C); returns its id.
async fn three_versions(api: &Api, uid: &str) -> i64 {
    let mut id = 0;
    for (i, title) in ["A", "B", "C"].iter().enumerate() {
        let r = api
            .post(
                "/api/dashboards/db",
                &Auth::Admin,
                &json!({"dashboard": {"uid": uid, "title": title, "version": i}, "message": format!("save {title}")}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        id = r.json["id"].as_i64().unwrap();
    }
    id
}

#[tokio::test]
async fn list_versions_newest_first() {
    let api = start().await;
    let id = three_versions(&api, "hist").await;
    let r = api
        .get("/api/dashboards/uid/hist/versions", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["continueToken"], "");
    let versions = r.json["versions"].as_array().unwrap();
    let nums: Vec<i64> = versions
        .iter()
        .map(|v| v["version"].as_i64().unwrap())
        .collect();
    assert_eq!(nums, [3, 2, 1]);
    let v3 = &versions[0];
    let keys: Vec<&str> = v3.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "id",
            "dashboardId",
            "uid",
            "parentVersion",
            "restoredFrom",
            "version",
            "created",
            "message",
            "data",
            "createdBy"
        ]
    );
    assert_eq!(v3["id"], 3, "Grafana 12 reports the version number as id");
    assert_eq!(v3["dashboardId"], id);
    assert_eq!(v3["uid"], "hist");
    assert_eq!(v3["parentVersion"], 2);
    assert_eq!(v3["restoredFrom"], 0);
    assert_eq!(v3["message"], "save C");
    assert_eq!(v3["createdBy"], "admin");
    let meta = api.get("/api/dashboards/uid/hist", &Auth::Admin).await.json["meta"].clone();
    assert_eq!(
        v3["created"], meta["updated"],
        "saved at the dashboard's update time"
    );
    assert_eq!(v3["data"]["title"], "C");
    assert_eq!(v3["data"]["version"], 3);
    assert_eq!(versions[2]["message"], "Initial save");
    assert_eq!(versions[2]["parentVersion"], 0);
}

#[tokio::test]
async fn paging_with_continue_token() {
    let api = start().await;
    three_versions(&api, "pg").await;
    let r = api
        .get("/api/dashboards/uid/pg/versions?limit=2", &Auth::Admin)
        .await;
    let page: Vec<i64> = r.json["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_i64().unwrap())
        .collect();
    assert_eq!(page, [3, 2]);
    let token = r.json["continueToken"].as_str().unwrap().to_string();
    assert!(!token.is_empty());
    // `start` is ignored on Grafana 12 (k8s history).
    let r = api
        .get(
            "/api/dashboards/uid/pg/versions?limit=2&start=2",
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.json["versions"][0]["version"], 3);
    let enc: String = token
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let r = api
        .get(
            &format!("/api/dashboards/uid/pg/versions?limit=2&continueToken={enc}"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["versions"].as_array().unwrap().len(), 1);
    assert_eq!(r.json["versions"][0]["version"], 1);
    assert_eq!(r.json["continueToken"], "");
    let r = api
        .get(
            "/api/dashboards/uid/pg/versions?continueToken=%%%",
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 404);
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .starts_with("No versions found for dashboardId "));
}

#[tokio::test]
async fn releases_before_12() {
    // 11.6: the paged object, `start` honoured, no data in the list, row ids.
    let api = start_with(Emulator::builder().version("11.6.0")).await;
    three_versions(&api, "old").await;
    let r = api
        .get(
            "/api/dashboards/uid/old/versions?start=1&limit=1",
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["versions"].as_array().unwrap().len(), 1);
    assert_eq!(r.json["versions"][0]["version"], 2);
    assert_eq!(r.json["versions"][0]["data"], Value::Null);
    assert_eq!(r.json["continueToken"], "");
    // 11.5: a bare list.
    let api = start_with(Emulator::builder().version("11.5.2")).await;
    three_versions(&api, "older").await;
    let r = api
        .get("/api/dashboards/uid/older/versions", &Auth::Admin)
        .await;
    assert_eq!(r.json.as_array().map(Vec::len), Some(3), "{}", r.text);
}

#[tokio::test]
async fn get_one_version() {
    let api = start().await;
    let id = three_versions(&api, "one").await;
    let r = api
        .get("/api/dashboards/uid/one/versions/2", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["version"], 2);
    assert_eq!(r.json["message"], "save B");
    assert_eq!(r.json["data"]["title"], "B");
    assert_eq!(r.json["data"]["uid"], "one");
    let r = api
        .get(&format!("/api/dashboards/id/{id}/versions/1"), &Auth::Admin)
        .await;
    assert_eq!(
        (r.status, r.json["data"]["title"].clone()),
        (200, json!("A"))
    );
    // Unknown version: the handler's 500 with the ids.
    let r = api
        .get("/api/dashboards/uid/one/versions/9", &Auth::Admin)
        .await;
    assert_eq!(
        (r.status, r.json),
        (
            500,
            json!({"message": format!("Dashboard version 9 not found for dashboardId {id}")})
        )
    );
    let r = api
        .get("/api/dashboards/uid/one/versions/x", &Auth::Admin)
        .await;
    assert_eq!(r.status, 500);
    let r = api
        .get("/api/dashboards/uid/nope/versions/1", &Auth::Admin)
        .await;
    assert_eq!(
        (r.status, r.json),
        (404, json!({"message": "Dashboard not found"}))
    );
    let r = api.get("/api/dashboards/id/x/versions", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json),
        (400, json!({"message": "dashboardId is invalid"}))
    );
    let r = api
        .get("/api/dashboards/id/99999/versions", &Auth::Admin)
        .await;
    assert_eq!(r.status, 404);
    let r = api
        .get(&format!("/api/dashboards/id/{id}/versions"), &Auth::Admin)
        .await;
    assert_eq!(r.json["versions"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn restore_creates_a_new_version() {
    let api = start().await;
    let id = three_versions(&api, "rs").await;
    let r = api
        .post(
            "/api/dashboards/uid/rs/restore",
            &Auth::Admin,
            &json!({"version": 1}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.json,
        json!({"folderUid": "", "id": id, "slug": "a", "status": "success", "uid": "rs", "url": "/d/rs/a", "version": 4})
    );
    let r = api.get("/api/dashboards/uid/rs", &Auth::Admin).await;
    assert_eq!(r.json["dashboard"]["title"], "A");
    assert_eq!(r.json["dashboard"]["version"], 4);
    let r = api
        .get("/api/dashboards/uid/rs/versions", &Auth::Admin)
        .await;
    let v4 = &r.json["versions"][0];
    assert_eq!(v4["version"], 4);
    assert_eq!(v4["restoredFrom"], 1);
    assert_eq!(v4["message"], "Restored from version 1");
    let r = api
        .get("/api/dashboards/uid/rs/versions/4", &Auth::Admin)
        .await;
    assert_eq!(r.json["message"], "Restored from version 1");

    // Restoring what is already current.
    let r = api
        .post(
            "/api/dashboards/uid/rs/restore",
            &Auth::Admin,
            &json!({"version": 4}),
        )
        .await;
    assert_eq!(
        (r.status, r.json),
        (
            400,
            json!({"message": "Current dashboard is identical to the specified version"})
        )
    );
    // By id.
    let r = api
        .post(
            &format!("/api/dashboards/id/{id}/restore"),
            &Auth::Admin,
            &json!({"version": 2}),
        )
        .await;
    assert_eq!((r.status, r.json["version"].clone()), (200, json!(5)));
    let cases = [
        (
            "/api/dashboards/uid/rs/restore",
            json!({"version": 77}),
            404,
            json!({"message": "Dashboard version not found"}),
        ),
        (
            "/api/dashboards/uid/rs/restore",
            json!({}),
            400,
            json!({"message": "bad request data", "traceID": ""}),
        ),
        (
            "/api/dashboards/uid/rs/restore",
            json!({"version": "1"}),
            400,
            json!({"message": "bad request data", "traceID": ""}),
        ),
        (
            "/api/dashboards/uid/nope/restore",
            json!({"version": 1}),
            404,
            json!({"message": "Dashboard not found"}),
        ),
        (
            "/api/dashboards/id/zz/restore",
            json!({"version": 1}),
            400,
            json!({"message": "dashboardId is invalid"}),
        ),
    ];
    for (path, body, status, expect) in cases {
        let r = api.post(path, &Auth::Admin, &body).await;
        assert_eq!((r.status, &r.json), (status, &expect), "{path} {body}");
    }
}

#[tokio::test]
async fn calculate_diff() {
    let api = start().await;
    let id = three_versions(&api, "df").await;
    let body = |t: &str| json!({"base": {"dashboardId": id, "version": 1}, "new": {"dashboardId": id, "version": 3}, "diffType": t});
    let r = api
        .post(
            "/api/dashboards/calculate-diff",
            &Auth::Admin,
            &body("json"),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type").as_deref(), Some("text/html"));
    assert!(r.text.contains("diff-line-deleted"), "{}", r.text);
    assert!(r.text.contains("&quot;A&quot;") && r.text.contains("&quot;C&quot;"));
    let r = api
        .post(
            "/api/dashboards/calculate-diff",
            &Auth::Admin,
            &body("basic"),
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(r.text.contains("title"), "{}", r.text);
    assert!(!r.text.contains("\"uid\""));
    let r = api
        .post(
            "/api/dashboards/calculate-diff",
            &Auth::Admin,
            &body("delta"),
        )
        .await;
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(r.json["title"], json!(["A", "C"]));
    assert_eq!(r.json["version"], json!([1, 3]));

    // Errors.
    let r = api
        .post(
            "/api/dashboards/calculate-diff",
            &Auth::Admin,
            &json!({"base": {"dashboardId": id, "version": 1}, "diffType": "json"}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "bad request data");
    let r = api
        .post(
            "/api/dashboards/calculate-diff",
            &Auth::Admin,
            &json!({"base": {"dashboardId": id, "version": 1}, "new": {"dashboardId": id, "version": 9}, "diffType": "json"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json),
        (500, json!({"message": "Unable to compute diff"}))
    );
    let old = start_with(Emulator::builder().version("11.6.0")).await;
    let oid = three_versions(&old, "df").await;
    let r = old
        .post(
            "/api/dashboards/calculate-diff",
            &Auth::Admin,
            &json!({"base": {"dashboardId": oid, "version": 1}, "new": {"dashboardId": oid, "version": 9}, "diffType": "json"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json),
        (404, json!({"message": "Dashboard version not found"}))
    );
}

#[tokio::test]
async fn rbac_and_auth() {
    let api = start().await;
    three_versions(&api, "rb").await;
    api.emu.add_user("viewer", "pw", 1, Role::Viewer);
    let viewer = Auth::basic("viewer", "pw");
    for (method, path, body) in [
        ("GET", "/api/dashboards/uid/rb/versions", None),
        ("GET", "/api/dashboards/uid/rb/versions/1", None),
        (
            "POST",
            "/api/dashboards/uid/rb/restore",
            Some(json!({"version": 1})),
        ),
        ("POST", "/api/dashboards/calculate-diff", Some(json!({}))),
    ] {
        let r = api.req(method, path, &viewer, body.as_ref(), &[]).await;
        assert_eq!(r.status, 403, "{path}");
        assert!(r.json["message"]
            .as_str()
            .unwrap()
            .ends_with("Permissions needed: dashboards:write"));
        let r = api.req(method, path, &Auth::None, body.as_ref(), &[]).await;
        assert_eq!(r.status, 401, "{path}");
    }
}

#[tokio::test]
async fn grafana_13_reads_by_uid_only_and_has_no_diff() {
    let api = start_with(Emulator::builder().version("13.0.0")).await;
    let id = three_versions(&api, "g13").await;
    for path in [
        format!("/api/dashboards/id/{id}/versions"),
        format!("/api/dashboards/id/{id}/versions/1"),
    ] {
        let r = api.get(&path, &Auth::Admin).await;
        assert_eq!(
            (r.status, r.json),
            (400, json!({"message": "uid is required"})),
            "{path}"
        );
    }
    let r = api
        .get("/api/dashboards/uid/g13/versions", &Auth::Admin)
        .await;
    assert_eq!(r.json["versions"].as_array().unwrap().len(), 3);
    let r = api
        .post(
            &format!("/api/dashboards/id/{id}/restore"),
            &Auth::Admin,
            &json!({"version": 1}),
        )
        .await;
    assert_eq!((r.status, r.json["version"].clone()), (200, json!(4)));
    let r = api
        .post(
            "/api/dashboards/calculate-diff",
            &Auth::Admin,
            &json!({"base": {"dashboardId": id, "version": 1}, "new": {"dashboardId": id, "version": 2}, "diffType": "json"}),
        )
        .await;
    assert_eq!((r.status, r.json), (404, json!({"message": "Not found"})));
}

#[tokio::test]
async fn delete_drops_the_history() {
    let api = start().await;
    let id = three_versions(&api, "gone").await;
    let r = api.delete("/api/dashboards/uid/gone", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    let r = api
        .get("/api/dashboards/uid/gone/versions", &Auth::Admin)
        .await;
    assert_eq!(r.status, 404);
    // A new dashboard with the same uid starts a new history.
    api.save_dashboard(json!({"uid": "gone", "title": "Again"}))
        .await;
    let r = api
        .get("/api/dashboards/uid/gone/versions", &Auth::Admin)
        .await;
    let versions = r.json["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 1);
    assert_ne!(versions[0]["dashboardId"], id);
}
