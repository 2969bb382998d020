//! Emulator tests: `GET /api/search` (behavior.md §5; ordering from
//! Grafana's `HitList.Less`; fidelity audit Q1–Q4).

use crate::common::{start, Auth};
use grafana_emulator::Role;
use serde_json::{json, Value};

fn titles(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].as_str().unwrap().to_string())
        .collect()
}

async fn seeded() -> crate::common::Api {
    let api = start().await;
    api.post(
        "/api/folders",
        &Auth::Admin,
        &json!({"uid": "zf", "title": "zeta folder"}),
    )
    .await;
    api.post(
        "/api/folders",
        &Auth::Admin,
        &json!({"uid": "af", "title": "Alpha folder"}),
    )
    .await;
    for (uid, title, tags, folder) in [
        ("d1", "beta board", json!(["prod", "web"]), ""),
        ("d2", "Alpha board", json!(["prod"]), "af"),
        ("d3", "gamma", json!(["web"]), "zf"),
        ("d4", "Delta Board", json!([]), ""),
    ] {
        let r = api
            .post(
                "/api/dashboards/db",
                &Auth::Admin,
                &json!({"dashboard": {"uid": uid, "title": title, "tags": tags}, "folderUid": folder}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    api
}

#[tokio::test]
async fn default_order_folders_first_then_title_ci() {
    let api = seeded().await;
    let r = api.get("/api/search", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        titles(&r.json),
        [
            "Alpha folder",
            "zeta folder",
            "Alpha board",
            "beta board",
            "Delta Board",
            "gamma"
        ]
    );
    let hit = r
        .json
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["uid"] == "d2")
        .unwrap();
    assert_eq!(hit["type"], "dash-db");
    assert_eq!(hit["folderUid"], "af");
    assert_eq!(hit["folderTitle"], "Alpha folder");
    assert_eq!(hit["url"], "/d/d2/alpha-board");
    assert_eq!(hit["uri"], "db/alpha-board");
    let root = r
        .json
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["uid"] == "d1")
        .unwrap();
    assert!(root.get("folderUid").is_none(), "omitted at the root");
    assert_eq!(root["tags"], json!(["prod", "web"]));
    let folder = &r.json[0];
    assert_eq!(folder["type"], "dash-folder");
    assert_eq!(folder["url"], "/dashboards/f/af/alpha-folder");
}

#[tokio::test]
async fn filters() {
    let api = seeded().await;
    let q = |s: &str| format!("/api/search?{s}");
    assert_eq!(
        titles(&api.get(&q("query=BOARD"), &Auth::Admin).await.json),
        ["Alpha board", "beta board", "Delta Board"]
    );
    assert_eq!(
        titles(&api.get(&q("query=alpha"), &Auth::Admin).await.json),
        ["Alpha folder", "Alpha board"]
    );
    assert_eq!(
        titles(&api.get(&q("tag=prod"), &Auth::Admin).await.json),
        ["Alpha board", "beta board"]
    );
    assert_eq!(
        titles(&api.get(&q("tag=prod&tag=web"), &Auth::Admin).await.json),
        ["beta board"]
    );
    assert_eq!(
        titles(&api.get(&q("type=dash-folder"), &Auth::Admin).await.json),
        ["Alpha folder", "zeta folder"]
    );
    assert_eq!(
        titles(&api.get(&q("type=dash-db&query=a"), &Auth::Admin).await.json),
        ["Alpha board", "beta board", "Delta Board", "gamma"]
    );
    assert_eq!(
        titles(&api.get(&q("folderUIDs=zf"), &Auth::Admin).await.json),
        ["gamma"]
    );
    assert_eq!(
        titles(
            &api.get(&q("folderUIDs=zf&folderUIDs=af"), &Auth::Admin)
                .await
                .json
        ),
        ["Alpha board", "gamma"]
    );
    assert_eq!(
        titles(
            &api.get(&q("folderUIDs=&type=dash-db"), &Auth::Admin)
                .await
                .json
        ),
        ["beta board", "Delta Board"]
    );
    assert_eq!(
        titles(
            &api.get(&q("dashboardUIDs=d3&dashboardUIDs=d1"), &Auth::Admin)
                .await
                .json
        ),
        ["beta board", "gamma"]
    );
    assert_eq!(
        titles(&api.get(&q("dashboardUID=d4"), &Auth::Admin).await.json),
        ["Delta Board"]
    );
    assert_eq!(
        api.get(&q("starred=true"), &Auth::Admin).await.json,
        json!([])
    );
    assert_eq!(
        titles(
            &api.get(&q("sort=alpha-desc&type=dash-db"), &Auth::Admin)
                .await
                .json
        ),
        ["gamma", "Delta Board", "beta board", "Alpha board"]
    );
    let r = api
        .get(&q("dashboardUIDs=d1&dashboardIds=1"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "search supports UIDs or IDs, not both");
}

#[tokio::test]
async fn limit_and_page() {
    let api = seeded().await;
    let q = |s: &str| format!("/api/search?{s}");
    assert_eq!(
        titles(&api.get(&q("limit=2"), &Auth::Admin).await.json),
        ["Alpha folder", "zeta folder"]
    );
    assert_eq!(
        titles(&api.get(&q("limit=2&page=2"), &Auth::Admin).await.json),
        ["Alpha board", "beta board"]
    );
    assert_eq!(
        titles(&api.get(&q("limit=2&page=9"), &Auth::Admin).await.json),
        Vec::<String>::new()
    );
    assert_eq!(api.get(&q("limit=5000"), &Auth::Admin).await.status, 200);
    let r = api.get(&q("limit=5001"), &Auth::Admin).await;
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json,
        json!({"message":"Limit is above maximum allowed (5000), use page parameter to access hits beyond limit"})
    );
    assert_eq!(
        api.get(&q("limit=x&page=y"), &Auth::Admin)
            .await
            .json
            .as_array()
            .unwrap()
            .len(),
        6
    );
}

#[tokio::test]
async fn default_limit_is_1000() {
    let api = start().await;
    for i in 0..1005 {
        let r = api
            .post(
                "/api/dashboards/db",
                &Auth::Admin,
                &json!({"dashboard": {"uid": format!("d{i}"), "title": format!("D {i:04}")}}),
            )
            .await;
        assert_eq!(r.status, 200);
    }
    let r = api.get("/api/search", &Auth::Admin).await;
    assert_eq!(r.json.as_array().unwrap().len(), 1000);
    let r = api.get("/api/search?page=2", &Auth::Admin).await;
    assert_eq!(r.json.as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn ids_uids_and_legacy_parameters() {
    let api = seeded().await;
    let q = |s: &str| format!("/api/search?{s}");
    let all = api.get(&q(""), &Auth::Admin).await.json;
    let id_of = |uid: &str| {
        all.as_array()
            .unwrap()
            .iter()
            .find(|h| h["uid"] == uid)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let (d1, af) = (id_of("d1"), id_of("af"));
    assert_eq!(
        titles(
            &api.get(&q(&format!("dashboardIds={d1}")), &Auth::Admin)
                .await
                .json
        ),
        ["beta board"]
    );
    assert_eq!(
        titles(
            &api.get(&q(&format!("folderIds={af}")), &Auth::Admin)
                .await
                .json
        ),
        ["Alpha board"]
    );
    assert_eq!(
        titles(
            &api.get(&q("folderIds=0&type=dash-db"), &Auth::Admin)
                .await
                .json
        ),
        ["beta board", "Delta Board"]
    );
    assert_eq!(
        titles(
            &api.get(&q("folderUIDs=general&type=dash-db"), &Auth::Admin)
                .await
                .json
        ),
        ["beta board", "Delta Board"]
    );
    // Folder ids with folder uids: the same 400 as for dashboards (Q2).
    let r = api
        .get(&q(&format!("folderIds={af}&folderUIDs=af")), &Auth::Admin)
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json,
        json!({"message": "search supports UIDs or IDs, not both"})
    );
    // `dashboardUID` only counts when `dashboardUIDs` is absent (Q3).
    assert_eq!(
        titles(
            &api.get(&q("dashboardUIDs=d1&dashboardUID=d4"), &Auth::Admin)
                .await
                .json
        ),
        ["beta board"]
    );
    // Values are not split on commas.
    assert_eq!(
        api.get(&q("dashboardUIDs=d1,d4"), &Auth::Admin).await.json,
        json!([])
    );
    // Non-numeric ids are dropped, as `strconv.ParseInt` failures are.
    assert_eq!(
        api.get(&q("dashboardIds=x&limit=1"), &Auth::Admin)
            .await
            .json
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let r = api
        .get(&q("sort=alpha-asc&type=dash-db"), &Auth::Admin)
        .await;
    assert_eq!(
        titles(&r.json),
        ["Alpha board", "beta board", "Delta Board", "gamma"]
    );
}

#[tokio::test]
async fn deleted_needs_an_org_admin() {
    let api = seeded().await;
    api.emu.add_user("ed", "pw", 1, Role::Editor);
    let r = api
        .get("/api/search?deleted=true", &Auth::basic("ed", "pw"))
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json, json!({"message": "Unauthorized"}));
    // Checked before the limit.
    let r = api
        .get(
            "/api/search?deleted=true&limit=9999",
            &Auth::basic("ed", "pw"),
        )
        .await;
    assert_eq!(r.status, 401);
    // Admin: only soft-deleted dashboards, and the emulator keeps none.
    let r = api.get("/api/search?deleted=true", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json, json!([]));
    assert_eq!(
        api.get("/api/search?deleted=false", &Auth::basic("ed", "pw"))
            .await
            .json
            .as_array()
            .unwrap()
            .len(),
        6
    );
}

#[tokio::test]
async fn edit_permission_and_roles() {
    let api = seeded().await;
    api.emu.add_user("vera", "pw", 1, Role::Viewer);
    api.emu.add_user("ed", "pw", 1, Role::Editor);
    let vera = Auth::basic("vera", "pw");
    let ed = Auth::basic("ed", "pw");
    assert_eq!(
        api.get("/api/search", &vera)
            .await
            .json
            .as_array()
            .unwrap()
            .len(),
        6
    );
    assert_eq!(
        api.get("/api/search?permission=Edit", &vera).await.json,
        json!([])
    );
    assert_eq!(
        api.get("/api/search?permission=View", &vera)
            .await
            .json
            .as_array()
            .unwrap()
            .len(),
        6
    );
    assert_eq!(
        api.get("/api/search?permission=Edit", &ed)
            .await
            .json
            .as_array()
            .unwrap()
            .len(),
        6
    );
    assert_eq!(api.get("/api/search", &Auth::None).await.status, 401);
}

#[tokio::test]
async fn starred_dashboards() {
    let api = seeded().await;
    let r = api
        .post("/api/user/stars/dashboard/uid/d3", &Auth::Admin, &json!({}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = api.get("/api/search?starred=true", &Auth::Admin).await;
    assert_eq!(titles(&r.json), ["gamma"]);
    assert_eq!(r.json[0]["isStarred"], true);
    let all = api.get("/api/search?type=dash-db", &Auth::Admin).await.json;
    let starred: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["isStarred"] == true)
        .map(|h| h["uid"].as_str().unwrap())
        .collect();
    assert_eq!(starred, ["d3"]);
    // Another user's stars are their own.
    api.emu.add_user("vera", "pw", 1, Role::Viewer);
    assert_eq!(
        api.get("/api/search?starred=true", &Auth::basic("vera", "pw"))
            .await
            .json,
        json!([])
    );
}

#[tokio::test]
async fn sort_options() {
    let api = start().await;
    let r = api.get("/api/search/sorting", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.text,
        "{\"sortOptions\":[{\"description\":\"Sort results in an alphabetically ascending order\",\"displayName\":\"Alphabetically (A–Z)\",\"meta\":\"\",\"name\":\"alpha-asc\"},{\"description\":\"Sort results in an alphabetically descending order\",\"displayName\":\"Alphabetically (Z–A)\",\"meta\":\"\",\"name\":\"alpha-desc\"}]}"
    );
    assert_eq!(
        api.get("/api/search/sorting", &Auth::None).await.status,
        401
    );
}
