//! Every method, async and blocking: the request on the wire (verb, raw path,
//! query string, headers, JSON body) and the decoded answer (typed model,
//! `extra`, `.json::<T>()` and `.value()`).

mod wire_common;

use grafana_client::models::{
    DashboardDeleted, DashboardSaved, DashboardWithMeta, HealthResponse, Message, SharingOptions,
    SnapshotCreated, SnapshotListItem, SnapshotWithMeta,
};
use grafana_client::{
    Anonymous, BasicAuth, Error, GrafanaVersion, HeaderAuth, TokenAuth, DEFAULT_USER_AGENT,
};
use serde_json::{json, Value};
use wire_common::*;

// ---------------------------------------------------------------- health

fn health_check<M: Mode>() {
    let env = Env::new();
    let served = json!({"commit": "c0ffee", "database": "ok", "version": "12.2.0", "enterpriseCommit": "NA"});
    env.answer_json(200, served.clone());
    let api = M::build(env.builder().auth(TokenAuth::new(TOKEN))).unwrap();

    let typed = M::send(&env, M::health(&api).check()).unwrap();
    assert_eq!(typed.database, "ok");
    assert_eq!(typed.version.as_deref(), Some("12.2.0"));
    assert_eq!(typed.commit.as_deref(), Some("c0ffee"));
    assert_eq!(typed.extra.len(), 1);
    assert_eq!(typed.extra["enterpriseCommit"], "NA");
    let twin: HealthResponse = M::send(&env, M::health(&api).check().json()).unwrap();
    assert_eq!(twin, typed);
    let value = M::send(&env, M::health(&api).check().value()).unwrap();
    assert_eq!(value, served);
    assert_eq!(serde_json::to_value(&typed).unwrap(), served, "lossless");

    let reqs = env.requests();
    assert_eq!(reqs.len(), 3);
    for r in &reqs {
        assert_request(r, "GET", "/api/health", None, None, "health.check");
        assert_auth_org(
            r,
            Some("Bearer glsa_SECRET_TOKEN_123"),
            None,
            "health.check",
        );
    }
}

// ------------------------------------------------------------- dashboards

fn fetched_dashboard() -> Value {
    json!({
        "dashboard": {"uid": "abc", "title": "Prod", "panels": [{"id": 1, "type": "graph"}], "schemaVersion": 39, "id": 12},
        "meta": {
            "type": "db", "slug": "prod", "url": "/d/abc/prod", "version": 4,
            "folderUid": "f1", "folderTitle": "Ops", "canSave": true, "canEdit": true,
            "provisioned": false, "created": "2024-01-01T00:00:00Z", "updated": "2024-02-01T00:00:00Z",
            "canAdmin": true, "folderId": 7
        },
        "extraTop": 1
    })
}

fn get_dashboard<M: Mode>() {
    let env = Env::new();
    let served = fetched_dashboard();
    env.answer_json(200, served.clone());
    let api = M::build(
        env.builder()
            .auth(BasicAuth::new("admin", PASSWORD))
            .organization_id(0),
    )
    .unwrap();

    let d = M::send(&env, M::dashboard(&api).get_dashboard("abc")).unwrap();
    assert_eq!(d.dashboard, served["dashboard"]);
    assert_eq!(d.uid(), Some("abc"));
    assert_eq!(d.title(), Some("Prod"));
    assert_eq!(d.meta.kind.as_deref(), Some("db"));
    assert_eq!(d.meta.slug.as_deref(), Some("prod"));
    assert_eq!(d.meta.url.as_deref(), Some("/d/abc/prod"));
    assert_eq!(d.meta.version, Some(4));
    assert_eq!(d.meta.folder_uid.as_deref(), Some("f1"));
    assert_eq!(d.meta.folder_title.as_deref(), Some("Ops"));
    assert_eq!(d.meta.can_save, Some(true));
    assert_eq!(d.meta.can_edit, Some(true));
    assert_eq!(d.meta.provisioned, Some(false));
    assert_eq!(d.meta.created.as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(d.meta.is_snapshot, None);
    assert_eq!(d.meta.extra.len(), 2);
    assert_eq!(d.meta.extra["canAdmin"], true);
    assert_eq!(d.meta.extra["folderId"], 7);
    assert_eq!(d.extra.len(), 1);
    assert_eq!(d.extra["extraTop"], 1);
    assert_eq!(serde_json::to_value(&d).unwrap(), served, "lossless");

    let twin: DashboardWithMeta =
        M::send(&env, M::dashboard(&api).get_dashboard("abc").json()).unwrap();
    assert_eq!(twin, d);
    let value = M::send(&env, M::dashboard(&api).get_dashboard("abc").value()).unwrap();
    assert_eq!(value, served);

    let reqs = env.requests();
    assert_eq!(reqs.len(), 3);
    for r in &reqs {
        assert_request(
            r,
            "GET",
            "/api/dashboards/uid/abc",
            None,
            None,
            "get_dashboard",
        );
        assert_auth_org(r, Some(BASIC_ADMIN), Some("0"), "get_dashboard");
    }
}

fn update_dashboard<M: Mode>() {
    let env = Env::new();
    let saved = json!({"id": 12, "uid": "abc", "url": "/d/abc/new", "status": "success", "version": 5, "slug": "new", "folderUid": "f9", "extraField": true});
    env.answer_json(200, saved.clone());
    let api = M::build(
        env.builder()
            .auth(HeaderAuth::new("X-WEBAUTH-USER", HEADER_SECRET).unwrap())
            .organization_id(4),
    )
    .unwrap();

    // 1. A plain save command is sent exactly as given.
    let command = json!({"dashboard": {"uid": "abc", "title": "New", "id": null}, "folderUid": "f9", "overwrite": true, "message": "m"});
    let out = M::send(&env, M::dashboard(&api).update_dashboard(&command)).unwrap();
    assert_eq!(out.id, Some(12));
    assert_eq!(out.uid, "abc");
    assert_eq!(out.url, "/d/abc/new");
    assert_eq!(out.status, "success");
    assert_eq!(out.version, 5);
    assert_eq!(out.slug.as_deref(), Some("new"));
    assert_eq!(out.folder_uid.as_deref(), Some("f9"));
    assert_eq!(out.extra.len(), 1);
    assert_eq!(out.extra["extraField"], true);
    let twin: DashboardSaved =
        M::send(&env, M::dashboard(&api).update_dashboard(&command).json()).unwrap();
    assert_eq!(twin, out);
    let value = M::send(&env, M::dashboard(&api).update_dashboard(&command).value()).unwrap();
    assert_eq!(value, saved);

    // 2. A fetched dashboard goes back whole, into its folder (meta.folderUid).
    let fetched: DashboardWithMeta = serde_json::from_value(fetched_dashboard()).unwrap();
    M::send(&env, M::dashboard(&api).update_dashboard(&fetched)).unwrap();
    let mut expected_fetched = fetched_dashboard();
    expected_fetched["folderUid"] = json!("f1");

    // 3. Only meta.folderId: copied as folderId.
    let by_id = json!({"dashboard": {"uid": "x"}, "meta": {"folderId": 3}});
    M::send(&env, M::dashboard(&api).update_dashboard(&by_id)).unwrap();
    let mut expected_by_id = by_id.clone();
    expected_by_id["folderId"] = json!(3);

    // 4. An explicit top-level folder wins over meta (folderId 0 included).
    let explicit = json!({"dashboard": {"uid": "x"}, "folderId": 0, "meta": {"folderUid": "f1"}});
    M::send(&env, M::dashboard(&api).update_dashboard(&explicit)).unwrap();

    let reqs = env.requests();
    assert_eq!(reqs.len(), 6);
    let bodies = [
        &command,
        &command,
        &command,
        &expected_fetched,
        &expected_by_id,
        &explicit,
    ];
    for (i, (r, body)) in reqs.iter().zip(bodies).enumerate() {
        let ctx = format!("update_dashboard #{i}");
        assert_request(r, "POST", "/api/dashboards/db", None, Some(body), &ctx);
        assert_auth_org(r, None, Some("4"), &ctx);
        assert_eq!(
            hdr(r, "x-webauth-user").as_deref(),
            Some(HEADER_SECRET),
            "{ctx}"
        );
    }
}

fn delete_dashboard<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder().auth(Anonymous)).unwrap();

    // Grafana 11+: uid, no id.
    let newer = json!({"title": "Prod", "message": "Dashboard Prod deleted", "uid": "abc"});
    env.answer_json(200, newer.clone());
    let d = M::send(&env, M::dashboard(&api).delete_dashboard("abc")).unwrap();
    assert_eq!(d.title, "Prod");
    assert_eq!(d.message, "Dashboard Prod deleted");
    assert_eq!(d.uid.as_deref(), Some("abc"));
    assert_eq!(d.id, None);
    assert!(d.extra.is_empty());
    assert_eq!(serde_json::to_value(&d).unwrap(), newer);
    let value = M::send(&env, M::dashboard(&api).delete_dashboard("abc").value()).unwrap();
    assert_eq!(value, newer);

    // Older Grafana: id, no uid; unknown fields kept.
    env.reset();
    let older = json!({"title": "Prod", "message": "Dashboard Prod deleted", "id": 3, "x": [1]});
    env.answer_json(200, older.clone());
    let d: DashboardDeleted =
        M::send(&env, M::dashboard(&api).delete_dashboard("abc").json()).unwrap();
    assert_eq!(d.id, Some(3));
    assert_eq!(d.uid, None);
    assert_eq!(d.extra["x"], json!([1]));
    let r = env.only_request("delete_dashboard (older)");
    assert_request(
        &r,
        "DELETE",
        "/api/dashboards/uid/abc",
        None,
        None,
        "delete_dashboard",
    );
    assert_auth_org(&r, None, None, "delete_dashboard");
}

// --------------------------------------------------------------- snapshots

fn created_v11() -> Value {
    json!({
        "key": "AbC123", "deleteKey": "DeL456",
        "url": "http://localhost:3000/dashboard/snapshot/AbC123",
        "deleteUrl": "http://localhost:3000/api/snapshots-delete/DeL456"
    })
}

fn create_new_snapshot_without_options<M: Mode>() {
    let env = Env::new();
    env.answer_json(200, created_v11());
    let api = M::build(env.builder().auth(TokenAuth::new(TOKEN))).unwrap();
    let dash = snapshot_dashboard();

    let s = M::send(&env, M::snapshots(&api).create_new_snapshot(&dash)).unwrap();
    assert_eq!(s.key, "AbC123");
    assert_eq!(s.delete_key, "DeL456");
    assert_eq!(s.url, "http://localhost:3000/dashboard/snapshot/AbC123");
    assert_eq!(
        s.delete_url,
        "http://localhost:3000/api/snapshots-delete/DeL456"
    );
    assert_eq!(s.id, None, "Grafana 11 sends no id");
    assert!(s.extra.is_empty());
    let twin: SnapshotCreated =
        M::send(&env, M::snapshots(&api).create_new_snapshot(&dash).json()).unwrap();
    assert_eq!(twin, s);
    let value = M::send(&env, M::snapshots(&api).create_new_snapshot(&dash).value()).unwrap();
    assert_eq!(value, created_v11());

    let expected = json!({"dashboard": dash});
    let reqs = env.requests();
    assert_eq!(reqs.len(), 3);
    for r in &reqs {
        // Exactly one key: unset options are absent, not null.
        assert_request(
            r,
            "POST",
            "/api/snapshots",
            None,
            Some(&expected),
            "create (no options)",
        );
        assert_auth_org(
            r,
            Some("Bearer glsa_SECRET_TOKEN_123"),
            None,
            "create (no options)",
        );
        let body: Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(body.as_object().unwrap().len(), 1);
    }
}

fn create_new_snapshot_with_all_options<M: Mode>() {
    let env = Env::new();
    let mut created_v10 = created_v11();
    created_v10["id"] = json!(7);
    created_v10["orgId"] = json!(1);
    env.answer_json(200, created_v10.clone());
    let api = M::build(env.builder().auth(TokenAuth::new(TOKEN)).organization_id(2)).unwrap();
    let dash = snapshot_dashboard();

    let s = M::send(
        &env,
        M::snapshots(&api)
            .create_new_snapshot(&dash)
            .name("Weekly Report Snapshot")
            .expires(86_400)
            .external(true)
            .key("myKey")
            .delete_key("myDeleteKey"),
    )
    .unwrap();
    assert_eq!(s.id, Some(7), "Grafana 8-10 send an id");
    assert_eq!(s.extra.len(), 1);
    assert_eq!(s.extra["orgId"], 1);
    assert_eq!(serde_json::to_value(&s).unwrap(), created_v10, "lossless");

    // Falsy values are sent as given, not dropped.
    M::send(
        &env,
        M::snapshots(&api)
            .create_new_snapshot(&dash)
            .name("")
            .expires(0)
            .external(false),
    )
    .unwrap();

    let reqs = env.requests();
    assert_eq!(reqs.len(), 2);
    let all = json!({
        "dashboard": dash, "name": "Weekly Report Snapshot", "expires": 86400,
        "external": true, "key": "myKey", "deleteKey": "myDeleteKey"
    });
    assert_request(
        &reqs[0],
        "POST",
        "/api/snapshots",
        None,
        Some(&all),
        "create (all options)",
    );
    assert_auth_org(
        &reqs[0],
        Some("Bearer glsa_SECRET_TOKEN_123"),
        Some("2"),
        "create",
    );
    let falsy = json!({"dashboard": dash, "name": "", "expires": 0, "external": false});
    assert_request(
        &reqs[1],
        "POST",
        "/api/snapshots",
        None,
        Some(&falsy),
        "create (falsy)",
    );
}

fn create_new_snapshot_each_option_alone<M: Mode>() {
    let env = Env::new();
    env.answer_json(200, created_v11());
    let api = M::build(env.builder()).unwrap();
    let dash = json!({"uid": "u"});
    let s = || M::snapshots(&api).create_new_snapshot(&dash);
    let cases: Vec<(Value, grafana_client::Result<SnapshotCreated>)> = vec![
        (json!({"name": "N"}), M::send(&env, s().name("N"))),
        (json!({"expires": -1}), M::send(&env, s().expires(-1))),
        (json!({"external": true}), M::send(&env, s().external(true))),
        (json!({"key": "K"}), M::send(&env, s().key("K"))),
        (
            json!({"deleteKey": "D"}),
            M::send(&env, s().delete_key("D")),
        ),
    ];
    let reqs = env.requests();
    assert_eq!(reqs.len(), cases.len());
    for ((extra, result), r) in cases.into_iter().zip(&reqs) {
        result.unwrap();
        let mut expected = extra.clone();
        expected["dashboard"] = dash.clone();
        assert_request(
            r,
            "POST",
            "/api/snapshots",
            None,
            Some(&expected),
            &format!("{extra}"),
        );
    }
}

fn snapshot_list() -> Value {
    json!([
        {"id": 1, "name": "Weekly", "key": "k1", "orgId": 1, "userId": 2, "external": false,
         "externalUrl": "", "expires": "2025-01-01T00:00:00Z", "created": "2024-01-01T00:00:00Z",
         "updated": "2024-01-01T00:00:00Z", "dashboardId": 9},
        {"name": "Bare", "key": "k2"}
    ])
}

fn get_dashboard_snapshots<M: Mode>() {
    let env = Env::new();
    env.answer_json(200, snapshot_list());
    let api = M::build(env.builder().auth(BasicAuth::new("admin", PASSWORD))).unwrap();
    let sn = || M::snapshots(&api);

    let list = M::send(&env, sn().get_dashboard_snapshots()).unwrap();
    assert_eq!(list.len(), 2);
    let a = &list[0];
    assert_eq!(a.id, Some(1));
    assert_eq!(a.name, "Weekly");
    assert_eq!(a.key, "k1");
    assert_eq!(a.org_id, Some(1));
    assert_eq!(a.user_id, Some(2));
    assert!(!a.external);
    assert_eq!(a.external_url.as_deref(), Some(""));
    assert_eq!(a.expires.as_deref(), Some("2025-01-01T00:00:00Z"));
    assert_eq!(a.created.as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(a.updated.as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(a.extra.len(), 1);
    assert_eq!(a.extra["dashboardId"], 9);
    let b = &list[1];
    assert_eq!(
        (b.id, b.name.as_str(), b.key.as_str()),
        (None, "Bare", "k2")
    );
    assert!(b.extra.is_empty());

    let twin: Vec<SnapshotListItem> = M::send(&env, sn().get_dashboard_snapshots().json()).unwrap();
    assert_eq!(twin, list);
    let value = M::send(&env, sn().get_dashboard_snapshots().value()).unwrap();
    assert_eq!(value, snapshot_list());
    M::send(&env, sn().get_dashboard_snapshots().query("Weekly")).unwrap();
    M::send(&env, sn().get_dashboard_snapshots().limit(10)).unwrap();
    M::send(
        &env,
        sn().get_dashboard_snapshots().query("Weekly").limit(10),
    )
    .unwrap();
    M::send(
        &env,
        sn().get_dashboard_snapshots()
            .limit(0)
            .query("a&b=c #d+e%_ü"),
    )
    .unwrap();

    let expected_queries = [
        None,
        None,
        None,
        Some("query=Weekly"),
        Some("limit=10"),
        Some("query=Weekly&limit=10"),
        // the order is fixed (query, limit); values are form-encoded
        Some("query=a%26b%3Dc+%23d%2Be%25_%C3%BC&limit=0"),
    ];
    let reqs = env.requests();
    assert_eq!(reqs.len(), expected_queries.len());
    for (r, q) in reqs.iter().zip(expected_queries) {
        let ctx = format!("get_dashboard_snapshots {q:?}");
        assert_request(r, "GET", "/api/dashboard/snapshots", q, None, &ctx);
        assert_auth_org(r, Some(BASIC_ADMIN), None, &ctx);
    }
}

fn snapshot_with_meta() -> Value {
    json!({
        "meta": {"type": "snapshot", "isSnapshot": true, "created": "2024-01-01T00:00:00Z",
                 "expires": "2074-01-01T00:00:00Z", "canSave": false, "canEdit": false,
                 "canAdmin": false, "canStar": false, "slug": "", "url": "", "version": 0},
        "dashboard": {"uid": "d1", "title": "T", "snapshot": {"originalUrl": "/d/d1"}}
    })
}

fn get_snapshot_by_key<M: Mode>() {
    let env = Env::new();
    env.answer(
        wiremock::ResponseTemplate::new(200)
            .set_body_json(snapshot_with_meta())
            .insert_header("cache-control", "public, max-age=3600"),
    );
    let api = M::build(env.builder().organization_id(9)).unwrap();

    let s = M::send(&env, M::snapshots(&api).get_snapshot_by_key("AbC123")).unwrap();
    assert_eq!(s.dashboard, snapshot_with_meta()["dashboard"]);
    assert_eq!(s.meta.kind.as_deref(), Some("snapshot"));
    assert_eq!(s.meta.is_snapshot, Some(true));
    assert_eq!(s.meta.created.as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(s.meta.expires.as_deref(), Some("2074-01-01T00:00:00Z"));
    assert_eq!(s.meta.version, Some(0));
    assert_eq!(
        s.meta.extra.len(),
        2,
        "canAdmin and canStar kept: {:?}",
        s.meta.extra
    );
    assert!(s.extra.is_empty());
    assert_eq!(serde_json::to_value(&s).unwrap(), snapshot_with_meta());
    let twin: SnapshotWithMeta = M::send(
        &env,
        M::snapshots(&api).get_snapshot_by_key("AbC123").json(),
    )
    .unwrap();
    assert_eq!(twin, s);
    let value = M::send(
        &env,
        M::snapshots(&api).get_snapshot_by_key("AbC123").value(),
    )
    .unwrap();
    assert_eq!(value, snapshot_with_meta());

    let reqs = env.requests();
    assert_eq!(reqs.len(), 3);
    for r in &reqs {
        assert_request(
            r,
            "GET",
            "/api/snapshots/AbC123",
            None,
            None,
            "get_snapshot_by_key",
        );
        assert_auth_org(r, None, Some("9"), "get_snapshot_by_key");
    }
}

fn delete_snapshot_by_key<M: Mode>() {
    let env = Env::new();
    let served = json!({"message": "Snapshot deleted. It might take an hour before it's cleared from any CDN caches.", "id": 42});
    env.answer_json(200, served.clone());
    let api = M::build(env.builder().auth(TokenAuth::new(TOKEN))).unwrap();

    let m = M::send(&env, M::snapshots(&api).delete_snapshot_by_key("AbC123")).unwrap();
    assert!(m.message.starts_with("Snapshot deleted."));
    assert_eq!(m.id, Some(42));
    assert!(m.extra.is_empty());
    let twin: Message = M::send(
        &env,
        M::snapshots(&api).delete_snapshot_by_key("AbC123").json(),
    )
    .unwrap();
    assert_eq!(twin, m);
    let value = M::send(
        &env,
        M::snapshots(&api).delete_snapshot_by_key("AbC123").value(),
    )
    .unwrap();
    assert_eq!(value, served);

    let reqs = env.requests();
    assert_eq!(reqs.len(), 3);
    for r in &reqs {
        assert_request(
            r,
            "DELETE",
            "/api/snapshots/AbC123",
            None,
            None,
            "delete_snapshot_by_key",
        );
        assert_auth_org(
            r,
            Some("Bearer glsa_SECRET_TOKEN_123"),
            None,
            "delete_snapshot_by_key",
        );
    }
}

fn delete_snapshot_by_delete_key<M: Mode>() {
    let env = Env::new();
    let served = json!({"message": "Snapshot deleted. It might take an hour before it's cleared from any CDN caches.", "traceID": ""});
    env.answer_json(200, served.clone());
    let api = M::build(env.builder().auth(TokenAuth::new(TOKEN)).organization_id(1)).unwrap();

    let m = M::send(
        &env,
        M::snapshots(&api).delete_snapshot_by_delete_key("DeL456"),
    )
    .unwrap();
    assert_eq!(m.id, None, "Grafana 11+ sends no id");
    assert_eq!(m.extra.len(), 1);
    assert_eq!(m.extra["traceID"], "");
    let twin: Message = M::send(
        &env,
        M::snapshots(&api)
            .delete_snapshot_by_delete_key("DeL456")
            .json(),
    )
    .unwrap();
    assert_eq!(twin, m);
    let value = M::send(
        &env,
        M::snapshots(&api)
            .delete_snapshot_by_delete_key("DeL456")
            .value(),
    )
    .unwrap();
    assert_eq!(value, served);

    let reqs = env.requests();
    assert_eq!(reqs.len(), 3);
    for r in &reqs {
        // Grafana deletes by delete key with a GET.
        assert_request(
            r,
            "GET",
            "/api/snapshots-delete/DeL456",
            None,
            None,
            "delete_by_delete_key",
        );
        assert_auth_org(
            r,
            Some("Bearer glsa_SECRET_TOKEN_123"),
            Some("1"),
            "delete_by_delete_key",
        );
    }
}

fn get_sharing_options<M: Mode>() {
    let env = Env::new();
    let served = json!({
        "externalSnapshotURL": "https://snapshots.raintank.io",
        "externalSnapshotName": "Publish to snapshots.raintank.io",
        "externalEnabled": true, "snapshotEnabled": false, "future": {"x": 1}
    });
    env.answer_json(200, served.clone());
    let api = M::build(env.builder()).unwrap();

    let o = M::send(&env, M::snapshots(&api).get_sharing_options()).unwrap();
    assert_eq!(
        o.external_snapshot_url.as_deref(),
        Some("https://snapshots.raintank.io")
    );
    assert_eq!(
        o.external_snapshot_name.as_deref(),
        Some("Publish to snapshots.raintank.io")
    );
    assert_eq!(o.external_enabled, Some(true));
    assert_eq!(o.snapshot_enabled, Some(false));
    assert_eq!(o.extra.len(), 1);
    assert_eq!(o.extra["future"], json!({"x": 1}));
    assert_eq!(serde_json::to_value(&o).unwrap(), served);
    let twin: SharingOptions =
        M::send(&env, M::snapshots(&api).get_sharing_options().json()).unwrap();
    assert_eq!(twin, o);
    let value = M::send(&env, M::snapshots(&api).get_sharing_options().value()).unwrap();
    assert_eq!(value, served);

    let reqs = env.requests();
    assert_eq!(reqs.len(), 3);
    for r in &reqs {
        assert_request(
            r,
            "GET",
            "/api/snapshot/shared-options",
            None,
            None,
            "get_sharing_options",
        );
        assert_auth_org(r, None, None, "get_sharing_options");
    }
}

// ------------------------------------------------------------------ search

fn search_dashboards<M: Mode>() {
    let env = Env::new();
    let served = json!([
        {"id": 3, "uid": "abc", "title": "Prod", "uri": "db/prod", "url": "/d/abc/prod", "slug": "",
         "type": "dash-db", "tags": ["prod", "a b"], "isStarred": true, "folderUid": "f1",
         "folderTitle": "Ops", "folderId": 7, "sortMeta": 0},
        {"uid": "f1", "title": "Ops", "type": "dash-folder"}
    ]);
    env.answer_json(200, served.clone());
    let api = M::build(env.builder().auth(TokenAuth::new(TOKEN))).unwrap();
    let search = || grafana_client::Client::search(&api);

    let hits = M::send(&env, search().search_dashboards()).unwrap();
    assert_eq!(hits.len(), 2);
    let h = &hits[0];
    assert_eq!(h.id, Some(3));
    assert_eq!(h.uid, "abc");
    assert_eq!(h.title, "Prod");
    assert_eq!(h.url.as_deref(), Some("/d/abc/prod"));
    assert_eq!(h.kind.as_deref(), Some("dash-db"));
    assert_eq!(h.tags, Some(vec!["prod".to_string(), "a b".to_string()]));
    assert_eq!(h.is_starred, Some(true));
    assert_eq!(h.folder_uid.as_deref(), Some("f1"));
    assert_eq!(h.folder_title.as_deref(), Some("Ops"));
    assert_eq!(h.extra.len(), 4, "{:?}", h.extra);
    assert_eq!(h.extra["folderId"], 7);
    assert_eq!(hits[1].kind.as_deref(), Some("dash-folder"));
    assert_eq!(hits[1].id, None);
    assert_eq!(serde_json::to_value(&hits).unwrap(), served, "lossless");
    let twin: Vec<grafana_client::models::SearchHit> =
        M::send(&env, search().search_dashboards().json()).unwrap();
    assert_eq!(twin, hits);
    let value = M::send(&env, search().search_dashboards().value()).unwrap();
    assert_eq!(value, served);
    M::send(
        &env,
        search()
            .search_dashboards()
            .query("cpu & mem")
            .tag("prod")
            .tag("a b")
            .type_("dash-db")
            .dashboard_uids(["u1", "u/2"])
            .dashboard_ids([1, 2])
            .folder_uids(["", "f1"])
            .folder_ids([0])
            .starred(true)
            .limit(50)
            .page(2),
    )
    .unwrap();
    M::send(&env, search().search_dashboards().starred(false).page(1)).unwrap();

    let queries = [
        None,
        None,
        None,
        Some(concat!(
            "query=cpu+%26+mem&tag=prod&tag=a+b&type=dash-db",
            "&dashboardIds=1&dashboardIds=2&dashboardUIDs=u1&dashboardUIDs=u%2F2",
            "&folderIds=0&folderUIDs=&folderUIDs=f1&starred=true&limit=50&page=2"
        )),
        Some("page=1"),
    ];
    let reqs = env.requests();
    assert_eq!(reqs.len(), queries.len());
    for (r, q) in reqs.iter().zip(queries) {
        assert_request(r, "GET", "/api/search", q, None, "search_dashboards");
        assert_auth_org(
            r,
            Some("Bearer glsa_SECRET_TOKEN_123"),
            None,
            "search_dashboards",
        );
    }
}

// --------------------------------------------------------- dashboard, more

#[allow(deprecated)]
fn dashboard_permissions_and_tags<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    env.answer_json(200, json!([{"term": "prod", "count": 3}]));
    let tags = M::send(&env, M::dashboard(&api).get_dashboards_tags()).unwrap();
    assert_eq!((tags[0].term.as_str(), tags[0].count), ("prod", 3));

    env.reset();
    env.answer_json(200, json!({"redirectUri": "/d/home/home"}));
    let home = M::send(&env, M::dashboard(&api).get_home_dashboard()).unwrap();
    assert_eq!(home.redirect_uri.as_deref(), Some("/d/home/home"));
    assert_eq!(home.dashboard, None);

    // items: a list is wrapped, one object becomes a list, {"items"} is kept,
    // and the deprecated names send the same requests
    env.reset();
    env.answer_json(200, json!({"message": "Dashboard permissions updated"}));
    let one = json!({"userId": 4, "permission": 4});
    let d = || M::dashboard(&api);
    M::send(&env, d().update_permissions_by_uid("d1", &json!([one]))).unwrap();
    M::send(&env, d().update_permissions_by_uid("d1", &one)).unwrap();
    M::send(
        &env,
        d().update_permissions_by_uid("d1", &json!({"items": [one]})),
    )
    .unwrap();
    M::send(&env, d().update_permissions_generic("d1", &one, "uid")).unwrap();
    M::send(&env, d().update_dashboard_permissions(9, &one)).unwrap();
    M::send(&env, d().get_dashboard_permissions(9)).unwrap_err();
    let reqs = env.requests();
    let paths: Vec<&str> = reqs.iter().map(|r| r.url.path()).collect();
    assert_eq!(
        paths,
        [
            "/api/dashboards/uid/d1/permissions",
            "/api/dashboards/uid/d1/permissions",
            "/api/dashboards/uid/d1/permissions",
            "/api/dashboards/uid/d1/permissions",
            "/api/dashboards/id/9/permissions",
            "/api/dashboards/id/9/permissions",
        ]
    );
    for r in &reqs[..5] {
        assert_eq!(
            serde_json::from_slice::<Value>(&r.body).unwrap(),
            json!({"items": [one]})
        );
    }

    // refused before sending: an unknown id type, items that are not a list or object
    env.reset();
    let err = M::send(&env, d().get_permissions_generic("d1", "../admin")).unwrap_err();
    assert!(
        matches!(err, Error::InvalidArgument { name: "idtype", .. }),
        "{err}"
    );
    let err = M::send(&env, d().update_permissions_generic("d1", &one, "slug")).unwrap_err();
    assert!(
        matches!(err, Error::InvalidArgument { name: "idtype", .. }),
        "{err}"
    );
    let err = M::send(&env, d().update_permissions_by_uid("d1", &json!("View"))).unwrap_err();
    assert!(
        matches!(err, Error::InvalidArgument { name: "items", .. }),
        "{err}"
    );
    assert!(env.requests().is_empty());
}

// ------------------------------------------------------------------ folder

fn folder_models_and_options<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    let folder = || grafana_client::Client::folder(&api);
    let served = json!({"id": 7, "uid": "f1", "orgId": 1, "title": "Ops", "url": "/dashboards/f/f1/ops",
                        "version": 3, "parentUid": "p1", "canSave": true, "parents": []});
    env.answer_json(200, served.clone());
    let f = M::send(&env, folder().get_folder("f1")).unwrap();
    assert_eq!(
        (f.id, f.uid.as_str(), f.title.as_str()),
        (Some(7), "f1", "Ops")
    );
    assert_eq!((f.version, f.parent_uid.as_deref()), (Some(3), Some("p1")));
    assert_eq!(f.extra["canSave"], true);
    assert_eq!(serde_json::to_value(&f).unwrap(), served, "lossless");

    // only the options that are set are sent
    env.reset();
    env.answer_json(200, served.clone());
    M::send(&env, folder().create_folder("Only title")).unwrap();
    M::send(&env, folder().update_folder("f1").version(0)).unwrap();
    M::send(&env, folder().update_folder("f1").title("")).unwrap();
    M::send(&env, folder().update_folder("f1").overwrite(false)).unwrap();
    let bodies: Vec<Value> = env
        .requests()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(
        bodies,
        vec![
            json!({"title": "Only title"}),
            json!({"version": 0}),
            json!({"title": ""}),
            json!({}),
        ]
    );

    // the list and the permissions
    env.reset();
    let list = json!([{"id": 1, "uid": "a", "title": "A"}, {"id": 2, "uid": "b", "title": "B", "parentUid": "a"}]);
    env.answer_json(200, list.clone());
    let all = M::send(&env, folder().get_all_folders()).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].parent_uid.as_deref(), Some("a"));
    assert_eq!(env.requests()[0].url.query(), None, "no option, no query");
    env.reset();
    let perms =
        json!([{"role": "Viewer", "permission": 1, "permissionName": "View", "inherited": false}]);
    env.answer_json(200, perms.clone());
    let p = M::send(&env, folder().get_folder_permissions("f1")).unwrap();
    assert_eq!(p[0].role.as_deref(), Some("Viewer"));
    assert_eq!(p[0].permission, Some(1));
    assert_eq!(serde_json::to_value(&p).unwrap(), perms);

    // permissions: a list is wrapped in {"items": ...}; an object with items is kept
    env.reset();
    env.answer_json(200, json!({"message": "Folder permissions updated"}));
    let items = json!([{"teamId": 2, "permission": 2}]);
    M::send(&env, folder().update_folder_permissions("f1", &items)).unwrap();
    let wrapped = json!({"items": items});
    M::send(&env, folder().update_folder_permissions("f1", &wrapped)).unwrap();
    for r in env.requests() {
        assert_eq!(serde_json::from_slice::<Value>(&r.body).unwrap(), wrapped);
    }
}

fn delete_folder_answers<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    let folder = || grafana_client::Client::folder(&api);
    env.answer_json(
        200,
        json!({"title": "Ops", "message": "Folder Ops deleted", "id": 7}),
    );
    let deleted = M::send(&env, folder().delete_folder("f1"))
        .unwrap()
        .unwrap();
    assert_eq!(deleted.message, "Folder Ops deleted");
    assert_eq!(deleted.id, Some(7));
    assert_eq!(deleted.extra["title"], "Ops");
    assert_eq!(
        env.requests()[0].url.query(),
        None,
        "forceDeleteRules only when asked"
    );
    // Grafana 9 and older: an empty 200
    env.reset();
    env.answer(wiremock::ResponseTemplate::new(200));
    assert_eq!(M::send(&env, folder().delete_folder("f1")).unwrap(), None);
}

// --------------------------------------------------------------------- raw

fn raw_every_verb_with_params_and_body<M: Mode>() {
    let env = Env::new();
    let served = json!({"id": 1, "name": "Main Org."});
    env.answer_json(200, served.clone());
    let api = M::build(env.builder().auth(TokenAuth::new(TOKEN)).organization_id(3)).unwrap();
    let body = json!({"name": "Main Org.", "nested": {"list": [1, 2, null]}});
    let raw = || M::raw(&api);
    type Mk<A> =
        fn(&grafana_client::Raw<A>, &str) -> grafana_client::Call<A, grafana_client::RawRequest>;
    let verbs: [(&str, Mk<M::Api>); 5] = [
        ("GET", |r, p| r.get(p)),
        ("POST", |r, p| r.post(p)),
        ("PUT", |r, p| r.put(p)),
        ("PATCH", |r, p| r.patch(p)),
        ("DELETE", |r, p| r.delete(p)),
    ];
    for (verb, mk) in verbs {
        env.reset();
        env.answer_json(200, served.clone());
        // with params and body
        let v = M::send(
            &env,
            mk(&raw(), "api/org")
                .param("query", "cpu & mem")
                .param("tag", "a")
                .param("tag", "b/c")
                .param("n", 5)
                .body(&body),
        )
        .unwrap();
        assert_eq!(v, served);
        // bare, with a leading slash
        let v = M::send(&env, mk(&raw(), "/api/org")).unwrap();
        assert_eq!(v, served);
        // typed twin
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Org {
            id: i64,
            name: String,
        }
        let org: Org = M::send(&env, mk(&raw(), "api/org").json()).unwrap();
        assert_eq!(
            org,
            Org {
                id: 1,
                name: "Main Org.".into()
            }
        );

        let reqs = env.requests();
        assert_eq!(reqs.len(), 3, "{verb}");
        assert_request(
            &reqs[0],
            verb,
            "/api/org",
            Some("query=cpu+%26+mem&tag=a&tag=b%2Fc&n=5"),
            Some(&body),
            &format!("raw {verb} with params and body"),
        );
        assert_request(
            &reqs[1],
            verb,
            "/api/org",
            None,
            None,
            &format!("raw {verb} bare"),
        );
        assert_request(
            &reqs[2],
            verb,
            "/api/org",
            None,
            None,
            &format!("raw {verb} typed"),
        );
        for r in &reqs {
            assert_auth_org(r, Some("Bearer glsa_SECRET_TOKEN_123"), Some("3"), verb);
        }
    }
}

fn raw_text_answers<M: Mode>() {
    let env = Env::new();
    env.answer(
        wiremock::ResponseTemplate::new(200).set_body_raw("pong\n", "text/plain; charset=utf-8"),
    );
    let api = M::build(env.builder()).unwrap();
    let s: String = M::send(&env, M::raw(&api).get("metrics").text().json()).unwrap();
    assert_eq!(s, "pong\n");
    let r = env.only_request("raw text");
    assert_request(&r, "GET", "/metrics", None, None, "raw text");
}

// ----------------------------------------------------- version and connect

fn settings(version: &str) -> Value {
    json!({
        "appUrl": "http://localhost:3000/",
        "buildInfo": {"version": version, "commit": "abc123", "edition": "Open Source", "env": "production", "latestVersion": ""}
    })
}

fn mount_path(env: &Env, p: &str, status: u16, body: Value) {
    env.mount(
        wiremock::Mock::given(wiremock::matchers::path(p))
            .respond_with(wiremock::ResponseTemplate::new(status).set_body_json(body)),
    );
}

fn connect_returns_build_info_and_caches<M: Mode>() {
    let env = Env::new();
    mount_path(&env, "/api/frontend/settings", 200, settings("12.2.0"));
    let api = M::build(env.builder().auth(TokenAuth::new(TOKEN)).organization_id(6)).unwrap();

    let info = M::connect(&env, &api).unwrap();
    assert_eq!(info.version, "12.2.0");
    assert_eq!(info.commit.as_deref(), Some("abc123"));
    assert_eq!(info.edition.as_deref(), Some("Open Source"));
    assert_eq!(info.extra.len(), 2);
    assert_eq!(info.extra["env"], "production");
    assert_eq!(info.extra["latestVersion"], "");
    assert_eq!(env.requests().len(), 1);
    // connect() filled the cache: version and get_version ask nothing more.
    assert_eq!(M::version(&env, &api).unwrap(), "12.2.0");
    assert_eq!(
        M::get_version(&env, &api).unwrap(),
        GrafanaVersion::new(12, 2, 0)
    );
    let r = env.only_request("connect");
    assert_request(&r, "GET", "/api/frontend/settings", None, None, "connect");
    assert_auth_org(
        &r,
        Some("Bearer glsa_SECRET_TOKEN_123"),
        Some("6"),
        "connect",
    );
    // connect() itself always asks.
    M::connect(&env, &api).unwrap();
    assert_eq!(env.requests().len(), 2);
}

fn version_is_asked_once<M: Mode>() {
    let env = Env::new();
    mount_path(
        &env,
        "/api/frontend/settings",
        200,
        settings("11.3.0-75420.patch2-75797"),
    );
    let api = M::build(env.builder().auth(BasicAuth::new("admin", PASSWORD))).unwrap();

    assert_eq!(M::version(&env, &api).unwrap(), "11.3.0-75420.patch2-75797");
    assert_eq!(M::version(&env, &api).unwrap(), "11.3.0-75420.patch2-75797");
    let v = M::get_version(&env, &api).unwrap();
    assert_eq!((v.major, v.minor, v.patch), (11, 3, 0));
    assert_eq!(v.suffix, "-75420.patch2-75797");
    // A clone with another org shares the cache.
    let other = M::with_org_id(&api, 2);
    assert_eq!(
        M::version(&env, &other).unwrap(),
        "11.3.0-75420.patch2-75797"
    );
    let r = env.only_request("version");
    assert_request(&r, "GET", "/api/frontend/settings", None, None, "version");
    assert_auth_org(&r, Some(BASIC_ADMIN), None, "version");

    // A fresh client asks again, with get_version first.
    let fresh = M::build(env.builder()).unwrap();
    assert_eq!(
        M::get_version(&env, &fresh).unwrap().to_string(),
        "11.3.0-75420.patch2-75797"
    );
    assert_eq!(M::get_version(&env, &fresh).unwrap().major, 11);
    assert_eq!(env.requests().len(), 2);
}

fn version_falls_back_to_health<M: Mode>() {
    let env = Env::new();
    mount_path(
        &env,
        "/api/frontend/settings",
        401,
        json!({"message": "Unauthorized"}),
    );
    mount_path(
        &env,
        "/api/health",
        200,
        json!({"database": "ok", "version": "10.4.1", "commit": "c"}),
    );
    let api = M::build(env.builder().organization_id(5)).unwrap();

    assert_eq!(M::version(&env, &api).unwrap(), "10.4.1");
    assert_eq!(
        M::get_version(&env, &api).unwrap(),
        GrafanaVersion::new(10, 4, 1)
    );
    assert_eq!(M::version(&env, &api).unwrap(), "10.4.1");
    let reqs = env.requests();
    assert_eq!(reqs.len(), 2, "settings, then health, then nothing");
    assert_request(
        &reqs[0],
        "GET",
        "/api/frontend/settings",
        None,
        None,
        "version #1",
    );
    assert_request(&reqs[1], "GET", "/api/health", None, None, "version #2");
    for r in &reqs {
        assert_auth_org(r, None, Some("5"), "version");
    }
}

fn version_falls_back_when_build_info_is_missing<M: Mode>() {
    let env = Env::new();
    mount_path(&env, "/api/frontend/settings", 200, json!({"appUrl": "/"}));
    mount_path(
        &env,
        "/api/health",
        200,
        json!({"database": "ok", "version": "9.5.2"}),
    );
    let api = M::build(env.builder()).unwrap();
    match M::connect(&env, &api) {
        Err(grafana_client::Error::Decode(d)) => {
            assert_eq!(d.path, "/api/frontend/settings");
            assert!(d.reason.contains("buildInfo"), "{d}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(M::version(&env, &api).unwrap(), "9.5.2");
    assert_eq!(env.requests().len(), 3);
}

fn version_unknown_reports_the_settings_error<M: Mode>() {
    let env = Env::new();
    mount_path(
        &env,
        "/api/frontend/settings",
        401,
        json!({"message": "Unauthorized"}),
    );
    // hide_version: health tells no version
    mount_path(&env, "/api/health", 200, json!({"database": "ok"}));
    let api = M::build(env.builder()).unwrap();
    let e = M::version(&env, &api).unwrap_err();
    assert!(e.is_unauthorized(), "{e:?}");
    assert_eq!(e.api().unwrap().path, "/api/frontend/settings");
    let e = M::get_version(&env, &api).unwrap_err();
    assert!(e.is_unauthorized(), "{e:?}");
}

fn get_version_refuses_garbage<M: Mode>() {
    let env = Env::new();
    mount_path(
        &env,
        "/api/frontend/settings",
        200,
        settings("not-a-version"),
    );
    let api = M::build(env.builder()).unwrap();
    assert_eq!(M::version(&env, &api).unwrap(), "not-a-version");
    match M::get_version(&env, &api) {
        Err(grafana_client::Error::Decode(d)) => {
            assert_eq!(d.json_path, ".buildInfo.version");
            assert!(d.reason.contains("not-a-version"), "{d}");
        }
        other => panic!("{other:?}"),
    }
}

// ------------------------------------- headers across every method (matrix)

fn every_method_sends_the_right_request<M: Mode>() {
    let env = Env::new();
    env.answer_universal();
    for op in ops::<M>() {
        env.reset();
        env.answer_universal();
        let api = M::build(env.builder().auth(TokenAuth::new(TOKEN))).unwrap();
        (op.run)(&env, &api, Opts::default()).unwrap_or_else(|e| panic!("{}: {e:?}", op.name));
        let r = env.only_request(op.name);
        assert_op_request(&r, &op, "/", op.name);
        assert_auth_org(&r, Some("Bearer glsa_SECRET_TOKEN_123"), None, op.name);
    }
}

fn every_method_sends_each_kind_of_credentials<M: Mode>() {
    let env = Env::new();
    type Setup = fn(grafana_client::ClientBuilder, u16) -> grafana_client::ClientBuilder;
    let kinds: [(&str, Setup, Option<&str>, Option<&str>); 6] = [
        (
            "token",
            |b, _| b.auth(TokenAuth::new(TOKEN)),
            Some("Bearer glsa_SECRET_TOKEN_123"),
            None,
        ),
        (
            "basic",
            |b, _| b.auth(BasicAuth::new("admin", PASSWORD)),
            Some(BASIC_ADMIN),
            None,
        ),
        (
            "header",
            |b, _| b.auth(HeaderAuth::new("X-WEBAUTH-USER", HEADER_SECRET).unwrap()),
            None,
            Some(HEADER_SECRET),
        ),
        ("anonymous", |b, _| b.auth(Anonymous), None, None),
        ("default", |b, _| b, None, None),
        (
            "url credentials",
            |b, port| b.url(&format!("http://admin:{PASSWORD}@127.0.0.1:{port}/")),
            Some(BASIC_ADMIN),
            None,
        ),
    ];
    for (kind, setup, authz, webauth) in kinds {
        for op in ops::<M>() {
            env.reset();
            env.answer_universal();
            let ctx = format!("{kind} / {}", op.name);
            let api = M::build(setup(env.builder(), env.port())).unwrap();
            (op.run)(&env, &api, Opts::default()).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
            let r = env.only_request(&ctx);
            assert_op_request(&r, &op, "/", &ctx);
            assert_auth_org(&r, authz, None, &ctx);
            assert_eq!(hdr(&r, "x-webauth-user").as_deref(), webauth, "{ctx}");
            assert_eq!(r.url.username(), "", "{ctx}");
            assert_eq!(r.url.password(), None, "{ctx}");
        }
    }
}

fn every_method_sends_the_org_id<M: Mode>() {
    let env = Env::new();
    for op in ops::<M>() {
        let name = op.name;
        let check = |api: &M::Api, opts: Opts, want: Option<&str>, case: &str| {
            env.reset();
            env.answer_universal();
            let ctx = format!("{name} / {case}");
            (op.run)(&env, api, opts).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
            let r = env.only_request(&ctx);
            assert_op_request(&r, &op, "/", &ctx);
            assert_auth_org(&r, None, want, &ctx);
        };
        let none = M::build(env.builder()).unwrap();
        assert_eq!(M::organization_id(&none), None);
        check(&none, Opts::default(), None, "not set");
        let zero = M::build(env.builder().organization_id(0)).unwrap();
        assert_eq!(M::organization_id(&zero), Some(0));
        check(&zero, Opts::default(), Some("0"), "builder 0");
        let three = M::build(env.builder().organization_id(3)).unwrap();
        let five = M::with_org_id(&three, 5);
        assert_eq!(M::organization_id(&five), Some(5));
        check(&five, Opts::default(), Some("5"), "with_org_id(5)");
        // (a fresh base each time: clones share the version cache)
        let from_none = M::with_org_id(&M::build(env.builder()).unwrap(), -1);
        check(
            &from_none,
            Opts::default(),
            Some("-1"),
            "with_org_id(-1) on a client without org",
        );
        // the original is untouched
        assert_eq!(M::organization_id(&three), Some(3));
        if op.per_call {
            let fresh = M::build(env.builder().organization_id(3)).unwrap();
            check(
                &fresh,
                Opts {
                    org: Some(7),
                    ..Opts::default()
                },
                Some("7"),
                "call .org_id(7) over 3",
            );
            let fresh = M::build(env.builder()).unwrap();
            check(
                &fresh,
                Opts {
                    org: Some(0),
                    ..Opts::default()
                },
                Some("0"),
                "call .org_id(0), client none",
            );
            let fresh = M::with_org_id(&M::build(env.builder()).unwrap(), 5);
            check(
                &fresh,
                Opts {
                    org: Some(8),
                    ..Opts::default()
                },
                Some("8"),
                "call .org_id(8) over with_org_id",
            );
        }
        let fresh = M::build(env.builder().organization_id(3)).unwrap();
        check(&fresh, Opts::default(), Some("3"), "builder 3");
    }
}

fn every_method_sends_the_user_agent<M: Mode>() {
    assert_eq!(DEFAULT_USER_AGENT, UA);
    assert_eq!(
        UA,
        format!("grafana-client-rust/{}", env!("CARGO_PKG_VERSION"))
    );
    let env = Env::new();
    for op in ops::<M>() {
        env.reset();
        env.answer_universal();
        let api = M::build(env.builder().user_agent("my-bot/2.0")).unwrap();
        (op.run)(&env, &api, Opts::default()).unwrap_or_else(|e| panic!("{}: {e:?}", op.name));
        let r = env.only_request(op.name);
        assert_eq!(
            hdr(&r, "user-agent").as_deref(),
            Some("my-bot/2.0"),
            "{}",
            op.name
        );
    }
}

wire_common::both!(
    health_check,
    get_dashboard,
    update_dashboard,
    delete_dashboard,
    create_new_snapshot_without_options,
    create_new_snapshot_with_all_options,
    create_new_snapshot_each_option_alone,
    get_dashboard_snapshots,
    get_snapshot_by_key,
    delete_snapshot_by_key,
    delete_snapshot_by_delete_key,
    get_sharing_options,
    search_dashboards,
    dashboard_permissions_and_tags,
    folder_models_and_options,
    delete_folder_answers,
    raw_every_verb_with_params_and_body,
    raw_text_answers,
    connect_returns_build_info_and_caches,
    version_is_asked_once,
    version_falls_back_to_health,
    version_falls_back_when_build_info_is_missing,
    version_unknown_reports_the_settings_error,
    get_version_refuses_garbage,
    every_method_sends_the_right_request,
    every_method_sends_each_kind_of_credentials,
    every_method_sends_the_org_id,
    every_method_sends_the_user_agent,
);

/// The async client in a real runtime, `.await`ed directly (no harness).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_client_awaited_in_a_tokio_runtime() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(created_v11()))
        .mount(&server)
        .await;
    let api = grafana_client::GrafanaApi::builder()
        .url(&server.uri())
        .no_proxy()
        .auth(TokenAuth::new(TOKEN))
        .build()
        .unwrap();
    let s = api
        .snapshots()
        .create_new_snapshot(&json!({"uid": "x"}))
        .expires(60)
        .await
        .unwrap();
    assert_eq!(s.key, "AbC123");
    let s2 = api
        .snapshots()
        .create_new_snapshot(&json!({"uid": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(s2, s);
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 2);
    assert_request(
        &reqs[0],
        "POST",
        "/api/snapshots",
        None,
        Some(&json!({"dashboard": {"uid": "x"}, "expires": 60})),
        "awaited",
    );
    assert_request(
        &reqs[1],
        "POST",
        "/api/snapshots",
        None,
        Some(&json!({"dashboard": {"uid": "x"}})),
        "send().await",
    );
}

/// The blocking client refuses to run inside a runtime, and sends nothing.
#[test]
fn blocking_client_refuses_inside_a_runtime() {
    let env = Env::new();
    env.answer_universal();
    let api = Blocking::build(env.builder()).unwrap();
    let result = env.rt.block_on(async { api.health().check().send() });
    match result {
        Err(grafana_client::Error::Misuse(m)) => assert!(m.contains("async runtime"), "{m}"),
        other => panic!("{other:?}"),
    }
    let result = env.rt.block_on(async { api.version() });
    assert!(
        matches!(result, Err(grafana_client::Error::Misuse(_))),
        "{result:?}"
    );
    assert!(env.requests().is_empty());
    // outside the runtime it works
    api.health().check().send().unwrap();
    assert_eq!(env.requests().len(), 1);
}
