//! Emulator tests: the `/apis` App Platform API — discovery per release,
//! namespaces, dashboards over the `/api` store (both ways), Status errors,
//! conflicts, patches, dry runs, paging with short pages and expired
//! tokens, selectors, history, v2 dashboards and the legacy 406, folders
//! and playlists.

use crate::common::{start, start_demo, start_with, Api, Auth, Resp};
use grafana_emulator::{Emulator, Role};
use serde_json::{json, Value};

const D1: &str = "/apis/dashboard.grafana.app/v1/namespaces/default/dashboards";
const D1B: &str = "/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards";
const D2: &str = "/apis/dashboard.grafana.app/v2/namespaces/default/dashboards";
const F1: &str = "/apis/folder.grafana.app/v1/namespaces/default/folders";
const P1: &str = "/apis/playlist.grafana.app/v1/namespaces/default/playlists";

async fn g13() -> Api {
    start_with(Emulator::builder().version("13.0.0")).await
}

fn dash(name: &str, title: &str) -> Value {
    json!({
        "apiVersion": "dashboard.grafana.app/v1",
        "kind": "Dashboard",
        "metadata": {"name": name},
        "spec": {"title": title, "schemaVersion": 41, "panels": []}
    })
}

async fn patch(api: &Api, path: &str, ctype: &str, body: &Value) -> Resp {
    api.req(
        "PATCH",
        path,
        &Auth::Admin,
        Some(body),
        &[("content-type", ctype)],
    )
    .await
}

fn rv(v: &Value) -> i64 {
    v["metadata"]["resourceVersion"]
        .as_str()
        .expect("resourceVersion is a string")
        .parse()
        .expect("numeric resourceVersion")
}

fn names(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["metadata"]["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn discovery_per_release() {
    let api = start().await;
    let r = api.get("/apis", &Auth::Admin).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["kind"], "APIGroupList");
    let groups = r.json["groups"].as_array().unwrap();
    let dash = groups
        .iter()
        .find(|g| g["name"] == "dashboard.grafana.app")
        .unwrap();
    assert_eq!(
        dash["preferredVersion"],
        json!({"groupVersion": "dashboard.grafana.app/v1beta1", "version": "v1beta1"})
    );
    let versions: Vec<&str> = dash["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_str().unwrap())
        .collect();
    assert_eq!(versions, ["v1beta1", "v0alpha1", "v2beta1"]);
    let folder = groups
        .iter()
        .find(|g| g["name"] == "folder.grafana.app")
        .unwrap();
    assert_eq!(folder["preferredVersion"]["version"], "v1beta1");
    let pl = groups
        .iter()
        .find(|g| g["name"] == "playlist.grafana.app")
        .unwrap();
    assert_eq!(pl["preferredVersion"]["version"], "v0alpha1");

    // A version the release does not serve: the apiserver's 404 Status.
    let r = api
        .get("/apis/dashboard.grafana.app/v1", &Auth::Admin)
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json,
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
               "message": "the server could not find the requested resource",
               "reason": "NotFound", "details": {}, "code": 404})
    );
    let r = api.get(&format!("{D1}/x"), &Auth::Admin).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json["reason"], "NotFound");
    for path in [
        "/apis/dashboard.grafana.app/v1beta1/dashboards",
        "/apis/dashboard.grafana.app/v1beta1/namespaces/default",
        "/apis/dashboard.grafana.app/v1beta1/namespaces/default/widgets",
        "/apis/nope.grafana.app",
    ] {
        let r = api.get(path, &Auth::Admin).await;
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(
            r.json["message"],
            "the server could not find the requested resource"
        );
    }

    let r = api.get("/apis/folder.grafana.app", &Auth::Admin).await;
    assert_eq!(r.json["kind"], "APIGroup");
    assert_eq!(r.json["name"], "folder.grafana.app");

    let r = api
        .get("/apis/folder.grafana.app/v1beta1", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["kind"], "APIResourceList");
    assert_eq!(r.json["groupVersion"], "folder.grafana.app/v1beta1");
    let res: Vec<&str> = r.json["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(res, ["folders", "folders/parents", "folders/counts"]);
    assert_eq!(r.json["resources"][0]["kind"], "Folder");
    assert_eq!(r.json["resources"][0]["namespaced"], true);

    // Anonymous: 401 Status.
    let r = api.get("/apis", &Auth::None).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json["reason"], "Unauthorized");
    assert_eq!(r.json["code"], 401);

    // 13.0 and 11.6.
    let api = g13().await;
    let r = api.get("/apis", &Auth::Admin).await;
    let groups = r.json["groups"].as_array().unwrap();
    let pref = |g: &str| {
        groups.iter().find(|x| x["name"] == g).unwrap()["preferredVersion"]["version"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(pref("dashboard.grafana.app"), "v1");
    assert_eq!(pref("folder.grafana.app"), "v1");
    assert_eq!(pref("playlist.grafana.app"), "v1");
    let api = start_with(Emulator::builder().version("11.6.0")).await;
    let r = api.get("/apis", &Auth::Admin).await;
    for g in r.json["groups"].as_array().unwrap() {
        assert_eq!(g["preferredVersion"]["version"], "v0alpha1", "{g}");
        assert_eq!(g["versions"].as_array().unwrap().len(), 1);
    }
    let r = api.get(&format!("{D1B}/x"), &Auth::Admin).await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn api_dashboard_is_visible_through_apis() {
    let api = start().await;
    api.post(
        "/api/folders",
        &Auth::Admin,
        &json!({"uid": "fa", "title": "FA"}),
    )
    .await;
    let saved = api
        .post(
            "/api/dashboards/db",
            &Auth::Admin,
            &json!({"dashboard": {"uid": "leg", "title": "Legacy", "tags": ["t"]},
                    "folderUid": "fa", "message": "first"}),
        )
        .await;
    assert_eq!(saved.status, 200);
    let id = saved.json["id"].as_i64().unwrap();
    let r = api.get(&format!("{D1B}/leg"), &Auth::Admin).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let o = &r.json;
    assert_eq!(o["apiVersion"], "dashboard.grafana.app/v1beta1");
    assert_eq!(o["kind"], "Dashboard");
    assert_eq!(o["metadata"]["name"], "leg");
    assert_eq!(o["metadata"]["namespace"], "default");
    assert_eq!(o["metadata"]["generation"], 1);
    assert_eq!(
        o["metadata"]["labels"]["grafana.app/deprecatedInternalID"],
        id.to_string()
    );
    assert_eq!(o["metadata"]["annotations"]["grafana.app/folder"], "fa");
    assert_eq!(
        o["metadata"]["annotations"]["grafana.app/createdBy"],
        "user:admin"
    );
    assert_eq!(o["metadata"]["annotations"]["grafana.app/message"], "first");
    assert_eq!(o["metadata"]["uid"].as_str().unwrap().len(), 36);
    assert_eq!(o["spec"]["title"], "Legacy");
    assert_eq!(o["spec"]["tags"], json!(["t"]));
    assert!(o["spec"].get("id").is_none(), "the id is a label, not spec");
    assert_eq!(o["status"], json!({}));
    let rv1 = rv(o);

    // Reading again does not change the resourceVersion; a legacy save does.
    let again = api.get(&format!("{D1B}/leg"), &Auth::Admin).await;
    assert_eq!(rv(&again.json), rv1);
    api.post(
        "/api/dashboards/db",
        &Auth::Admin,
        &json!({"dashboard": {"uid": "leg", "title": "Legacy 2", "version": 1}, "folderUid": "fa"}),
    )
    .await;
    let r = api.get(&format!("{D1B}/leg"), &Auth::Admin).await;
    assert_eq!(r.json["metadata"]["generation"], 2);
    assert_eq!(r.json["spec"]["title"], "Legacy 2");
    assert!(rv(&r.json) > rv1);

    // The list carries it, with the list's resourceVersion >= the item's.
    let l = api.get(D1B, &Auth::Admin).await;
    assert_eq!(l.json["kind"], "DashboardList");
    assert_eq!(names(&l.json), ["leg"]);
    let list_rv: i64 = l.json["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(list_rv >= rv(&r.json));
    assert!(l.json["metadata"].get("continue").is_none());
}

#[tokio::test]
async fn apis_dashboard_is_visible_through_api() {
    let api = g13().await;
    let mut body = dash("made", "Made in apis");
    body["metadata"]["annotations"] = json!({"grafana.app/message": "via apis"});
    body["metadata"]["labels"] = json!({"team": "a"});
    let r = api.post(D1, &Auth::Admin, &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["metadata"]["generation"], 1);
    assert_eq!(r.json["metadata"]["labels"]["team"], "a");
    assert_eq!(
        r.json["metadata"]["annotations"]["grafana.app/message"],
        "via apis"
    );
    assert!(r.json["metadata"]["annotations"]
        .get("grafana.app/folder")
        .is_none());

    let g = api.get("/api/dashboards/uid/made", &Auth::Admin).await;
    assert_eq!(g.status, 200, "{}", g.text);
    assert_eq!(g.json["dashboard"]["title"], "Made in apis");
    assert_eq!(g.json["dashboard"]["version"], 1);
    assert_eq!(g.json["meta"]["createdBy"], "admin");
    let s = api.get("/api/search?query=Made", &Auth::Admin).await;
    assert_eq!(s.json[0]["uid"], "made");
    let v = api
        .get("/api/dashboards/uid/made/versions", &Auth::Admin)
        .await;
    // The legacy list shows its own text for a first version.
    assert_eq!(v.json["versions"][0]["message"], "Initial save");
    // Default permissions like a dashboard saved through /api.
    let p = api
        .get("/api/dashboards/uid/made/permissions", &Auth::Admin)
        .await;
    assert_eq!(p.json.as_array().unwrap().len(), 3);

    // generateName.
    let r = api
        .post(
            D1,
            &Auth::Admin,
            &json!({"metadata": {"generateName": "gen-"}, "spec": {"title": "G"}}),
        )
        .await;
    assert_eq!(r.status, 201);
    let n = r.json["metadata"]["name"].as_str().unwrap();
    assert!(n.starts_with("gen-") && n.len() == 9, "{n}");
}

#[tokio::test]
async fn create_and_get_errors_are_status_bodies() {
    let api = g13().await;
    let mut with_rv = dash("a", "A");
    with_rv["metadata"]["resourceVersion"] = json!("5");
    let r = api.post(D1, &Auth::Admin, &with_rv).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["reason"], "BadRequest");
    assert_eq!(
        r.json["message"],
        "resourceVersion should not be set on objects to be created"
    );

    assert_eq!(
        api.post(D1, &Auth::Admin, &dash("a", "A")).await.status,
        201
    );
    let r = api.post(D1, &Auth::Admin, &dash("a", "A")).await;
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json,
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
               "message": "dashboards.dashboard.grafana.app \"a\" already exists",
               "reason": "AlreadyExists",
               "details": {"name": "a", "group": "dashboard.grafana.app", "kind": "dashboards"},
               "code": 409})
    );

    let r = api
        .post(
            D1,
            &Auth::Admin,
            &json!({"metadata": {"name": "b"}, "spec": {"title": ""}}),
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json["reason"], "Invalid");
    assert_eq!(
        r.json["message"],
        "Dashboard.dashboard.grafana.app \"b\" is invalid: spec.title: Required value"
    );
    assert_eq!(
        r.json["details"]["causes"],
        json!([{"reason": "FieldValueRequired", "message": "Required value", "field": "spec.title"}])
    );
    let r = api
        .post(D1, &Auth::Admin, &json!({"spec": {"title": "x"}}))
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json["details"]["causes"][0]["field"], "metadata.name");
    let r = api
        .post(
            D1,
            &Auth::Admin,
            &json!({"metadata": {"name": "bad/name"}, "spec": {"title": "x"}}),
        )
        .await;
    assert_eq!(r.status, 422);
    let r = api.post_raw(D1, &Auth::Admin, "{nope").await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["kind"], "Status");
    let mut wrong = dash("c", "C");
    wrong["apiVersion"] = json!("dashboard.grafana.app/v1beta1");
    let r = api.post(D1, &Auth::Admin, &wrong).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json["message"],
        "the API version in the data (dashboard.grafana.app/v1beta1) does not match the expected API version (dashboard.grafana.app/v1)"
    );
    let mut in_folder = dash("d", "D");
    in_folder["metadata"]["annotations"] = json!({"grafana.app/folder": "nope"});
    assert_eq!(api.post(D1, &Auth::Admin, &in_folder).await.status, 400);
    let mut bad_label = dash("e", "E");
    bad_label["metadata"]["labels"] = json!({"grafana.app/get-history": "true"});
    let r = api.post(D1, &Auth::Admin, &bad_label).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json["message"],
        "can not save label: grafana.app/get-history"
    );

    let r = api.get(&format!("{D1}/missing"), &Auth::Admin).await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json,
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
               "message": "dashboards.dashboard.grafana.app \"missing\" not found",
               "reason": "NotFound",
               "details": {"name": "missing", "group": "dashboard.grafana.app", "kind": "dashboards"},
               "code": 404})
    );
}

#[tokio::test]
async fn replace_needs_the_current_resource_version() {
    let api = g13().await;
    let created = api.post(D1, &Auth::Admin, &dash("u", "U1")).await.json;
    let mut stale = created.clone();
    stale["spec"]["title"] = json!("U2");
    let ok = api.put(&format!("{D1}/u"), &Auth::Admin, &stale).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert_eq!(ok.json["metadata"]["generation"], 2);
    assert!(rv(&ok.json) > rv(&created));
    // The same (now stale) resourceVersion again: 409 Conflict.
    stale["spec"]["title"] = json!("U3");
    let r = api.put(&format!("{D1}/u"), &Auth::Admin, &stale).await;
    assert_eq!(r.status, 409);
    assert_eq!(r.json["reason"], "Conflict");
    assert_eq!(
        r.json["message"],
        "Operation cannot be fulfilled on dashboards.dashboard.grafana.app \"u\": the object has been modified; please apply your changes to the latest version and try again"
    );
    assert_eq!(
        r.json["details"],
        json!({"name": "u", "group": "dashboard.grafana.app", "kind": "dashboards"})
    );
    // A legacy save also moves the resourceVersion on.
    let cur = api.get(&format!("{D1}/u"), &Auth::Admin).await.json;
    api.post(
        "/api/dashboards/db",
        &Auth::Admin,
        &json!({"dashboard": {"uid": "u", "title": "legacy", "version": 2}}),
    )
    .await;
    let mut edit = cur.clone();
    edit["spec"]["title"] = json!("mine");
    assert_eq!(
        api.put(&format!("{D1}/u"), &Auth::Admin, &edit)
            .await
            .status,
        409
    );
    // Without a resourceVersion: last write wins.
    edit["metadata"]
        .as_object_mut()
        .unwrap()
        .remove("resourceVersion");
    let r = api.put(&format!("{D1}/u"), &Auth::Admin, &edit).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["metadata"]["generation"], 4);
    // A metadata-only change: new resourceVersion, same generation.
    let mut labelled = r.json.clone();
    labelled["metadata"]["labels"]["x"] = json!("y");
    let r2 = api.put(&format!("{D1}/u"), &Auth::Admin, &labelled).await;
    assert_eq!(r2.status, 200);
    assert_eq!(r2.json["metadata"]["generation"], 4);
    assert_eq!(r2.json["metadata"]["labels"]["x"], "y");
    assert!(rv(&r2.json) > rv(&r.json));
    // Name mismatch.
    let r = api
        .put(&format!("{D1}/other"), &Auth::Admin, &labelled)
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json["message"],
        "the name of the object (u) does not match the name on the URL (other)"
    );
    // PUT to a missing name creates it (201); with a resourceVersion it is 404.
    let r = api
        .put(&format!("{D1}/fresh"), &Auth::Admin, &dash("fresh", "F"))
        .await;
    assert_eq!(r.status, 201);
    let mut ghost = dash("ghost", "G");
    ghost["metadata"]["resourceVersion"] = json!("3");
    assert_eq!(
        api.put(&format!("{D1}/ghost"), &Auth::Admin, &ghost)
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn patch_merge_and_json_patch() {
    let api = g13().await;
    let c = api.post(D1, &Auth::Admin, &dash("p", "P")).await.json;
    let r = patch(
        &api,
        &format!("{D1}/p"),
        "application/merge-patch+json",
        &json!({"spec": {"title": "P2"}}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["spec"]["title"], "P2");
    assert_eq!(r.json["metadata"]["generation"], 2);
    let r = patch(
        &api,
        &format!("{D1}/p"),
        "application/json-patch+json",
        &json!([{"op": "replace", "path": "/spec/title", "value": "P3"},
                {"op": "add", "path": "/spec/tags", "value": ["x"]}]),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["spec"]["title"], "P3");
    assert_eq!(r.json["spec"]["tags"], json!(["x"]));
    assert_eq!(
        api.get("/api/dashboards/uid/p", &Auth::Admin).await.json["dashboard"]["title"],
        "P3"
    );
    // A stale resourceVersion in a merge patch is a precondition failure.
    let r = patch(
        &api,
        &format!("{D1}/p"),
        "application/merge-patch+json",
        &json!({"metadata": {"resourceVersion": c["metadata"]["resourceVersion"]}, "spec": {"title": "P4"}}),
    )
    .await;
    assert_eq!(r.status, 409);
    assert_eq!(r.json["reason"], "Conflict");
    let r = patch(
        &api,
        &format!("{D1}/p"),
        "application/json-patch+json",
        &json!([{"op": "test", "path": "/spec/title", "value": "nope"}]),
    )
    .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json["reason"], "Invalid");
    let r = patch(&api, &format!("{D1}/p"), "application/json", &json!({})).await;
    assert_eq!(r.status, 415);
    assert_eq!(r.json["reason"], "UnsupportedMediaType");
    let r = patch(
        &api,
        &format!("{D1}/zz"),
        "application/merge-patch+json",
        &json!({}),
    )
    .await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn delete_answers_a_success_status() {
    let api = g13().await;
    let c = api.post(D1, &Auth::Admin, &dash("del", "Del")).await.json;
    let r = api.delete(&format!("{D1}/del"), &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json,
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
               "details": {"name": "del", "group": "dashboard.grafana.app", "kind": "dashboards",
                           "uid": c["metadata"]["uid"]}})
    );
    assert_eq!(
        api.get(&format!("{D1}/del"), &Auth::Admin).await.status,
        404
    );
    assert_eq!(
        api.get("/api/dashboards/uid/del", &Auth::Admin)
            .await
            .status,
        404
    );
    assert_eq!(
        api.delete(&format!("{D1}/del"), &Auth::Admin).await.status,
        404
    );
    // A dashboard deleted through /api disappears from /apis.
    api.save_dashboard(json!({"uid": "gone", "title": "Gone"}))
        .await;
    assert_eq!(
        api.get(&format!("{D1}/gone"), &Auth::Admin).await.status,
        200
    );
    api.delete("/api/dashboards/uid/gone", &Auth::Admin).await;
    assert_eq!(
        api.get(&format!("{D1}/gone"), &Auth::Admin).await.status,
        404
    );
}

#[tokio::test]
async fn dry_run_stores_nothing() {
    let api = g13().await;
    let r = api
        .post(
            &format!("{D1}?dryRun=All"),
            &Auth::Admin,
            &dash("dry", "Dry"),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["metadata"]["name"], "dry");
    assert_eq!(r.json["spec"]["title"], "Dry");
    assert_eq!(
        api.get(&format!("{D1}/dry"), &Auth::Admin).await.status,
        404
    );
    assert_eq!(
        api.get("/api/dashboards/uid/dry", &Auth::Admin)
            .await
            .status,
        404
    );
    // Validation still runs.
    let r = api
        .post(
            &format!("{D1}?dryRun=All"),
            &Auth::Admin,
            &json!({"metadata": {"name": "x"}, "spec": {}}),
        )
        .await;
    assert_eq!(r.status, 422);
    let r = api
        .post(
            &format!("{D1}?dryRun=Some"),
            &Auth::Admin,
            &dash("dry", "Dry"),
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json["message"],
        "CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: \"Some\": supported values: \"All\""
    );

    let c = api.post(D1, &Auth::Admin, &dash("wet", "Wet")).await.json;
    let mut upd = c.clone();
    upd["spec"]["title"] = json!("Changed");
    let r = api
        .put(&format!("{D1}/wet?dryRun=All"), &Auth::Admin, &upd)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["spec"]["title"], "Changed");
    assert_eq!(r.json["metadata"]["generation"], 2);
    let now = api.get(&format!("{D1}/wet"), &Auth::Admin).await.json;
    assert_eq!(now["spec"]["title"], "Wet");
    assert_eq!(rv(&now), rv(&c));
    let r = api
        .delete(&format!("{D1}/wet?dryRun=All"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        api.get(&format!("{D1}/wet"), &Auth::Admin).await.status,
        200
    );
    // Folders and playlists honour it too.
    let r = api
        .post(
            &format!("{F1}?dryRun=All"),
            &Auth::Admin,
            &json!({"metadata": {"name": "df"}, "spec": {"title": "DF"}}),
        )
        .await;
    assert_eq!(r.status, 201);
    assert_eq!(api.get("/api/folders/df", &Auth::Admin).await.status, 404);
    let r = api
        .post(&format!("{P1}?dryRun=All"), &Auth::Admin,
              &json!({"metadata": {"name": "dp"}, "spec": {"title": "DP", "interval": "5m", "items": []}}))
        .await;
    assert_eq!(r.status, 201);
    assert_eq!(api.get(&format!("{P1}/dp"), &Auth::Admin).await.status, 404);
}

#[tokio::test]
async fn namespaces_and_authorization() {
    let api = start_demo().await;
    // org-1 is not a namespace: use default.
    let r = api
        .get(
            "/apis/dashboard.grafana.app/v1beta1/namespaces/org-1/dashboards",
            &Auth::basic("editor", "editor"),
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json["reason"], "Forbidden");
    assert_eq!(
        r.json["message"],
        "dashboards.dashboard.grafana.app is forbidden: User \"editor\" cannot list resource \"dashboards\" in API group \"dashboard.grafana.app\" in the namespace \"org-1\": error reading namespace: use default rather than org-1"
    );
    // Org 2: the editor is a Viewer there, so may read; the viewer is not a
    // member.
    let org2 = "/apis/dashboard.grafana.app/v1beta1/namespaces/org-2/dashboards";
    let r = api.get(org2, &Auth::basic("editor", "editor")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(names(&r.json), [grafana_emulator::DEMO_ORG2_UID]);
    assert_eq!(r.json["items"][0]["metadata"]["namespace"], "org-2");
    let r = api
        .post(org2, &Auth::basic("editor", "editor"), &dash("x", "X"))
        .await;
    assert_eq!(r.status, 403);
    let r = api.get(org2, &Auth::basic("viewer", "viewer")).await;
    assert_eq!(r.status, 403);
    assert!(
        r.json["message"]
            .as_str()
            .unwrap()
            .ends_with("(viewer) is not a member of org 2"),
        "{}",
        r.text
    );
    // A service-account token is bound to its org.
    let tok = api.emu.create_service_account_token(1, Role::Editor);
    let r = api.get(org2, &Auth::token(&tok)).await;
    assert_eq!(r.status, 403);
    let r = api
        .get(
            "/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards",
            &Auth::token(&tok),
        )
        .await;
    assert_eq!(r.status, 200);
    for bad in ["stacks-5", "tenant", "org-0"] {
        let r = api
            .get(
                &format!("/apis/dashboard.grafana.app/v1beta1/namespaces/{bad}/dashboards"),
                &Auth::Admin,
            )
            .await;
        assert_eq!(r.status, 403, "{bad}");
    }
    // Viewers read, editors write.
    let d = "/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards";
    let mut body = dash("byviewer", "V");
    body["apiVersion"] = json!("dashboard.grafana.app/v1beta1");
    let r = api.post(d, &Auth::basic("viewer", "viewer"), &body).await;
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json["message"],
        "dashboards.dashboard.grafana.app is forbidden: User \"viewer\" cannot create resource \"dashboards\" in API group \"dashboard.grafana.app\" in the namespace \"default\""
    );
    assert_eq!(
        api.get(d, &Auth::basic("viewer", "viewer")).await.status,
        200
    );
    let r = api.post(d, &Auth::basic("editor", "editor"), &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(
        r.json["metadata"]["annotations"]["grafana.app/createdBy"],
        "user:editor"
    );
    let r = api
        .delete(&format!("{d}/byviewer"), &Auth::basic("viewer", "viewer"))
        .await;
    assert_eq!(r.status, 403);
    // /bootdata names the namespace of the caller's org.
    let b = api.get("/bootdata", &Auth::Admin).await;
    assert_eq!(b.json["settings"]["namespace"], "default");
}

#[tokio::test]
async fn lists_page_with_continue_tokens() {
    let api = start_with(Emulator::builder().version("13.0.0")).await;
    for i in 0..25 {
        api.save_dashboard(json!({"uid": format!("d{i:02}"), "title": format!("D {i}")}))
            .await;
    }
    let mut seen = Vec::new();
    let mut tok: Option<String> = None;
    let mut sizes = Vec::new();
    loop {
        let path = match &tok {
            None => format!("{D1}?limit=10"),
            Some(t) => format!("{D1}?limit=10&continue={}", urlenc(t)),
        };
        let r = api.get(&path, &Auth::Admin).await;
        assert_eq!(r.status, 200, "{}", r.text);
        sizes.push(r.json["items"].as_array().unwrap().len());
        seen.extend(names(&r.json));
        match r.json["metadata"]["continue"].as_str() {
            Some(t) if !t.is_empty() => tok = Some(t.to_string()),
            _ => break,
        }
    }
    assert_eq!(sizes, [10, 10, 5]);
    let expected: Vec<String> = (0..25).map(|i| format!("d{i:02}")).collect();
    assert_eq!(seen, expected);

    // An expired token: 410 Expired.
    let r = api.get(&format!("{D1}?limit=10"), &Auth::Admin).await;
    let t = r.json["metadata"]["continue"].as_str().unwrap().to_string();
    api.emu.expire_continue_tokens();
    let r = api
        .get(
            &format!("{D1}?limit=10&continue={}", urlenc(&t)),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 410);
    assert_eq!(r.json["reason"], "Expired");
    assert_eq!(r.json["code"], 410);
    assert_eq!(r.json["kind"], "Status");
    // A fresh list works; a garbled token is 400.
    assert_eq!(
        api.get(&format!("{D1}?limit=10"), &Auth::Admin)
            .await
            .status,
        200
    );
    let r = api.get(&format!("{D1}?continue=%%%"), &Auth::Admin).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["reason"], "BadRequest");
}

#[tokio::test]
async fn max_page_cuts_pages_short_with_a_continue() {
    let api = start_with(Emulator::builder().apis_max_page(4)).await;
    for i in 0..10 {
        api.save_dashboard(json!({"uid": format!("m{i}"), "title": format!("M {i}")}))
            .await;
    }
    let r = api.get(&format!("{D1B}?limit=6"), &Auth::Admin).await;
    assert_eq!(names(&r.json), ["m0", "m1", "m2", "m3"]);
    let t = r.json["metadata"]["continue"].as_str().unwrap().to_string();
    let r = api
        .get(
            &format!("{D1B}?limit=6&continue={}", urlenc(&t)),
            &Auth::Admin,
        )
        .await;
    assert_eq!(names(&r.json), ["m4", "m5", "m6", "m7"]);
    let t = r.json["metadata"]["continue"].as_str().unwrap().to_string();
    let r = api
        .get(
            &format!("{D1B}?limit=6&continue={}", urlenc(&t)),
            &Auth::Admin,
        )
        .await;
    assert_eq!(names(&r.json), ["m8", "m9"]);
    assert!(r.json["metadata"].get("continue").is_none());
    // Without limit the cap applies too.
    let r = api.get(D1B, &Auth::Admin).await;
    assert_eq!(names(&r.json).len(), 4);
}

fn urlenc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn label_and_field_selectors() {
    let api = g13().await;
    for (n, team) in [("a", "x"), ("b", "y"), ("c", "x")] {
        let mut d = dash(n, n);
        d["metadata"]["labels"] = json!({"team": team});
        assert_eq!(api.post(D1, &Auth::Admin, &d).await.status, 201);
    }
    let r = api
        .get(&format!("{D1}?labelSelector=team%3Dx"), &Auth::Admin)
        .await;
    assert_eq!(names(&r.json), ["a", "c"]);
    let r = api
        .get(
            &format!("{D1}?labelSelector=team%20notin%20(x)"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(names(&r.json), ["b"]);
    let r = api
        .get(
            &format!("{D1}?fieldSelector=metadata.name%3Db"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(names(&r.json), ["b"]);
    let r = api
        .get(&format!("{D1}?fieldSelector=spec.title%3Db"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "field label not supported: spec.title");
}

#[tokio::test]
async fn history_lists_versions_and_reads_one() {
    let api = g13().await;
    for (v, title) in [(0, "H1"), (1, "H2"), (2, "H3")] {
        let mut d = json!({"uid": "h", "title": title});
        if v > 0 {
            d["version"] = json!(v);
        }
        let r = api
            .post(
                "/api/dashboards/db",
                &Auth::Admin,
                &json!({"dashboard": d, "message": format!("m{v}")}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let path = format!(
        "{D1}?labelSelector=grafana.app%2Fget-history%3Dtrue&fieldSelector=metadata.name%3Dh"
    );
    let r = api.get(&path, &Auth::Admin).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let items = r.json["items"].as_array().unwrap();
    let gens: Vec<i64> = items
        .iter()
        .map(|i| i["metadata"]["generation"].as_i64().unwrap())
        .collect();
    assert_eq!(gens, [3, 2, 1]);
    assert_eq!(items[2]["spec"]["title"], "H1");
    assert_eq!(
        items[1]["metadata"]["annotations"]["grafana.app/message"],
        "m1"
    );
    let current = api.get(&format!("{D1}/h"), &Auth::Admin).await.json;
    assert_eq!(rv(&items[0]), rv(&current));
    let rvs: Vec<i64> = items.iter().map(rv).collect();
    assert!(rvs[1] != rvs[2] && rvs[0] != rvs[1]);
    // One past version by its resourceVersion.
    let old = api
        .get(&format!("{D1}/h?resourceVersion={}", rvs[2]), &Auth::Admin)
        .await;
    assert_eq!(old.status, 200);
    assert_eq!(old.json["metadata"]["generation"], 1);
    assert_eq!(old.json["spec"]["title"], "H1");
    assert_eq!(
        api.get(&format!("{D1}/h?resourceVersion=999999"), &Auth::Admin)
            .await
            .status,
        404
    );
    // Paging over history.
    let r = api.get(&format!("{path}&limit=2"), &Auth::Admin).await;
    assert_eq!(r.json["items"].as_array().unwrap().len(), 2);
    let t = r.json["metadata"]["continue"].as_str().unwrap().to_string();
    let r = api
        .get(
            &format!("{path}&limit=2&continue={}", urlenc(&t)),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.json["items"][0]["metadata"]["generation"], 1);
    // The older form is refused from Grafana 12, and malformed requests.
    let r = api
        .get(
            &format!("{D1}?labelSelector=grafana.app%2Fget-history%3Dh"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json["message"],
        "grafana.app/get-history=true requires fieldSelector=metadata.name=<name>"
    );
    let r = api
        .get(
            &format!("{D1}?labelSelector=grafana.app%2Fget-history%3Dtrue"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 400);
    let r = api.get(&format!("{F1}?labelSelector=grafana.app%2Fget-history%3Dtrue&fieldSelector=metadata.name%3Dh"), &Auth::Admin).await;
    assert_eq!(r.status, 400);
    // A dashboard edited through /apis adds to the same history.
    let mut cur = current.clone();
    cur["spec"]["title"] = json!("H4");
    cur["metadata"]["annotations"]["grafana.app/message"] = json!("from apis");
    assert_eq!(
        api.put(&format!("{D1}/h"), &Auth::Admin, &cur).await.status,
        200
    );
    let v = api
        .get("/api/dashboards/uid/h/versions", &Auth::Admin)
        .await;
    assert_eq!(v.json["versions"][0]["version"], 4);
    assert_eq!(v.json["versions"][0]["message"], "from apis");
}

fn v2_body(name: &str, api_version: &str) -> Value {
    json!({
        "apiVersion": format!("dashboard.grafana.app/{api_version}"),
        "kind": "Dashboard",
        "metadata": {"name": name},
        "spec": {
            "title": "Dyn",
            "tags": ["v2"],
            "cursorSync": "Tooltip",
            "timeSettings": {"from": "now-1h", "to": "now", "timezone": "utc"},
            "variables": [],
            "annotations": [],
            "elements": {"panel-1": {"kind": "Panel", "spec": {
                "id": 1, "title": "CPU",
                "data": {"kind": "QueryGroup", "spec": {"queries": [{"kind": "PanelQuery", "spec": {
                    "refId": "A", "hidden": false,
                    "query": {"kind": "DataQuery", "group": "prometheus", "version": "v0",
                              "datasource": {"name": "prom"}, "spec": {"expr": "up"}}}}],
                    "transformations": [], "queryOptions": {}}},
                "vizConfig": {"kind": "VizConfig", "group": "stat", "version": "", "spec": {"options": {}, "fieldConfig": {"defaults": {}, "overrides": []}}}
            }}},
            "layout": {"kind": "GridLayout", "spec": {"items": [{"kind": "GridLayoutItem", "spec": {
                "x": 0, "y": 0, "width": 6, "height": 4,
                "element": {"kind": "ElementReference", "name": "panel-1"}}}]}}
        }
    })
}

#[tokio::test]
async fn v2_dashboards_and_the_legacy_406() {
    let api = g13().await;
    let r = api.post(D2, &Auth::Admin, &v2_body("dyn", "v2")).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["apiVersion"], "dashboard.grafana.app/v2");
    assert_eq!(r.json["spec"]["cursorSync"], "Tooltip");
    assert_eq!(r.json["status"], json!({}));
    // At v1: the down-converted spec, with the stored version.
    let r = api.get(&format!("{D1}/dyn"), &Auth::Admin).await;
    assert_eq!(r.json["spec"]["title"], "Dyn");
    assert_eq!(r.json["spec"]["graphTooltip"], 2);
    assert_eq!(r.json["spec"]["panels"][0]["type"], "stat");
    assert_eq!(
        r.json["spec"]["panels"][0]["gridPos"],
        json!({"x": 0, "y": 0, "w": 6, "h": 4})
    );
    assert_eq!(
        r.json["status"],
        json!({"conversion": {"failed": false, "storedVersion": "v2"}})
    );
    // The legacy read: 406 with the /apis path.
    let r = api.get("/api/dashboards/uid/dyn", &Auth::Admin).await;
    assert_eq!(r.status, 406);
    assert_eq!(
        r.json,
        json!({"message": "dashboard api version not supported, use /apis/dashboard.grafana.app/v2/namespaces/default/dashboards/dyn instead"})
    );
    // Grafana 13: ?apiVersion= with a classic version serves it.
    let r = api
        .get("/api/dashboards/uid/dyn?apiVersion=v1", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["dashboard"]["title"], "Dyn");
    assert_eq!(
        api.get("/api/dashboards/uid/dyn?apiVersion=v2", &Auth::Admin)
            .await
            .status,
        406
    );
    // Search still sees it.
    let s = api.get("/api/search?query=Dyn", &Auth::Admin).await;
    assert_eq!(s.json[0]["uid"], "dyn");
    // A v1-stored dashboard read at v2: up-converted, with storedVersion.
    api.post(D1, &Auth::Admin, &json!({"metadata": {"name": "cl"}, "spec": {
        "title": "Classic", "schemaVersion": 41,
        "panels": [{"id": 7, "type": "timeseries", "title": "T", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8}}]}}))
        .await;
    let r = api.get(&format!("{D2}/cl"), &Auth::Admin).await;
    assert_eq!(r.json["spec"]["elements"]["panel-7"]["kind"], "Panel");
    assert_eq!(r.json["spec"]["layout"]["kind"], "GridLayout");
    assert_eq!(
        r.json["status"],
        json!({"conversion": {"failed": false, "storedVersion": "v1"}})
    );
    // One too old to migrate fails to convert.
    api.save_dashboard(json!({"uid": "old", "title": "Old", "schemaVersion": 8}))
        .await;
    let r = api.get(&format!("{D2}/old"), &Auth::Admin).await;
    assert_eq!(r.json["status"]["conversion"]["failed"], true);
    assert_eq!(r.json["status"]["conversion"]["storedVersion"], "v1");
    assert_eq!(r.json["spec"], json!({"title": "Old"}));
    // v1 writes of a v2 body are refused.
    let mut wrong = v2_body("w", "v1");
    wrong["apiVersion"] = json!("dashboard.grafana.app/v1");
    assert_eq!(api.post(D1, &Auth::Admin, &wrong).await.status, 400);
    // A legacy save (overwrite) makes it classic again: no more 406.
    let r = api
        .post(
            "/api/dashboards/db",
            &Auth::Admin,
            &json!({"dashboard": {"uid": "dyn", "title": "Dyn classic"}, "overwrite": true}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        api.get("/api/dashboards/uid/dyn", &Auth::Admin)
            .await
            .status,
        200
    );
    let r = api.get(&format!("{D2}/dyn"), &Auth::Admin).await;
    assert_eq!(r.json["status"]["conversion"]["storedVersion"], "v1");
}

#[tokio::test]
async fn v2beta1_on_12_and_its_406() {
    let api = start().await;
    let path = "/apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards";
    let r = api.post(path, &Auth::Admin, &v2_body("b", "v2beta1")).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = api
        .get("/api/dashboards/uid/b?apiVersion=v1beta1", &Auth::Admin)
        .await;
    assert_eq!(r.status, 406, "12.x ignores apiVersion");
    assert_eq!(
        r.json["message"],
        "dashboard api version not supported, use /apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards/b instead"
    );
    assert_eq!(
        api.post(D2, &Auth::Admin, &v2_body("c", "v2")).await.status,
        404
    );
}

#[tokio::test]
async fn folders_over_the_api_store() {
    let api = g13().await;
    let r = api
        .post(
            F1,
            &Auth::Admin,
            &json!({"metadata": {"name": "top"}, "spec": {"title": "Top", "description": "d"}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["kind"], "Folder");
    assert_eq!(r.json["spec"], json!({"title": "Top", "description": "d"}));
    assert_eq!(r.json["metadata"]["generation"], 1);
    let r = api
        .post(F1, &Auth::Admin, &json!({"metadata": {"name": "kid", "annotations": {"grafana.app/folder": "top"}}, "spec": {"title": "Kid"}}))
        .await;
    assert_eq!(r.status, 201);
    let legacy = api.get("/api/folders/kid", &Auth::Admin).await;
    assert_eq!(legacy.json["parentUid"], "top");
    assert_eq!(legacy.json["title"], "Kid");
    // A folder created through /api shows its parent as the annotation.
    api.post(
        "/api/folders",
        &Auth::Admin,
        &json!({"uid": "leaf", "title": "Leaf", "parentUid": "kid"}),
    )
    .await;
    let r = api.get(&format!("{F1}/leaf"), &Auth::Admin).await;
    assert_eq!(
        r.json["metadata"]["annotations"]["grafana.app/folder"],
        "kid"
    );
    let r = api.get(&format!("{F1}/leaf/parents"), &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["kind"], "FolderInfoList");
    assert_eq!(
        r.json["items"],
        json!([{"name": "top", "title": "Top"}, {"name": "kid", "title": "Kid", "parent": "top"},
               {"name": "leaf", "title": "Leaf", "parent": "kid"}])
    );
    api.post(
        "/api/dashboards/db",
        &Auth::Admin,
        &json!({"dashboard": {"uid": "in", "title": "In"}, "folderUid": "kid"}),
    )
    .await;
    let r = api.get(&format!("{F1}/top/counts"), &Auth::Admin).await;
    assert_eq!(r.json["kind"], "DescendantCounts");
    let counts = r.json["counts"].as_array().unwrap();
    let count = |res: &str| {
        counts.iter().find(|c| c["resource"] == res).unwrap()["count"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(count("folders"), 2);
    assert_eq!(count("dashboards"), 1);
    assert_eq!(
        api.get(&format!("{F1}/top/nope"), &Auth::Admin)
            .await
            .status,
        404
    );
    // Move through the annotation; a cycle is refused.
    let mut leaf = api.get(&format!("{F1}/leaf"), &Auth::Admin).await.json;
    leaf["metadata"]["annotations"]["grafana.app/folder"] = json!("top");
    let r = api.put(&format!("{F1}/leaf"), &Auth::Admin, &leaf).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["metadata"]["generation"], 2);
    assert_eq!(
        api.get("/api/folders/leaf", &Auth::Admin).await.json["parentUid"],
        "top"
    );
    let r = patch(
        &api,
        &format!("{F1}/top"),
        "application/merge-patch+json",
        &json!({"metadata": {"annotations": {"grafana.app/folder": "kid"}}}),
    )
    .await;
    assert_eq!(r.status, 400);
    let r = api
        .post(
            F1,
            &Auth::Admin,
            &json!({"metadata": {"name": "x"}, "spec": {}}),
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json["message"],
        "Folder.folder.grafana.app \"x\" is invalid: spec.title: Required value"
    );
    // The shared uid space.
    assert_eq!(
        api.post(
            F1,
            &Auth::Admin,
            &json!({"metadata": {"name": "in"}, "spec": {"title": "I"}})
        )
        .await
        .status,
        409
    );
    // Delete removes the subtree with its dashboards.
    let r = api.delete(&format!("{F1}/top"), &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["status"], "Success");
    assert_eq!(api.get("/api/folders/kid", &Auth::Admin).await.status, 404);
    assert_eq!(
        api.get("/api/dashboards/uid/in", &Auth::Admin).await.status,
        404
    );
    assert_eq!(
        names(&api.get(F1, &Auth::Admin).await.json),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn folders_v1beta1_on_12() {
    let api = start_demo().await;
    let f = "/apis/folder.grafana.app/v1beta1/namespaces/default/folders";
    let r = api.get(f, &Auth::basic("viewer", "viewer")).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        names(&r.json),
        [
            grafana_emulator::DEMO_FOLDER_UID,
            grafana_emulator::DEMO_NESTED_FOLDER_UID
        ]
    );
    assert_eq!(r.json["kind"], "FolderList");
    assert_eq!(
        r.json["items"][0]["apiVersion"],
        "folder.grafana.app/v1beta1"
    );
    let r = api
        .post(
            f,
            &Auth::basic("viewer", "viewer"),
            &json!({"metadata": {"name": "v"}, "spec": {"title": "V"}}),
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        api.get(
            "/apis/folder.grafana.app/v1/namespaces/default/folders",
            &Auth::Admin
        )
        .await
        .status,
        404
    );
}

#[tokio::test]
async fn playlists_crud() {
    let api = g13().await;
    let body = json!({"apiVersion": "playlist.grafana.app/v1", "kind": "Playlist", "metadata": {"name": "pl"},
        "spec": {"title": "Rotation", "interval": "5m", "items": [{"type": "dashboard_by_tag", "value": "demo"}]}});
    let r = api.post(P1, &Auth::Admin, &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["kind"], "Playlist");
    assert_eq!(r.json["spec"]["items"][0]["value"], "demo");
    assert_eq!(r.json["metadata"]["generation"], 1);
    assert!(r.json["metadata"].get("labels").is_none());
    let mut upd = r.json.clone();
    upd["spec"]["interval"] = json!("1m");
    let r2 = api.put(&format!("{P1}/pl"), &Auth::Admin, &upd).await;
    assert_eq!(r2.status, 200);
    assert_eq!(r2.json["metadata"]["generation"], 2);
    assert_eq!(
        api.put(&format!("{P1}/pl"), &Auth::Admin, &upd)
            .await
            .status,
        409
    );
    let l = api.get(P1, &Auth::Admin).await;
    assert_eq!(l.json["kind"], "PlaylistList");
    assert_eq!(names(&l.json), ["pl"]);
    let bad = json!({"metadata": {"name": "bad"}, "spec": {"title": "B", "interval": "5m", "items": [{"type": "dashboard_by_nothing", "value": "x"}]}});
    let r = api.post(P1, &Auth::Admin, &bad).await;
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json["details"]["causes"][0]["field"],
        "spec.items[0].type"
    );
    assert_eq!(
        api.delete(&format!("{P1}/pl"), &Auth::Admin).await.status,
        200
    );
    assert_eq!(api.get(&format!("{P1}/pl"), &Auth::Admin).await.status, 404);
    // 12.x serves only v0alpha1.
    let api = start().await;
    assert_eq!(api.get(P1, &Auth::Admin).await.status, 404);
    let p0 = "/apis/playlist.grafana.app/v0alpha1/namespaces/default/playlists";
    let mut b0 = body.clone();
    b0["apiVersion"] = json!("playlist.grafana.app/v0alpha1");
    assert_eq!(api.post(p0, &Auth::Admin, &b0).await.status, 201);
}

#[tokio::test]
async fn history_on_11_6_uses_the_name_in_the_label() {
    let api = start_with(Emulator::builder().version("11.6.0")).await;
    api.save_dashboard(json!({"uid": "o", "title": "O1"})).await;
    api.post(
        "/api/dashboards/db",
        &Auth::Admin,
        &json!({"dashboard": {"uid": "o", "title": "O2", "version": 1}}),
    )
    .await;
    let d0 = "/apis/dashboard.grafana.app/v0alpha1/namespaces/default/dashboards";
    let r = api
        .get(
            &format!("{d0}?labelSelector=grafana.app%2Fget-history%3Do"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let gens: Vec<i64> = r.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["metadata"]["generation"].as_i64().unwrap())
        .collect();
    assert_eq!(gens, [2, 1]);
    assert_eq!(
        r.json["items"][0]["apiVersion"],
        "dashboard.grafana.app/v0alpha1"
    );
    assert_eq!(r.json["items"][1]["spec"]["title"], "O1");
    let r = api
        .get(
            &format!(
                "{d0}?labelSelector=grafana.app%2Fget-history%3Do&fieldSelector=metadata.name%3Do"
            ),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json["message"],
        "grafana.app/get-history can not be combined with a field selector"
    );
}

#[tokio::test]
async fn folder_delete_keeps_the_api_guards() {
    let api = start_with(Emulator::builder().seed_demo().version("13.0.0")).await;
    let demo = format!("{F1}/{}", grafana_emulator::DEMO_FOLDER_UID);
    let r = api.delete(&demo, &Auth::Admin).await;
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json["message"],
        "Folder could not be deleted because it contains library elements in use"
    );
    let lib = format!("/api/dashboards/uid/{}", grafana_emulator::DEMO_LIBRARY_UID);
    assert_eq!(api.delete(&lib, &Auth::Admin).await.status, 200);
    let r = api.delete(&demo, &Auth::Admin).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json["message"],
        "folder cannot be deleted: folder contains alert rules"
    );
    let counts = api.get(&format!("{demo}/counts"), &Auth::Admin).await;
    let rules = counts.json["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["resource"] == "alertrules")
        .unwrap()["count"]
        .clone();
    assert_eq!(rules, 1);
    let r = api
        .delete(&format!("{demo}?forceDeleteRules=true"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        api.get("/api/folders/demo-folder", &Auth::Admin)
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn grafana_13_legacy_save_conflicts_with_an_apis_dashboard() {
    let api = g13().await;
    assert_eq!(
        api.post(D1, &Auth::Admin, &dash("k", "K")).await.status,
        201
    );
    // A legacy save without version or overwrite: Grafana 13's 409.
    let r = api
        .post(
            "/api/dashboards/db",
            &Auth::Admin,
            &json!({"dashboard": {"uid": "k", "title": "K2"}}),
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json["message"],
        "Dashboard already exists. Use overwrite flag to update."
    );
    // With the version it has through /apis (generation), it saves.
    let r = api
        .post(
            "/api/dashboards/db",
            &Auth::Admin,
            &json!({"dashboard": {"uid": "k", "title": "K2", "version": 1}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let o = api.get(&format!("{D1}/k"), &Auth::Admin).await.json;
    assert_eq!(o["metadata"]["generation"], 2);
    assert_eq!(o["spec"]["title"], "K2");
}
