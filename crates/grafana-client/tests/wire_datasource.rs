//! The `datasource` element, async and blocking: the exact request of every
//! method (verb, raw path, query string, JSON body), the decoding of
//! realistic Grafana answers, and hostile path values.

// The deprecated methods are tested like the others.
#![allow(deprecated)]

mod wire_common;

use grafana_client::elements::Datasource;
use grafana_client::models::{
    DataSource, DataSourceHealth, DataSourceId, DataSourceListItem, DataSourcePermission,
    DataSourceSaved, DatasourceIdentifier, Message,
};
use grafana_client::{Call, Client, Endpoint, Error, ErrorKind};
use serde_json::{json, Value};
use wire_common::*;

// ---------------------------------------------------------------- helpers

fn ds<M: Mode>(api: &M::Api) -> Datasource<M::Api> {
    api.datasource()
}

/// What the one request of an exchange must look like.
struct Want<'a> {
    method: &'a str,
    path: &'a str,
    query: Option<&'a str>,
    body: Option<Value>,
}

fn want<'a>(method: &'a str, path: &'a str) -> Want<'a> {
    Want {
        method,
        path,
        query: None,
        body: None,
    }
}

impl<'a> Want<'a> {
    fn query(mut self, query: &'a str) -> Self {
        self.query = Some(query);
        self
    }

    fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
}

/// Sends one call to a server answering `served`, checks the one request it
/// made, and returns the decoded answer.
fn exchange<M: Mode, E: Endpoint>(
    served: &Value,
    make: impl FnOnce(&M::Api) -> Call<M::Api, E>,
    want: Want<'_>,
) -> E::Output {
    let env = Env::new();
    env.answer_json(200, served.clone());
    let api = M::build(env.builder()).unwrap();
    let ctx = format!("{} {} {}", M::NAME, want.method, want.path);
    let out = M::send(&env, make(&api)).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
    let r = env.only_request(&ctx);
    assert_request(
        &r,
        want.method,
        want.path,
        want.query,
        want.body.as_ref(),
        &ctx,
    );
    out
}

/// Sends a call that must be refused before sending, naming `param`.
fn refused<M: Mode, E: Endpoint>(
    make: impl FnOnce(&M::Api) -> Call<M::Api, E>,
    param: &str,
    ctx: &str,
) {
    let env = Env::new();
    env.answer_json(200, json!({}));
    let api = M::build(env.builder()).unwrap();
    match M::send(&env, make(&api)) {
        Err(Error::InvalidArgument { name, reason }) => {
            assert_eq!(name, param, "{ctx}");
            assert!(!reason.is_empty(), "{ctx}");
        }
        Err(other) => panic!("{ctx}: expected InvalidArgument, got {other:?}"),
        Ok(_) => panic!("{ctx}: expected InvalidArgument, got an answer"),
    }
    assert!(env.requests().is_empty(), "{ctx}: nothing may be sent");
}

fn lossless<T: serde::Serialize>(model: &T, served: &Value) {
    assert_eq!(&serde_json::to_value(model).unwrap(), served, "lossless");
}

// ----------------------------------------------------------------- models

fn datasource_json() -> Value {
    json!({
        "id": 3,
        "uid": "prom-main",
        "orgId": 1,
        "name": "Prometheus",
        "type": "prometheus",
        "typeLogoUrl": "public/app/plugins/datasource/prometheus/img/prometheus_logo.svg",
        "access": "proxy",
        "url": "http://prometheus:9090",
        "user": "",
        "database": "",
        "basicAuth": true,
        "basicAuthUser": "grafana",
        "withCredentials": false,
        "isDefault": true,
        "jsonData": {"httpMethod": "POST", "timeInterval": "15s"},
        "secureJsonFields": {"basicAuthPassword": true},
        "version": 2,
        "readOnly": false,
        "accessControl": {"datasources:write": true, "datasources:delete": false},
        "apiVersion": ""
    })
}

fn check_datasource(d: &DataSource) {
    assert_eq!(d.id, Some(3));
    assert_eq!(d.uid, "prom-main");
    assert_eq!(d.org_id, Some(1));
    assert_eq!(d.name, "Prometheus");
    assert_eq!(d.kind, "prometheus");
    assert_eq!(
        d.type_logo_url.as_deref(),
        Some("public/app/plugins/datasource/prometheus/img/prometheus_logo.svg")
    );
    assert_eq!(d.access.as_deref(), Some("proxy"));
    assert_eq!(d.url.as_deref(), Some("http://prometheus:9090"));
    assert_eq!(d.user.as_deref(), Some(""));
    assert_eq!(d.database.as_deref(), Some(""));
    assert_eq!(d.basic_auth, Some(true));
    assert_eq!(d.basic_auth_user.as_deref(), Some("grafana"));
    assert_eq!(d.with_credentials, Some(false));
    assert_eq!(d.is_default, Some(true));
    assert_eq!(d.json_data.as_ref().unwrap()["timeInterval"], "15s");
    assert!(d.secure_json_fields.as_ref().unwrap()["basicAuthPassword"]);
    assert_eq!(d.version, Some(2));
    assert_eq!(d.read_only, Some(false));
    assert!(!d.access_control.as_ref().unwrap()["datasources:delete"]);
    assert_eq!(d.extra.len(), 1);
    assert_eq!(d.extra["apiVersion"], "");
    lossless(d, &datasource_json());
}

fn saved_json(message: &str) -> Value {
    json!({"datasource": datasource_json(), "id": 3, "message": message, "name": "Prometheus"})
}

fn check_saved(s: &DataSourceSaved, message: &str) {
    assert_eq!(s.message, message);
    assert_eq!(s.id, Some(3));
    assert_eq!(s.name.as_deref(), Some("Prometheus"));
    check_datasource(s.datasource.as_ref().unwrap());
    assert!(s.extra.is_empty());
    lossless(s, &saved_json(message));
}

/// A command to create or update a data source, as a caller writes it.
fn command() -> Value {
    json!({
        "name": "Prometheus",
        "type": "prometheus",
        "uid": "prom-main",
        "url": "http://prometheus:9090",
        "access": "proxy",
        "basicAuth": true,
        "basicAuthUser": "grafana",
        "jsonData": {"httpMethod": "POST"},
        "secureJsonData": {"basicAuthPassword": "s3cret"}
    })
}

/// A Prometheus answer, as the data source proxy passes it through.
fn prometheus_json() -> Value {
    json!({
        "status": "success",
        "data": {
            "resultType": "vector",
            "result": [{"metric": {"__name__": "up", "job": "prometheus"}, "value": [1700000000.5, "1"]}]
        }
    })
}

// ---------------------------------------------------------------- lookups

fn health<M: Mode>() {
    let served = json!({
        "status": "OK",
        "message": "Successfully queried the Prometheus API.",
        "details": {"verboseMessage": "up"},
        "errorLink": ""
    });
    let h: DataSourceHealth = exchange::<M, _>(
        &served,
        |a| ds::<M>(a).health("prom-main"),
        want("GET", "/api/datasources/uid/prom-main/health"),
    );
    assert_eq!(h.status, "OK");
    assert_eq!(h.message, "Successfully queried the Prometheus API.");
    assert_eq!(h.details, Some(json!({"verboseMessage": "up"})));
    assert_eq!(h.extra.len(), 1);
    assert_eq!(h.extra["errorLink"], "");
    lossless(&h, &served);

    // A failing check is Grafana's 400 with status ERROR.
    let env = Env::new();
    env.answer_json(
        400,
        json!({"status": "ERROR", "message": "Post \"http://prometheus:9090/api/v1/query\": dial tcp: connection refused"}),
    );
    let api = M::build(env.builder()).unwrap();
    let err = M::send(&env, ds::<M>(&api).health("prom-main")).unwrap_err();
    assert_eq!(err.kind(), Some(ErrorKind::BadInput));
    assert_eq!(err.api().unwrap().status_text.as_deref(), Some("ERROR"));
}

fn get_datasource_by_uid<M: Mode>() {
    let d = exchange::<M, _>(
        &datasource_json(),
        |a| ds::<M>(a).get_datasource_by_uid("prom-main"),
        want("GET", "/api/datasources/uid/prom-main"),
    );
    check_datasource(&d);
}

fn get_datasource_by_id<M: Mode>() {
    let d = exchange::<M, _>(
        &datasource_json(),
        |a| ds::<M>(a).get_datasource_by_id(3),
        want("GET", "/api/datasources/3"),
    );
    check_datasource(&d);
    // Negative and large ids are numbers, nothing more.
    exchange::<M, _>(
        &datasource_json(),
        |a| ds::<M>(a).get_datasource_by_id(-1),
        want("GET", "/api/datasources/-1"),
    );
    exchange::<M, _>(
        &datasource_json(),
        |a| ds::<M>(a).get_datasource_by_id(i64::MAX),
        want("GET", "/api/datasources/9223372036854775807"),
    );
}

fn get_datasource_by_name<M: Mode>() {
    let d = exchange::<M, _>(
        &datasource_json(),
        |a| ds::<M>(a).get_datasource_by_name("Prometheus (prod)"),
        want("GET", "/api/datasources/name/Prometheus%20%28prod%29"),
    );
    check_datasource(&d);
}

fn find_datasource<M: Mode>() {
    let d = exchange::<M, _>(
        &datasource_json(),
        |a| ds::<M>(a).find_datasource("Prometheus"),
        want("GET", "/api/datasources/name/Prometheus"),
    );
    check_datasource(&d);
}

fn get_datasource_id_by_name<M: Mode>() {
    let served = json!({"id": 3});
    let id: DataSourceId = exchange::<M, _>(
        &served,
        |a| ds::<M>(a).get_datasource_id_by_name("Prometheus"),
        want("GET", "/api/datasources/id/Prometheus"),
    );
    assert_eq!(id.id, 3);
    assert!(id.extra.is_empty());
    lossless(&id, &served);
}

fn get<M: Mode>() {
    let cases = [
        (DatasourceIdentifier::Id(3), "/api/datasources/3"),
        (
            DatasourceIdentifier::Uid("prom-main".into()),
            "/api/datasources/uid/prom-main",
        ),
        (
            DatasourceIdentifier::Name("Prometheus".into()),
            "/api/datasources/name/Prometheus",
        ),
    ];
    for (ident, path) in cases {
        let d = exchange::<M, _>(
            &datasource_json(),
            |a| ds::<M>(a).get(&ident),
            want("GET", path),
        );
        check_datasource(&d);
    }
}

fn list_datasources<M: Mode>() {
    let served = json!([
        {
            "id": 3, "uid": "prom-main", "orgId": 1, "name": "Prometheus", "type": "prometheus",
            "typeName": "Prometheus", "typeLogoUrl": "public/img/prom.svg", "access": "proxy",
            "url": "http://prometheus:9090", "user": "", "database": "", "basicAuth": false,
            "isDefault": true, "jsonData": {"httpMethod": "POST"}, "readOnly": false
        },
        {
            "id": 4, "uid": "loki", "orgId": 1, "name": "Loki", "type": "loki",
            "typeName": "Loki", "access": "proxy", "url": "http://loki:3100",
            "isDefault": false, "jsonData": {}, "readOnly": true, "apiVersion": "v1"
        }
    ]);
    let list: Vec<DataSourceListItem> = exchange::<M, _>(
        &served,
        |a| ds::<M>(a).list_datasources(),
        want("GET", "/api/datasources"),
    );
    assert_eq!(list.len(), 2);
    let p = &list[0];
    assert_eq!(p.id, Some(3));
    assert_eq!(p.uid, "prom-main");
    assert_eq!(p.org_id, Some(1));
    assert_eq!(p.name, "Prometheus");
    assert_eq!(p.kind, "prometheus");
    assert_eq!(p.type_name.as_deref(), Some("Prometheus"));
    assert_eq!(p.type_logo_url.as_deref(), Some("public/img/prom.svg"));
    assert_eq!(p.access.as_deref(), Some("proxy"));
    assert_eq!(p.url.as_deref(), Some("http://prometheus:9090"));
    assert_eq!(p.user.as_deref(), Some(""));
    assert_eq!(p.database.as_deref(), Some(""));
    assert_eq!(p.basic_auth, Some(false));
    assert_eq!(p.is_default, Some(true));
    assert_eq!(p.json_data, Some(json!({"httpMethod": "POST"})));
    assert_eq!(p.read_only, Some(false));
    assert!(p.extra.is_empty());
    let l = &list[1];
    assert_eq!(l.kind, "loki");
    assert_eq!(l.type_logo_url, None);
    assert_eq!(l.read_only, Some(true));
    assert_eq!(l.extra.len(), 1);
    assert_eq!(l.extra["apiVersion"], "v1");
    lossless(&list, &served);
}

// ----------------------------------------------------------- create/update

fn create_datasource<M: Mode>() {
    let s = exchange::<M, _>(
        &saved_json("Datasource added"),
        |a| ds::<M>(a).create_datasource(&command()),
        want("POST", "/api/datasources").body(command()),
    );
    check_saved(&s, "Datasource added");

    // Grafana before 8 answers without the data source.
    let old = json!({"id": 3, "message": "Datasource added", "name": "Prometheus"});
    let s = exchange::<M, _>(
        &old,
        |a| ds::<M>(a).create_datasource(&command()),
        want("POST", "/api/datasources").body(command()),
    );
    assert_eq!(s.datasource, None);
    lossless(&s, &old);
}

fn update_datasource<M: Mode>() {
    let s = exchange::<M, _>(
        &saved_json("Datasource updated"),
        |a| ds::<M>(a).update_datasource(3, &command()),
        want("PUT", "/api/datasources/3").body(command()),
    );
    check_saved(&s, "Datasource updated");
}

fn update_datasource_by_uid<M: Mode>() {
    let s = exchange::<M, _>(
        &saved_json("Datasource updated"),
        |a| ds::<M>(a).update_datasource_by_uid("prom-main", &command()),
        want("PUT", "/api/datasources/uid/prom-main").body(command()),
    );
    check_saved(&s, "Datasource updated");

    // A fetched data source goes back whole, unknown fields included.
    let mut fetched: DataSource = serde_json::from_value(datasource_json()).unwrap();
    fetched.url = Some("http://prometheus-2:9090".into());
    let mut expected = datasource_json();
    expected["url"] = json!("http://prometheus-2:9090");
    exchange::<M, _>(
        &saved_json("Datasource updated"),
        |a| ds::<M>(a).update_datasource_by_uid("prom-main", &fetched),
        want("PUT", "/api/datasources/uid/prom-main").body(expected),
    );
}

// ---------------------------------------------------------------- deletes

fn delete_datasource_by_id<M: Mode>() {
    let served = json!({"message": "Data source deleted"});
    let m: Message = exchange::<M, _>(
        &served,
        |a| ds::<M>(a).delete_datasource_by_id(3),
        want("DELETE", "/api/datasources/3"),
    );
    assert_eq!(m.message, "Data source deleted");
    assert_eq!(m.id, None);
    lossless(&m, &served);
}

fn delete_datasource_by_name<M: Mode>() {
    let served = json!({"message": "Data source deleted", "id": 3});
    let m: Message = exchange::<M, _>(
        &served,
        |a| ds::<M>(a).delete_datasource_by_name("Prometheus"),
        want("DELETE", "/api/datasources/name/Prometheus"),
    );
    assert_eq!(m.message, "Data source deleted");
    assert_eq!(m.id, Some(3));
    assert!(m.extra.is_empty());
    lossless(&m, &served);
}

fn delete_datasource_by_uid<M: Mode>() {
    let served = json!({"message": "Data source deleted", "id": 3});
    let m: Message = exchange::<M, _>(
        &served,
        |a| ds::<M>(a).delete_datasource_by_uid("prom-main"),
        want("DELETE", "/api/datasources/uid/prom-main"),
    );
    assert_eq!(m.message, "Data source deleted");
    assert_eq!(m.id, Some(3));
    lossless(&m, &served);
}

// ------------------------------------------------------------ permissions

fn enable_datasource_permissions<M: Mode>() {
    let served = json!({"message": "Datasource permissions enabled"});
    let m: Message = exchange::<M, _>(
        &served,
        |a| ds::<M>(a).enable_datasource_permissions(3),
        want("POST", "/api/datasources/3/enable-permissions").body(json!({})),
    );
    assert_eq!(m.message, "Datasource permissions enabled");
    lossless(&m, &served);
}

fn disable_datasource_permissions<M: Mode>() {
    let served = json!({"message": "Datasource permissions disabled"});
    let m: Message = exchange::<M, _>(
        &served,
        |a| ds::<M>(a).disable_datasource_permissions(3),
        want("POST", "/api/datasources/3/disable-permissions").body(json!({})),
    );
    assert_eq!(m.message, "Datasource permissions disabled");
    lossless(&m, &served);
}

fn get_datasource_permissions<M: Mode>() {
    let served = json!([
        {
            "id": 11, "roleName": "managed:users:2:permissions", "isManaged": true,
            "isInherited": false, "isServiceAccount": false, "userId": 2, "userUid": "u2",
            "userLogin": "editor", "userAvatarUrl": "/avatar/abc",
            "actions": ["datasources:query", "datasources:read"], "permission": "Query"
        },
        {
            "id": 12, "roleName": "managed:builtins:editor:permissions", "isManaged": true,
            "isInherited": false, "isServiceAccount": false, "builtInRole": "Editor",
            "actions": ["datasources:query"], "permission": "Query"
        },
        {
            "id": 13, "roleName": "managed:teams:5:permissions", "isManaged": true,
            "isInherited": false, "isServiceAccount": false, "teamId": 5, "teamUid": "t5",
            "team": "SRE", "teamAvatarUrl": "/avatar/def",
            "actions": ["datasources:write"], "permission": "Edit"
        }
    ]);
    let list: Vec<DataSourcePermission> = exchange::<M, _>(
        &served,
        |a| ds::<M>(a).get_datasource_permissions("prom-main"),
        want("GET", "/api/access-control/datasources/prom-main"),
    );
    assert_eq!(list.len(), 3);
    let u = &list[0];
    assert_eq!(u.id, Some(11));
    assert_eq!(u.role_name.as_deref(), Some("managed:users:2:permissions"));
    assert_eq!(u.is_managed, Some(true));
    assert_eq!(u.is_inherited, Some(false));
    assert_eq!(u.is_service_account, Some(false));
    assert_eq!(u.user_id, Some(2));
    assert_eq!(u.user_login.as_deref(), Some("editor"));
    assert_eq!(u.team_id, None);
    assert_eq!(
        u.actions.as_deref(),
        Some(
            &[
                "datasources:query".to_owned(),
                "datasources:read".to_owned()
            ][..]
        )
    );
    assert_eq!(u.permission.as_deref(), Some("Query"));
    assert_eq!(u.extra.len(), 2);
    assert_eq!(u.extra["userUid"], "u2");
    assert_eq!(list[1].built_in_role.as_deref(), Some("Editor"));
    assert_eq!(list[2].team_id, Some(5));
    assert_eq!(list[2].team.as_deref(), Some("SRE"));
    assert_eq!(list[2].permission.as_deref(), Some("Edit"));
    lossless(&list, &served);
}

fn add_datasource_permissions<M: Mode>() {
    let served = json!({"message": "Permissions updated"});
    let one = json!({"teamId": 5, "permission": "Query"});
    let two =
        json!([{"userId": 2, "permission": "Edit"}, {"builtInRole": "Viewer", "permission": ""}]);
    let cases = [
        // one object: a one-item list
        (one.clone(), json!({"permissions": [one.clone()]})),
        // a list: wrapped
        (two.clone(), json!({"permissions": two.clone()})),
        // Grafana's own body: as it is
        (
            json!({"permissions": [one.clone()]}),
            json!({"permissions": [one.clone()]}),
        ),
        // an empty list changes nothing, and is sent as such
        (json!([]), json!({"permissions": []})),
    ];
    for (given, body) in cases {
        let m: Message = exchange::<M, _>(
            &served,
            |a| ds::<M>(a).add_datasource_permissions("prom-main", &given),
            want("POST", "/api/access-control/datasources/prom-main").body(body),
        );
        assert_eq!(m.message, "Permissions updated");
        lossless(&m, &served);
    }
    for bad in [json!("Query"), json!(1), json!(null)] {
        refused::<M, _>(
            |a| ds::<M>(a).add_datasource_permissions("prom-main", &bad),
            "permissions",
            &format!("add_datasource_permissions {bad}"),
        );
    }
}

fn remove_datasource_permissions<M: Mode>() {
    let served = json!({"message": "Datasource permission removed"});
    let m: Message = exchange::<M, _>(
        &served,
        |a| ds::<M>(a).remove_datasource_permissions(3, 7),
        want("DELETE", "/api/datasources/3/permissions/7"),
    );
    assert_eq!(m.message, "Datasource permission removed");
    lossless(&m, &served);
}

// ---------------------------------------------------------------- queries

fn query<M: Mode>() {
    let served = prometheus_json();
    // every option
    let out: Value = exchange::<M, _>(
        &served,
        |a| {
            ds::<M>(a)
                .query()
                .datasource_uid("prom-main")
                .query("sum(rate(x[5m])) > 1 & y")
                .timestamp(1_700_000_000)
                .access("proxy")
        },
        want("POST", "/api/datasources/proxy/uid/prom-main/api/v1/query")
            .query("query=sum%28rate%28x%5B5m%5D%29%29+%3E+1+%26+y&time=1700000000"),
    );
    assert_eq!(out, served);
    // only the data source: no parameters at all
    exchange::<M, _>(
        &served,
        |a| ds::<M>(a).query().datasource_id(3),
        want("POST", "/api/datasources/proxy/3/api/v1/query"),
    );
    // the id wins, as in the Python package
    exchange::<M, _>(
        &served,
        |a| {
            ds::<M>(a)
                .query()
                .datasource_uid("prom-main")
                .datasource_id(3)
                .query("up")
        },
        want("POST", "/api/datasources/proxy/3/api/v1/query").query("query=up"),
    );
    // no data source: refused unsent
    refused::<M, _>(
        |a| ds::<M>(a).query().query("up"),
        "datasource_id",
        "query without data source",
    );
}

fn query_range<M: Mode>() {
    let served = json!({"status": "success", "data": {"resultType": "matrix", "result": []}});
    let out: Value = exchange::<M, _>(
        &served,
        |a| {
            ds::<M>(a)
                .query_range()
                .datasource_uid("prom-main")
                .query("up{job=\"api\"}")
                .start("2024-01-01T00:00:00Z")
                .end(1_704_070_800)
                .step("15s")
        },
        want(
            "POST",
            "/api/datasources/proxy/uid/prom-main/api/v1/query_range",
        )
        .query(
            "query=up%7Bjob%3D%22api%22%7D&start=2024-01-01T00%3A00%3A00Z&end=1704070800&step=15s",
        ),
    );
    assert_eq!(out, served);
    exchange::<M, _>(
        &served,
        |a| ds::<M>(a).query_range().datasource_id(3),
        want("POST", "/api/datasources/proxy/3/api/v1/query_range"),
    );
    refused::<M, _>(
        |a| ds::<M>(a).query_range().query("up"),
        "datasource_id",
        "query_range without data source",
    );
}

fn series<M: Mode>() {
    let served = json!({"status": "success", "data": [{"__name__": "up", "job": "prometheus", "instance": "localhost:9090"}]});
    let out: Value = exchange::<M, _>(
        &served,
        |a| {
            ds::<M>(a)
                .series()
                .datasource_uid("prom-main")
                .match_("up")
                .match_("process_start_time_seconds{job=\"prometheus\"}")
                .start(1_700_000_000.5)
                .end("2024-01-01T00:00:00Z")
        },
        want("POST", "/api/datasources/proxy/uid/prom-main/api/v1/series").query(
            "match%5B%5D=up&match%5B%5D=process_start_time_seconds%7Bjob%3D%22prometheus%22%7D&start=1700000000.5&end=2024-01-01T00%3A00%3A00Z",
        ),
    );
    assert_eq!(out, served);
    exchange::<M, _>(
        &served,
        |a| ds::<M>(a).series().datasource_id(3),
        want("POST", "/api/datasources/proxy/3/api/v1/series"),
    );
    refused::<M, _>(
        |a| ds::<M>(a).series().match_("up"),
        "datasource_id",
        "series without data source",
    );
}

fn get_datasource_proxy_data<M: Mode>() {
    let served = prometheus_json();
    // default query type: an instant query, with every instant option
    let out: Value = exchange::<M, _>(
        &served,
        |a| {
            ds::<M>(a)
                .get_datasource_proxy_data()
                .datasource_id(3)
                .version("v1")
                .expr("up")
                .time(1_700_000_000)
                // range options do not belong to an instant query
                .start(1)
                .end(2)
                .step(3)
        },
        want("POST", "/api/datasources/proxy/3/api/v1/query").query("query=up&time=1700000000"),
    );
    assert_eq!(out, served);
    // a range query, by uid, with every option
    exchange::<M, _>(
        &served,
        |a| {
            ds::<M>(a)
                .get_datasource_proxy_data()
                .datasource_uid("prom-main")
                .query_type("query_range")
                .expr("up")
                .time(9)
                .start(1_700_000_000)
                .end(1_700_003_600)
                .step(60)
                .access("proxy")
        },
        want(
            "POST",
            "/api/datasources/proxy/uid/prom-main/api/v1/query_range",
        )
        .query("query=up&start=1700000000&end=1700003600&step=60"),
    );
    // no option but the data source
    exchange::<M, _>(
        &served,
        |a| ds::<M>(a).get_datasource_proxy_data().datasource_id(3),
        want("POST", "/api/datasources/proxy/3/api/v1/query"),
    );
    // the version is the path's API version
    exchange::<M, _>(
        &served,
        |a| {
            ds::<M>(a)
                .get_datasource_proxy_data()
                .datasource_id(3)
                .version("v2")
        },
        want("POST", "/api/datasources/proxy/3/api/v2/query"),
    );
    refused::<M, _>(
        |a| {
            ds::<M>(a)
                .get_datasource_proxy_data()
                .datasource_id(3)
                .query_type("series")
        },
        "query_type",
        "unknown query type",
    );
    refused::<M, _>(
        |a| ds::<M>(a).get_datasource_proxy_data().expr("up"),
        "datasource_id",
        "get_datasource_proxy_data without data source",
    );
}

// ------------------------------------------------------ health parsers

fn parse_health_response_results<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    let d = ds::<M>(&api);
    let dict = "FATAL: Unable to decode result from dictionary-type response.";
    let list = "FATAL: Unable to decode result from list-type response.";
    let cases = [
        // data frames, with and without the executed query
        (
            json!({"results": {"test": {"frames": [{"schema": {"meta": {"executedQueryString": "SELECT 1"}}}]}}}),
            true,
            "SELECT 1".to_owned(),
        ),
        (
            json!({"results": {"test": {"frames": []}}}),
            true,
            "Success".to_owned(),
        ),
        (
            json!({"results": {"test": {"frames": {}}}}),
            false,
            format!("{dict} TypeError: DataFrame response detected, but 'frames' is not a list"),
        ),
        // the older format with refId
        (
            json!({"results": {"test": {"refId": "test", "meta": {"executedQueryString": "up"}}}}),
            true,
            "up".to_owned(),
        ),
        (
            json!({"results": {"test": {"refId": "test"}}}),
            true,
            "Success".to_owned(),
        ),
        (
            json!({"results": {"test": {"error": "x"}}}),
            false,
            format!("{dict} TypeError: Invalid response format"),
        ),
        (
            json!({"results": {"other": {}}}),
            false,
            format!("{dict} KeyError: 'test'"),
        ),
        // InfluxDB's list
        (
            json!({"results": [{"statement_id": 0, "series": []}]}),
            true,
            "Success".to_owned(),
        ),
        (
            json!({"results": [{"statement_id": 0, "error": "database not found: x"}]}),
            false,
            "database not found: x".to_owned(),
        ),
        (
            json!({"results": [{"statement_id": 0}]}),
            false,
            format!("{list} KeyError: 'series'"),
        ),
        (
            json!({"results": []}),
            false,
            format!("{list} IndexError: list index out of range"),
        ),
        (
            json!({"results": "nope"}),
            false,
            "FATAL: Unknown response type '<class 'str'>'. Expected: dictionary or list."
                .to_owned(),
        ),
        (
            json!({}),
            false,
            "FATAL: Response lacks the key 'results'".to_owned(),
        ),
    ];
    for (response, success, message) in cases {
        assert_eq!(
            d.parse_health_response_results(&response),
            (success, message),
            "{response}"
        );
    }
    assert!(env.requests().is_empty(), "parsing sends nothing");
}

fn parse_health_response_data<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    let d = ds::<M>(&api);
    let cases = [
        (
            json!({"data": ["jaeger-query"], "total": 1, "limit": 0, "offset": 0, "errors": null}),
            true,
            r#"["jaeger-query"]"#,
        ),
        (
            json!({"status": "success", "data": ["__name__"]}),
            true,
            r#"["__name__"]"#,
        ),
        (json!({"data": "text", "errors": []}), true, "text"),
        (
            json!({"data": [], "errors": [{"code": 1, "msg": "bad"}]}),
            false,
            r#"[{"code":1,"msg":"bad"}]"#,
        ),
        (json!({"data": null, "errors": "boom"}), false, "boom"),
        (
            json!({"errors": "boom"}),
            false,
            "FATAL: Response lacks the key 'data'",
        ),
    ];
    for (response, success, message) in cases {
        assert_eq!(
            d.parse_health_response_data(&response),
            (success, message.to_owned()),
            "{response}"
        );
    }
    assert!(env.requests().is_empty(), "parsing sends nothing");
}

// ------------------------------------------------------- hostile values

/// A method with a caller value in its path.
struct PathOp<M: Mode> {
    name: &'static str,
    method: &'static str,
    /// The path, `{}` standing for the encoded value.
    template: &'static str,
    /// The argument's name in [`Error::InvalidArgument`].
    param: &'static str,
    run: fn(&Env, &M::Api, &str) -> grafana_client::Result<Value>,
}

fn path_ops<M: Mode>() -> Vec<PathOp<M>> {
    fn d<M: Mode>(a: &M::Api) -> Datasource<M::Api> {
        a.datasource()
    }
    vec![
        PathOp {
            name: "health",
            method: "GET",
            template: "/api/datasources/uid/{}/health",
            param: "datasource_uid",
            run: |e, a, x| M::send(e, d::<M>(a).health(x).value()),
        },
        PathOp {
            name: "find_datasource",
            method: "GET",
            template: "/api/datasources/name/{}",
            param: "datasource_name",
            run: |e, a, x| M::send(e, d::<M>(a).find_datasource(x).value()),
        },
        PathOp {
            name: "get_datasource_by_name",
            method: "GET",
            template: "/api/datasources/name/{}",
            param: "datasource_name",
            run: |e, a, x| M::send(e, d::<M>(a).get_datasource_by_name(x).value()),
        },
        PathOp {
            name: "get_datasource_by_uid",
            method: "GET",
            template: "/api/datasources/uid/{}",
            param: "datasource_uid",
            run: |e, a, x| M::send(e, d::<M>(a).get_datasource_by_uid(x).value()),
        },
        PathOp {
            name: "get_datasource_id_by_name",
            method: "GET",
            template: "/api/datasources/id/{}",
            param: "datasource_name",
            run: |e, a, x| M::send(e, d::<M>(a).get_datasource_id_by_name(x).value()),
        },
        PathOp {
            name: "get(uid)",
            method: "GET",
            template: "/api/datasources/uid/{}",
            param: "datasource_uid",
            run: |e, a, x| {
                let ident = DatasourceIdentifier::Uid(x.to_owned());
                M::send(e, d::<M>(a).get(&ident).value())
            },
        },
        PathOp {
            name: "get(name)",
            method: "GET",
            template: "/api/datasources/name/{}",
            param: "datasource_name",
            run: |e, a, x| {
                let ident = DatasourceIdentifier::Name(x.to_owned());
                M::send(e, d::<M>(a).get(&ident).value())
            },
        },
        PathOp {
            name: "update_datasource_by_uid",
            method: "PUT",
            template: "/api/datasources/uid/{}",
            param: "datasource_uid",
            run: |e, a, x| M::send(e, d::<M>(a).update_datasource_by_uid(x, &command()).value()),
        },
        PathOp {
            name: "delete_datasource_by_name",
            method: "DELETE",
            template: "/api/datasources/name/{}",
            param: "datasource_name",
            run: |e, a, x| M::send(e, d::<M>(a).delete_datasource_by_name(x).value()),
        },
        PathOp {
            name: "delete_datasource_by_uid",
            method: "DELETE",
            template: "/api/datasources/uid/{}",
            param: "datasource_uid",
            run: |e, a, x| M::send(e, d::<M>(a).delete_datasource_by_uid(x).value()),
        },
        PathOp {
            name: "get_datasource_permissions",
            method: "GET",
            template: "/api/access-control/datasources/{}",
            param: "datasource_uid",
            run: |e, a, x| M::send(e, d::<M>(a).get_datasource_permissions(x).value()),
        },
        PathOp {
            name: "add_datasource_permissions",
            method: "POST",
            template: "/api/access-control/datasources/{}",
            param: "datasource_uid",
            run: |e, a, x| {
                let p = json!({"userId": 2, "permission": "Query"});
                M::send(e, d::<M>(a).add_datasource_permissions(x, &p).value())
            },
        },
        PathOp {
            name: "query(uid)",
            method: "POST",
            template: "/api/datasources/proxy/uid/{}/api/v1/query",
            param: "datasource_uid",
            run: |e, a, x| M::send(e, d::<M>(a).query().datasource_uid(x).value()),
        },
        PathOp {
            name: "query(access)",
            method: "POST",
            template: "/api/datasources/{}/3/api/v1/query",
            param: "access",
            run: |e, a, x| M::send(e, d::<M>(a).query().datasource_id(3).access(x).value()),
        },
        PathOp {
            name: "query_range(uid)",
            method: "POST",
            template: "/api/datasources/proxy/uid/{}/api/v1/query_range",
            param: "datasource_uid",
            run: |e, a, x| M::send(e, d::<M>(a).query_range().datasource_uid(x).value()),
        },
        PathOp {
            name: "query_range(access)",
            method: "POST",
            template: "/api/datasources/{}/uid/u1/api/v1/query_range",
            param: "access",
            run: |e, a, x| {
                M::send(
                    e,
                    d::<M>(a)
                        .query_range()
                        .datasource_uid("u1")
                        .access(x)
                        .value(),
                )
            },
        },
        PathOp {
            name: "series(uid)",
            method: "POST",
            template: "/api/datasources/proxy/uid/{}/api/v1/series",
            param: "datasource_uid",
            run: |e, a, x| M::send(e, d::<M>(a).series().datasource_uid(x).value()),
        },
        PathOp {
            name: "series(access)",
            method: "POST",
            template: "/api/datasources/{}/3/api/v1/series",
            param: "access",
            run: |e, a, x| M::send(e, d::<M>(a).series().datasource_id(3).access(x).value()),
        },
        PathOp {
            name: "get_datasource_proxy_data(uid)",
            method: "POST",
            template: "/api/datasources/proxy/uid/{}/api/v1/query",
            param: "datasource_uid",
            run: |e, a, x| {
                M::send(
                    e,
                    d::<M>(a)
                        .get_datasource_proxy_data()
                        .datasource_uid(x)
                        .value(),
                )
            },
        },
        PathOp {
            name: "get_datasource_proxy_data(access)",
            method: "POST",
            template: "/api/datasources/{}/3/api/v1/query_range",
            param: "access",
            run: |e, a, x| {
                M::send(
                    e,
                    d::<M>(a)
                        .get_datasource_proxy_data()
                        .query_type("query_range")
                        .datasource_id(3)
                        .access(x)
                        .value(),
                )
            },
        },
        PathOp {
            name: "get_datasource_proxy_data(version)",
            method: "POST",
            template: "/api/datasources/proxy/3/api/{}/query",
            param: "version",
            run: |e, a, x| {
                M::send(
                    e,
                    d::<M>(a)
                        .get_datasource_proxy_data()
                        .datasource_id(3)
                        .version(x)
                        .value(),
                )
            },
        },
    ]
}

/// Hostile values and the one segment each must become.
const ENCODED: &[(&str, &str)] = &[
    ("../admin/settings", "..%2Fadmin%2Fsettings"),
    ("a/b", "a%2Fb"),
    ("a?b=c", "a%3Fb%3Dc"),
    ("a#f", "a%23f"),
    ("%2F", "%252F"),
    ("a b+c", "a%20b%2Bc"),
];

/// Values no encoding makes safe: refused, nothing sent.
const REFUSED: &[&str] = &["", ".", ".."];

fn hostile_values_stay_in_their_segment<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    for op in path_ops::<M>() {
        for (value, segment) in ENCODED {
            let ctx = format!("{} {} {value:?}", M::NAME, op.name);
            env.reset();
            env.answer_json(200, json!({}));
            (op.run)(&env, &api, value).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
            let r = env.only_request(&ctx);
            assert_eq!(r.method.as_str(), op.method, "{ctx}");
            assert_eq!(r.url.path(), op.template.replace("{}", segment), "{ctx}");
            assert_eq!(
                r.url.path().matches('/').count(),
                op.template.matches('/').count(),
                "{ctx}: segment count"
            );
            assert_eq!(r.url.query(), None, "{ctx}: query");
        }
    }
}

fn unsafe_values_are_refused_unsent<M: Mode>() {
    let env = Env::new();
    env.answer_json(200, json!({}));
    let api = M::build(env.builder()).unwrap();
    for op in path_ops::<M>() {
        for value in REFUSED {
            let ctx = format!("{} {} {value:?}", M::NAME, op.name);
            match (op.run)(&env, &api, value) {
                Err(Error::InvalidArgument { name, reason }) => {
                    assert_eq!(name, op.param, "{ctx}");
                    assert!(!reason.is_empty(), "{ctx}");
                }
                other => panic!("{ctx}: expected InvalidArgument, got {other:?}"),
            }
        }
    }
    let sent = env.requests();
    assert!(
        sent.is_empty(),
        "nothing may reach the server: {:?}",
        sent.iter().map(|r| r.url.to_string()).collect::<Vec<_>>()
    );
}

wire_common::both!(
    health,
    get_datasource_by_uid,
    get_datasource_by_id,
    get_datasource_by_name,
    find_datasource,
    get_datasource_id_by_name,
    get,
    list_datasources,
    create_datasource,
    update_datasource,
    update_datasource_by_uid,
    delete_datasource_by_id,
    delete_datasource_by_name,
    delete_datasource_by_uid,
    enable_datasource_permissions,
    disable_datasource_permissions,
    get_datasource_permissions,
    add_datasource_permissions,
    remove_datasource_permissions,
    query,
    query_range,
    series,
    get_datasource_proxy_data,
    parse_health_response_results,
    parse_health_response_data,
    hostile_values_stay_in_their_segment,
    unsafe_values_are_refused_unsent,
);
