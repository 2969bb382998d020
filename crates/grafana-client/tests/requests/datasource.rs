//! `api.datasource()`: every method's request, the refusals made before
//! sending, Grafana's answers decoded losslessly, and the health parsers.

#![allow(deprecated)] // deprecated methods are pinned like the others

use grafana_client::models::{DataSource, DatasourceIdentifier};
use serde_json::{json, Value};

use crate::harness::*;

fn datasource_json() -> Value {
    json!({
        "id": 3, "uid": "prom-main", "orgId": 1, "name": "Prometheus", "type": "prometheus",
        "typeLogoUrl": "public/app/plugins/datasource/prometheus/img/prometheus_logo.svg",
        "access": "proxy", "url": "http://prometheus:9090", "user": "", "database": "",
        "basicAuth": true, "basicAuthUser": "grafana", "withCredentials": false, "isDefault": true,
        "jsonData": {"httpMethod": "POST", "timeInterval": "15s"},
        "secureJsonFields": {"basicAuthPassword": true}, "version": 2, "readOnly": false,
        "accessControl": {"datasources:write": true, "datasources:delete": false}, "apiVersion": ""
    })
}

fn saved_json(message: &str) -> Value {
    json!({"datasource": datasource_json(), "id": 3, "message": message, "name": "Prometheus"})
}

/// A command to create or update a data source, as a caller writes it.
fn command() -> Value {
    json!({
        "name": "Prometheus", "type": "prometheus", "uid": "prom-main",
        "url": "http://prometheus:9090", "access": "proxy", "basicAuth": true,
        "basicAuthUser": "grafana", "jsonData": {"httpMethod": "POST"},
        "secureJsonData": {"basicAuthPassword": "s3cret"}
    })
}

#[test]
fn requests() {
    let d = api().datasource();
    let perms = "api/access-control/datasources/prom-main";
    let one = json!({"teamId": 5, "permission": "Query"});
    let two = json!([{"userId": 2, "permission": "Edit"}, {"builtInRole": "Viewer", "permission": ""}]);
    // A fetched data source goes back whole, unknown fields included.
    let mut fetched: DataSource = serde_json::from_value(datasource_json()).expect("decodes");
    fetched.url = Some("http://prometheus-2:9090".into());
    let mut fetched_body = datasource_json();
    fetched_body["url"] = json!("http://prometheus-2:9090");
    let proxy = "api/datasources/proxy";
    check_all([
        ("health", d.health("prom-main").into_request(), req("GET", "api/datasources/uid/prom-main/health")),
        ("get_datasource_by_uid", d.get_datasource_by_uid("prom-main").into_request(), req("GET", "api/datasources/uid/prom-main")),
        ("get_datasource_by_id", d.get_datasource_by_id(3).into_request(), req("GET", "api/datasources/3")),
        ("get_datasource_by_id(-1)", d.get_datasource_by_id(-1).into_request(), req("GET", "api/datasources/-1")),
        ("get_datasource_by_id(max)", d.get_datasource_by_id(i64::MAX).into_request(), req("GET", "api/datasources/9223372036854775807")),
        ("get_datasource_by_name", d.get_datasource_by_name("Prometheus (prod)").into_request(), req("GET", "api/datasources/name/Prometheus%20%28prod%29")),
        ("find_datasource", d.find_datasource("Prometheus").into_request(), req("GET", "api/datasources/name/Prometheus")),
        ("get_datasource_id_by_name", d.get_datasource_id_by_name("Prometheus").into_request(), req("GET", "api/datasources/id/Prometheus")),
        ("get(Id)", d.get(&DatasourceIdentifier::Id(3)).into_request(), req("GET", "api/datasources/3")),
        ("get(Uid)", d.get(&DatasourceIdentifier::Uid("prom-main".into())).into_request(), req("GET", "api/datasources/uid/prom-main")),
        ("get(Name)", d.get(&DatasourceIdentifier::Name("Prometheus".into())).into_request(), req("GET", "api/datasources/name/Prometheus")),
        ("list_datasources", d.list_datasources().into_request(), req("GET", "api/datasources")),
        ("create_datasource", d.create_datasource(&command()).into_request(), req("POST", "api/datasources").body(command())),
        ("update_datasource", d.update_datasource(3, &command()).into_request(), req("PUT", "api/datasources/3").body(command())),
        ("update_datasource_by_uid", d.update_datasource_by_uid("prom-main", &command()).into_request(), req("PUT", "api/datasources/uid/prom-main").body(command())),
        ("update_datasource_by_uid(fetched)", d.update_datasource_by_uid("prom-main", &fetched).into_request(), req("PUT", "api/datasources/uid/prom-main").body(fetched_body)),
        ("delete_datasource_by_id", d.delete_datasource_by_id(3).into_request(), req("DELETE", "api/datasources/3")),
        ("delete_datasource_by_name", d.delete_datasource_by_name("Prometheus").into_request(), req("DELETE", "api/datasources/name/Prometheus")),
        ("delete_datasource_by_uid", d.delete_datasource_by_uid("prom-main").into_request(), req("DELETE", "api/datasources/uid/prom-main")),
        ("enable_datasource_permissions", d.enable_datasource_permissions(3).into_request(), req("POST", "api/datasources/3/enable-permissions").body(json!({}))),
        ("disable_datasource_permissions", d.disable_datasource_permissions(3).into_request(), req("POST", "api/datasources/3/disable-permissions").body(json!({}))),
        ("get_datasource_permissions", d.get_datasource_permissions("prom-main").into_request(), req("GET", perms)),
        // one object: a one-item list; a list: wrapped; Grafana's own body: as is; [] sent as such
        ("add_datasource_permissions(object)", d.add_datasource_permissions("prom-main", &one).into_request(), req("POST", perms).body(json!({"permissions": [one.clone()]}))),
        ("add_datasource_permissions(list)", d.add_datasource_permissions("prom-main", &two).into_request(), req("POST", perms).body(json!({"permissions": two.clone()}))),
        ("add_datasource_permissions(body)", d.add_datasource_permissions("prom-main", &json!({"permissions": [one.clone()]})).into_request(), req("POST", perms).body(json!({"permissions": [one.clone()]}))),
        ("add_datasource_permissions([])", d.add_datasource_permissions("prom-main", &json!([])).into_request(), req("POST", perms).body(json!({"permissions": []}))),
        ("remove_datasource_permissions", d.remove_datasource_permissions(3, 7).into_request(), req("DELETE", "api/datasources/3/permissions/7")),
        (
            "query(all options)",
            d.query().datasource_uid("prom-main").query("sum(rate(x[5m])) > 1 & y").timestamp(1_700_000_000).access("proxy").into_request(),
            req("POST", "api/datasources/proxy/uid/prom-main/api/v1/query").query(&[("query", "sum(rate(x[5m])) > 1 & y"), ("time", "1700000000")]).ordered(),
        ),
        ("query(id only)", d.query().datasource_id(3).into_request(), req("POST", &format!("{proxy}/3/api/v1/query"))),
        // the id wins over the uid, as in the Python package
        ("query(id and uid)", d.query().datasource_uid("prom-main").datasource_id(3).query("up").into_request(), req("POST", &format!("{proxy}/3/api/v1/query")).query(&[("query", "up")])),
        (
            "query_range(all options)",
            d.query_range().datasource_uid("prom-main").query("up{job=\"api\"}").start("2024-01-01T00:00:00Z").end(1_704_070_800).step("15s").into_request(),
            req("POST", "api/datasources/proxy/uid/prom-main/api/v1/query_range")
                .query(&[("query", "up{job=\"api\"}"), ("start", "2024-01-01T00:00:00Z"), ("end", "1704070800"), ("step", "15s")]).ordered(),
        ),
        ("query_range(id only)", d.query_range().datasource_id(3).into_request(), req("POST", &format!("{proxy}/3/api/v1/query_range"))),
        (
            "series(all options)",
            d.series().datasource_uid("prom-main").match_("up").match_("process_start_time_seconds{job=\"prometheus\"}").start(1_700_000_000.5).end("2024-01-01T00:00:00Z").into_request(),
            req("POST", "api/datasources/proxy/uid/prom-main/api/v1/series")
                .query(&[("match[]", "up"), ("match[]", "process_start_time_seconds{job=\"prometheus\"}"), ("start", "1700000000.5"), ("end", "2024-01-01T00:00:00Z")]).ordered(),
        ),
        ("series(id only)", d.series().datasource_id(3).into_request(), req("POST", &format!("{proxy}/3/api/v1/series"))),
        // an instant query ignores the range options
        (
            "get_datasource_proxy_data(instant)",
            d.get_datasource_proxy_data().datasource_id(3).version("v1").expr("up").time(1_700_000_000).start(1).end(2).step(3).into_request(),
            req("POST", &format!("{proxy}/3/api/v1/query")).query(&[("query", "up"), ("time", "1700000000")]).ordered(),
        ),
        (
            "get_datasource_proxy_data(range)",
            d.get_datasource_proxy_data().datasource_uid("prom-main").query_type("query_range").expr("up").time(9).start(1_700_000_000).end(1_700_003_600).step(60).access("proxy").into_request(),
            req("POST", "api/datasources/proxy/uid/prom-main/api/v1/query_range").query(&[("query", "up"), ("start", "1700000000"), ("end", "1700003600"), ("step", "60")]).ordered(),
        ),
        ("get_datasource_proxy_data(id only)", d.get_datasource_proxy_data().datasource_id(3).into_request(), req("POST", &format!("{proxy}/3/api/v1/query"))),
        ("get_datasource_proxy_data(v2)", d.get_datasource_proxy_data().datasource_id(3).version("v2").into_request(), req("POST", &format!("{proxy}/3/api/v2/query"))),
    ]);
}

#[test]
fn refusals() {
    let d = api().datasource();
    for bad in [json!("Query"), json!(1), json!(null)] {
        refused(&format!("add_datasource_permissions({bad})"), d.add_datasource_permissions("prom-main", &bad).into_request(), "permissions");
    }
    refused("query without data source", d.query().query("up").into_request(), "datasource_id");
    refused("query_range without data source", d.query_range().query("up").into_request(), "datasource_id");
    refused("series without data source", d.series().match_("up").into_request(), "datasource_id");
    refused("proxy data: unknown query type", d.get_datasource_proxy_data().datasource_id(3).query_type("series").into_request(), "query_type");
    refused("proxy data without data source", d.get_datasource_proxy_data().expr("up").into_request(), "datasource_id");
}

#[test]
fn decodes() {
    let d = api().datasource();
    let prometheus = json!({"status": "success", "data": {"resultType": "vector",
        "result": [{"metric": {"__name__": "up", "job": "prometheus"}, "value": [1700000000.5, "1"]}]}});
    check_decodes([
        ("health", lossless(d.health("u"), json!({"status": "OK", "message": "Successfully queried the Prometheus API.", "details": {"verboseMessage": "up"}, "errorLink": ""}))),
        ("get_datasource_by_uid", lossless(d.get_datasource_by_uid("u"), datasource_json())),
        ("get_datasource_id_by_name", lossless(d.get_datasource_id_by_name("n"), json!({"id": 3}))),
        ("list_datasources", lossless(d.list_datasources(), json!([
            {"id": 3, "uid": "prom-main", "orgId": 1, "name": "Prometheus", "type": "prometheus",
             "typeName": "Prometheus", "typeLogoUrl": "public/img/prom.svg", "access": "proxy",
             "url": "http://prometheus:9090", "user": "", "database": "", "basicAuth": false,
             "isDefault": true, "jsonData": {"httpMethod": "POST"}, "readOnly": false},
            {"id": 4, "uid": "loki", "orgId": 1, "name": "Loki", "type": "loki", "typeName": "Loki",
             "access": "proxy", "url": "http://loki:3100", "isDefault": false, "jsonData": {},
             "readOnly": true, "apiVersion": "v1"}
        ]))),
        ("create_datasource", lossless(d.create_datasource(&command()), saved_json("Datasource added"))),
        // Grafana before 8 answers without the data source
        ("create_datasource(old)", lossless(d.create_datasource(&command()), json!({"id": 3, "message": "Datasource added", "name": "Prometheus"}))),
        ("update_datasource", lossless(d.update_datasource(3, &command()), saved_json("Datasource updated"))),
        ("delete_datasource_by_id", lossless(d.delete_datasource_by_id(3), json!({"message": "Data source deleted"}))),
        ("delete_datasource_by_uid", lossless(d.delete_datasource_by_uid("u"), json!({"message": "Data source deleted", "id": 3}))),
        ("get_datasource_permissions", lossless(d.get_datasource_permissions("u"), json!([
            {"id": 11, "roleName": "managed:users:2:permissions", "isManaged": true,
             "isInherited": false, "isServiceAccount": false, "userId": 2, "userUid": "u2",
             "userLogin": "editor", "userAvatarUrl": "/avatar/abc",
             "actions": ["datasources:query", "datasources:read"], "permission": "Query"},
            {"id": 12, "roleName": "managed:builtins:editor:permissions", "isManaged": true,
             "isInherited": false, "isServiceAccount": false, "builtInRole": "Editor",
             "actions": ["datasources:query"], "permission": "Query"},
            {"id": 13, "roleName": "managed:teams:5:permissions", "isManaged": true,
             "isInherited": false, "isServiceAccount": false, "teamId": 5, "teamUid": "t5",
             "team": "SRE", "teamAvatarUrl": "/avatar/def",
             "actions": ["datasources:write"], "permission": "Edit"}
        ]))),
        ("add_datasource_permissions", lossless(d.add_datasource_permissions("u", &json!([])), json!({"message": "Permissions updated"}))),
        ("query", lossless(d.query().datasource_id(3), prometheus.clone())),
        ("query_range", lossless(d.query_range().datasource_id(3), json!({"status": "success", "data": {"resultType": "matrix", "result": []}}))),
        ("series", lossless(d.series().datasource_id(3), json!({"status": "success", "data": [{"__name__": "up", "job": "prometheus", "instance": "localhost:9090"}]}))),
        ("get_datasource_proxy_data", lossless(d.get_datasource_proxy_data().datasource_id(3), prometheus)),
    ]);
    // the typed fields that carry renamed keys
    let ds = answer(d.get_datasource_by_uid("u"), datasource_json());
    assert_eq!((ds.kind.as_str(), ds.extra.len(), &ds.extra["apiVersion"]), ("prometheus", 1, &json!("")));
}

#[test]
fn health_parsers() {
    let d = api().datasource();
    let dict = "FATAL: Unable to decode result from dictionary-type response.";
    let list = "FATAL: Unable to decode result from list-type response.";
    let results = [
        (json!({"results": {"test": {"frames": [{"schema": {"meta": {"executedQueryString": "SELECT 1"}}}]}}}), true, "SELECT 1".to_owned()),
        (json!({"results": {"test": {"frames": []}}}), true, "Success".to_owned()),
        (json!({"results": {"test": {"frames": {}}}}), false, format!("{dict} TypeError: DataFrame response detected, but 'frames' is not a list")),
        (json!({"results": {"test": {"refId": "test", "meta": {"executedQueryString": "up"}}}}), true, "up".to_owned()),
        (json!({"results": {"test": {"refId": "test"}}}), true, "Success".to_owned()),
        (json!({"results": {"test": {"error": "x"}}}), false, format!("{dict} TypeError: Invalid response format")),
        (json!({"results": {"other": {}}}), false, format!("{dict} KeyError: 'test'")),
        (json!({"results": [{"statement_id": 0, "series": []}]}), true, "Success".to_owned()),
        (json!({"results": [{"statement_id": 0, "error": "database not found: x"}]}), false, "database not found: x".to_owned()),
        (json!({"results": [{"statement_id": 0}]}), false, format!("{list} KeyError: 'series'")),
        (json!({"results": []}), false, format!("{list} IndexError: list index out of range")),
        (json!({"results": "nope"}), false, "FATAL: Unknown response type '<class 'str'>'. Expected: dictionary or list.".to_owned()),
        (json!({}), false, "FATAL: Response lacks the key 'results'".to_owned()),
    ];
    for (response, success, message) in results {
        assert_eq!(d.parse_health_response_results(&response), (success, message), "{response}");
    }
    let data = [
        (json!({"data": ["jaeger-query"], "total": 1, "limit": 0, "offset": 0, "errors": null}), true, r#"["jaeger-query"]"#),
        (json!({"status": "success", "data": ["__name__"]}), true, r#"["__name__"]"#),
        (json!({"data": "text", "errors": []}), true, "text"),
        (json!({"data": [], "errors": [{"code": 1, "msg": "bad"}]}), false, r#"[{"code":1,"msg":"bad"}]"#),
        (json!({"data": null, "errors": "boom"}), false, "boom"),
        (json!({"errors": "boom"}), false, "FATAL: Response lacks the key 'data'"),
    ];
    for (response, success, message) in data {
        assert_eq!(d.parse_health_response_data(&response), (success, message.to_owned()), "{response}");
    }
}
