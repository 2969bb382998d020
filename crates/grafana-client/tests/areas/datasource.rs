//! Workflow: the `datasource` element — data source CRUD by id, uid and
//! name, health, and Prometheus queries through the data-source proxy, on
//! both clients. (The Enterprise permission methods are covered with the
//! `rbac` / removed-route tests.)

use grafana_client::models::DatasourceIdentifier;
use grafana_client::ErrorKind;
use serde_json::json;

use crate::support::{unique, Drive, Target};

both_clients!(
    datasource_lifecycle,
    datasource_conflicts_and_not_found,
    datasource_health_checks,
    datasource_prometheus_queries_through_the_proxy,
    datasource_health_response_parsers,
);

/// Whether the server still has the numeric-id routes (off from Grafana 13,
/// `datasourceLegacyIdApi`).
fn has_id_routes<C: Drive>(api: &C) -> bool {
    let v = api.version_of().expect("version");
    let major: u32 = v
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    major < 13
}

fn datasource_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let uid = unique("ds-life");
    let name = format!("Prom {uid}");
    let ds = api.datasource();

    // Create, with a secret that is never returned.
    let saved = api
        .run(ds.create_datasource(&json!({
            "name": name,
            "type": "prometheus",
            "uid": uid,
            "url": "http://prometheus.invalid:9090",
            "access": "proxy",
            "basicAuth": true,
            "basicAuthUser": "scraper",
            "jsonData": {"httpMethod": "POST"},
            "secureJsonData": {"basicAuthPassword": "hunter2"}
        })))
        .unwrap();
    assert_eq!(saved.message, "Datasource added");
    assert_eq!(saved.name.as_deref(), Some(name.as_str()));
    let id = saved.id.expect("id");
    let created = saved.datasource.expect("datasource in the answer");
    assert_eq!(created.uid, uid);
    assert_eq!(created.kind, "prometheus");
    assert_eq!(created.version, Some(1));
    assert_eq!(
        created
            .secure_json_fields
            .as_ref()
            .and_then(|f| f.get("basicAuthPassword")),
        Some(&true)
    );
    assert!(created.extra.get("secureJsonData").is_none());

    // Read it back every way.
    let by_uid = api.run(ds.get_datasource_by_uid(&uid)).unwrap();
    assert_eq!(by_uid.id, Some(id));
    assert_eq!(by_uid.name, name);
    assert_eq!(
        by_uid.url.as_deref(),
        Some("http://prometheus.invalid:9090")
    );
    assert_eq!(by_uid.basic_auth_user.as_deref(), Some("scraper"));
    assert_eq!(by_uid.json_data, Some(json!({"httpMethod": "POST"})));
    let by_name = api.run(ds.get_datasource_by_name(&name)).unwrap();
    assert_eq!(by_name.uid, uid);
    let found = api.run(ds.find_datasource(&name)).unwrap();
    assert_eq!(found.uid, uid);
    let ident = api
        .run(ds.get(&DatasourceIdentifier::Uid(uid.clone())))
        .unwrap();
    assert_eq!(ident.id, Some(id));
    let ident = api
        .run(ds.get(&DatasourceIdentifier::Name(name.clone())))
        .unwrap();
    assert_eq!(ident.uid, uid);
    let id_only = api.run(ds.get_datasource_id_by_name(&name)).unwrap();
    assert_eq!(id_only.id, id);
    let legacy = has_id_routes(&api);
    if legacy {
        let by_id = api.run(ds.get_datasource_by_id(id)).unwrap();
        assert_eq!(by_id.uid, uid);
        let ident = api.run(ds.get(&DatasourceIdentifier::Id(id))).unwrap();
        assert_eq!(ident.name, name);
    } else {
        let err = api.run(ds.get_datasource_by_id(id)).unwrap_err();
        assert_eq!(err.kind(), Some(ErrorKind::NotFound), "{err}");
    }

    // Listed.
    let list = api.run(ds.list_datasources()).unwrap();
    let item = list.iter().find(|d| d.uid == uid).expect("listed");
    assert_eq!(item.name, name);
    assert_eq!(item.kind, "prometheus");
    assert_eq!(item.type_name.as_deref(), Some("Prometheus"));

    // Update by uid with the fetched model (version-checked).
    let mut changed = by_uid.clone();
    changed.url = Some("http://prometheus.invalid:9091".into());
    let updated = api
        .run(ds.update_datasource_by_uid(&uid, &changed))
        .unwrap();
    assert_eq!(updated.message, "Datasource updated");
    assert_eq!(updated.id, Some(id));
    let after = updated.datasource.expect("datasource");
    assert_eq!(after.url.as_deref(), Some("http://prometheus.invalid:9091"));
    assert_eq!(after.version, Some(2));
    assert_eq!(
        after
            .secure_json_fields
            .as_ref()
            .and_then(|f| f.get("basicAuthPassword")),
        Some(&true),
        "secrets not sent again are kept"
    );
    // The old version is now stale.
    let stale = api
        .run(ds.update_datasource_by_uid(&uid, &by_uid))
        .unwrap_err();
    assert_eq!(stale.kind(), Some(ErrorKind::Conflict), "{stale}");
    assert_eq!(
        stale.api().and_then(|e| e.message.as_deref()),
        Some("Datasource has already been updated by someone else. Please reload and try again")
    );

    // Update by id (a new name).
    let renamed = format!("{name} renamed");
    if legacy {
        let mut by_id = after.clone();
        by_id.name = renamed.clone();
        let saved = api.run(ds.update_datasource(id, &by_id)).unwrap();
        assert_eq!(saved.name.as_deref(), Some(renamed.as_str()));
        assert_eq!(saved.datasource.and_then(|d| d.version), Some(3));
    } else {
        let err = api
            .run(ds.update_datasource(id, &json!({"name": renamed})))
            .unwrap_err();
        assert_eq!(err.kind(), Some(ErrorKind::NotFound));
        api.run(ds.update_datasource_by_uid(&uid, &json!({"name": renamed, "type": "prometheus"})))
            .unwrap();
    }
    assert_eq!(
        api.run(ds.get_datasource_by_name(&renamed)).unwrap().uid,
        uid
    );

    // Delete by uid; a second and a third data source by name and by id.
    let deleted = api.run(ds.delete_datasource_by_uid(&uid)).unwrap();
    assert_eq!(deleted.message, "Data source deleted");
    assert_eq!(deleted.id, Some(id));
    let gone = api.run(ds.get_datasource_by_uid(&uid)).unwrap_err();
    assert!(gone.is_not_found(), "{gone}");

    let other = format!("Loki {uid}");
    let loki = api
        .run(ds.create_datasource(&json!({"name": other, "type": "loki", "access": "proxy"})))
        .unwrap();
    let deleted = api.run(ds.delete_datasource_by_name(&other)).unwrap();
    assert_eq!(deleted.message, "Data source deleted");
    assert_eq!(deleted.id, loki.id);

    let third = format!("TestData {uid}");
    let td = api
        .run(ds.create_datasource(&json!({"name": third, "type": "grafana-testdata-datasource"})))
        .unwrap();
    let td_id = td.id.unwrap();
    if legacy {
        let deleted = api.run(ds.delete_datasource_by_id(td_id)).unwrap();
        assert_eq!(deleted.message, "Data source deleted");
        let gone = api.run(ds.get_datasource_by_name(&third)).unwrap_err();
        assert!(gone.is_not_found());
    } else {
        let err = api.run(ds.delete_datasource_by_id(td_id)).unwrap_err();
        assert!(err.is_not_found());
        api.run(ds.delete_datasource_by_name(&third)).unwrap();
    }
}

fn datasource_conflicts_and_not_found<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let uid = unique("ds-err");
    let name = format!("Errors {uid}");
    let ds = api.datasource();
    api.run(ds.create_datasource(&json!({"name": name, "type": "loki", "uid": uid})))
        .unwrap();

    let dup = api
        .run(ds.create_datasource(&json!({"name": name, "type": "loki"})))
        .unwrap_err();
    assert!(dup.is_conflict(), "{dup}");
    assert_eq!(
        dup.api().and_then(|e| e.message.as_deref()),
        Some("data source with the same name already exists")
    );
    let dup = api
        .run(
            ds.create_datasource(&json!({"name": format!("{name} 2"), "type": "loki", "uid": uid})),
        )
        .unwrap_err();
    assert!(dup.is_conflict());
    assert_eq!(
        dup.api().and_then(|e| e.message.as_deref()),
        Some("data source with the same uid already exists")
    );

    let missing = unique("ds-missing");
    for err in [
        api.run(ds.get_datasource_by_uid(&missing)).unwrap_err(),
        api.run(ds.get_datasource_by_name(&missing)).unwrap_err(),
        api.run(ds.get_datasource_id_by_name(&missing))
            .map(|_| ())
            .unwrap_err(),
        api.run(ds.delete_datasource_by_uid(&missing))
            .map(|_| ())
            .unwrap_err(),
        api.run(ds.delete_datasource_by_name(&missing))
            .map(|_| ())
            .unwrap_err(),
        api.run(ds.update_datasource_by_uid(&missing, &json!({"name": "x"})))
            .map(|_| ())
            .unwrap_err(),
    ] {
        assert!(err.is_not_found(), "{err}");
        assert_eq!(
            err.api().and_then(|e| e.message.as_deref()),
            Some("Data source not found")
        );
    }
    if has_id_routes(&api) {
        let err = api.run(ds.get_datasource_by_id(i64::MAX)).unwrap_err();
        assert_eq!(
            err.api().and_then(|e| e.message.as_deref()),
            Some("Data source not found")
        );
    }
    api.run(ds.delete_datasource_by_uid(&uid)).unwrap();
}

fn datasource_health_checks<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let uid = unique("ds-health");
    let ds = api.datasource();
    api.run(ds.create_datasource(&json!({
        "name": format!("TestData {uid}"),
        "type": "grafana-testdata-datasource",
        "uid": uid
    })))
    .unwrap();
    let health = api.run(ds.health(&uid)).unwrap();
    assert_eq!(health.status, "OK");
    assert_eq!(health.message, "Data source is working");

    // A data source that does not exist: Grafana's cache lookup fails (500).
    let err = api.run(ds.health(&unique("ds-nohealth"))).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500), "{err}");
    assert_eq!(
        err.api().and_then(|e| e.message.as_deref()),
        Some("Unable to load datasource metadata")
    );
    api.run(ds.delete_datasource_by_uid(&uid)).unwrap();
}

#[allow(deprecated)]
fn datasource_prometheus_queries_through_the_proxy<C: Drive>() {
    let t = Target::new();
    if t.emulator_only("queries the emulator's built-in Prometheus-like backend")
        .is_none()
    {
        return;
    }
    let api = C::build(t.admin());
    let uid = unique("ds-prom");
    let ds = api.datasource();
    let saved = api
        .run(ds.create_datasource(&json!({
            "name": format!("Prom {uid}"),
            "type": "prometheus",
            "uid": uid,
            "url": "http://localhost:9090",
            "access": "proxy"
        })))
        .unwrap();
    let id = saved.id.unwrap();
    let health = api.run(ds.health(&uid)).unwrap();
    assert_eq!(health.message, "Successfully queried the Prometheus API.");

    let up = api
        .run(
            ds.query()
                .datasource_uid(&uid)
                .query("up{job=\"grafana\"}")
                .timestamp(1_700_000_000),
        )
        .unwrap();
    assert_eq!(up["status"], "success");
    assert_eq!(up["data"]["resultType"], "vector");
    assert_eq!(
        up["data"]["result"],
        json!([{"metric": {"__name__": "up", "instance": "localhost:3000", "job": "grafana"},
                "value": [1_700_000_000, "1"]}])
    );

    let range = api
        .run(
            ds.query_range()
                .datasource_uid(&uid)
                .query("up")
                .start(1_000)
                .end(1_120)
                .step("60s"),
        )
        .unwrap();
    assert_eq!(range["data"]["resultType"], "matrix");
    let series = range["data"]["result"].as_array().unwrap();
    assert_eq!(series.len(), 2);
    assert_eq!(
        series[0]["values"],
        json!([[1000, "1"], [1060, "1"], [1120, "1"]])
    );

    let found = api
        .run(
            ds.series()
                .datasource_uid(&uid)
                .match_("up")
                .match_("http_requests_total{code=\"500\"}")
                .start(0)
                .end(10),
        )
        .unwrap();
    assert_eq!(found["data"].as_array().unwrap().len(), 3);

    // The Prometheus error shape for a bad query, as Error::Api.
    let err = api
        .run(ds.query().datasource_uid(&uid).query("up{"))
        .unwrap_err();
    assert_eq!(err.kind(), Some(ErrorKind::BadInput), "{err}");
    let msg = err
        .api()
        .and_then(|e| e.message.clone())
        .unwrap_or_default();
    assert!(msg.starts_with("invalid parameter \"query\""), "{msg}");
    let err = api.run(ds.series().datasource_uid(&uid)).unwrap_err();
    assert_eq!(
        err.api().and_then(|e| e.message.as_deref()),
        Some("no match[] parameter provided")
    );

    // By numeric id (Grafana ≤ 12), and the deprecated dispatcher.
    if has_id_routes(&api) {
        let by_id = api
            .run(ds.query().datasource_id(id).query("up").timestamp(60))
            .unwrap();
        assert_eq!(by_id["data"]["result"].as_array().unwrap().len(), 2);
        let legacy = api
            .run(
                ds.get_datasource_proxy_data()
                    .datasource_id(id)
                    .query_type("query_range")
                    .expr("process_cpu_seconds_total")
                    .start(0)
                    .end(200)
                    .step(100),
            )
            .unwrap();
        assert_eq!(
            legacy["data"]["result"][0]["values"],
            json!([[0, "0"], [100, "0.01"], [200, "0.02"]])
        );
    }
    let instant = api
        .run(
            ds.get_datasource_proxy_data()
                .datasource_uid(&uid)
                .expr("42")
                .time(5),
        )
        .unwrap();
    assert_eq!(
        instant["data"],
        json!({"resultType": "scalar", "result": [5, "42"]})
    );

    // A missing data source and a non-proxy access segment.
    let err = api
        .run(ds.query().datasource_uid(unique("nope")).query("up"))
        .unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(
        err.api().and_then(|e| e.message.as_deref()),
        Some("Unable to find datasource")
    );
    let err = api
        .run(ds.query().datasource_uid(&uid).access("direct").query("up"))
        .unwrap_err();
    assert!(err.is_not_found(), "only proxy/ exists: {err}");

    api.run(ds.delete_datasource_by_uid(&uid)).unwrap();
}

fn datasource_health_response_parsers<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let ds = api.datasource();
    assert_eq!(
        ds.parse_health_response_results(&json!({"results": {"test": {"refId": "test"}}})),
        (true, "Success".to_string())
    );
    assert_eq!(
        ds.parse_health_response_results(&json!({"nothing": 1})),
        (false, "FATAL: Response lacks the key 'results'".to_string())
    );
    assert_eq!(
        ds.parse_health_response_data(&json!({"data": ["job"]})),
        (true, "[\"job\"]".to_string())
    );
    assert!(
        !ds.parse_health_response_data(&json!({"data": [], "errors": ["boom"]}))
            .0
    );
}
