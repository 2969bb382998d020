//! Every route the emulator serves exists in Grafana's OpenAPI spec
//! (`tests/data/openapi3.json`, Grafana's AGPL-licensed spec kept as test
//! data; see `tests/data/openapi3.README.md`), or is listed below with the
//! Grafana source that defines it.

use std::collections::HashSet;

use serde_json::Value;

/// Routes Grafana serves that its OpenAPI spec does not describe.
const OUTSIDE_SPEC: &[(&str, &str, &str)] = &[
    (
        "GET",
        "/api/frontend/settings",
        "pkg/api/api.go registers /api/frontend/settings/ (handler pkg/api/frontendsettings.go); no swagger:route",
    ),
    (
        "GET",
        "/bootdata",
        "pkg/api/api.go registers /bootdata with reqNoAuth (handler GetBootdata, pkg/api/index.go); outside /api",
    ),
    ("GET", "/api/plugins", "pkg/api/api.go apiRoute.Get(\"/plugins\") → GetPluginList (pkg/api/plugins.go); no swagger:route"),
    ("GET", "/api/plugins/{pluginId}/settings", "pkg/api/api.go → GetPluginSettingByID (pkg/api/plugins.go)"),
    ("GET", "/api/plugins/{pluginId}/metrics", "pkg/api/api.go → CollectPluginMetrics behind reqOrgAdmin (pkg/api/plugins.go)"),
    ("POST", "/api/plugins/{pluginId}/install", "pkg/api/api.go, only if PluginAdminEnabled → InstallPlugin (pkg/api/plugins.go)"),
    ("POST", "/api/plugins/{pluginId}/uninstall", "pkg/api/api.go, only if PluginAdminEnabled → UninstallPlugin (pkg/api/plugins.go)"),
    ("GET", "/api/access-control/datasources/{uid}", "Enterprise / newest-main resourcepermissions API for data sources (pkg/services/accesscontrol/resourcepermissions/api.go getPermissions); served only with enterprise(true)"),
    ("POST", "/api/access-control/datasources/{uid}", "resourcepermissions api.go setPermissions; enterprise(true) only"),
    ("POST", "/api/access-control/datasources/{uid}/builtInRoles/{builtInRole}", "resourcepermissions api.go setBuiltinRolePermission; enterprise(true) only"),
    ("POST", "/api/access-control/datasources/{uid}/teams/{teamId}", "resourcepermissions api.go setTeamPermission; enterprise(true) only"),
    ("POST", "/api/access-control/datasources/{uid}/users/{userId}", "resourcepermissions api.go setUserPermission; enterprise(true) only"),
    ("POST", "/api/access-control/folders/{folder_uid}/users/{user_id}", "resourcepermissions api.go registerEndpoints (setUserPermission) for the folders resource; the spec has only the generic /access-control/{resource}/{resourceID}/users/{userID}"),
    ("GET", "/api/library-elements/{uid}/connections", "pkg/services/libraryelements/api.go registerAPIEndpoints (getConnectionsHandler); the spec spells it with a trailing slash, which the router ignores"),
    ("GET", "/api/org/users/search", "pkg/api/api.go orgRoute.Get(\"/users/search\") → SearchOrgUsersWithPaging (pkg/api/org_users.go); no swagger:route"),
    ("POST", "/api/users/{id}/using/{orgId}", "pkg/api/api.go usersRoute.Post(\"/:id/using/:orgId\") → UpdateUserActiveOrg (pkg/api/user.go); no swagger:route"),
    ("GET", "/api/user/stars", "pkg/api/api.go userRoute.Get(\"/stars\") → GetStars (pkg/api/stars.go); no swagger:route"),
    ("POST", "/api/datasources/uid/{uid}/health", "pkg/api/api.go registers CheckDatasourceHealthWithUID for any method (datasourceRoute.Any); the spec lists GET"),
    ("POST", "/api/datasources/{id}/health", "pkg/api/api.go registers CheckDatasourceHealth for any method (datasourceRoute.Any); the spec lists GET"),
    ("GET", "/api/plugins/{plugin_id}/health", "pkg/api/api.go pluginRoute.Get(\"/:pluginId/health\") → CheckHealth (pkg/api/plugins.go); no swagger:route"),
];

/// Route families Grafana serves outside its OpenAPI spec, by prefix: the
/// emulator serves the sub-paths its clients use.
const OUTSIDE_SPEC_PREFIXES: &[(&str, &str)] = &[
    (
        "/api/datasources/proxy/",
        "pkg/api/api.go datasourceRoute.Any(\"/proxy/:id/*\") and (\"/proxy/uid/:uid/*\") → ProxyDataSourceRequest (pkg/api/dataproxy.go): any method, any sub-path",
    ),
    (
        "/api/ruler/grafana/api/v1/rules",
        "unified alerting's Ruler API (pkg/services/ngalert/api/generated_base_api_ruler.go, RouteGetGrafanaRulesConfig and siblings), described in Grafana's separate alerting spec",
    ),
    (
        "/api/prometheus/",
        "unified alerting's Prometheus-compatible API (pkg/services/ngalert/api/generated_base_api_prometheus.go, RouteGetGrafanaRuleStatuses), described in Grafana's separate alerting spec",
    ),
    (
        "/apis",
        "the Kubernetes-style App Platform API (pkg/services/apiserver, pkg/registry/apis/*), described by per-group OpenAPI files (packages/grafana-openapi/src/apis/<group>-<version>.json), not the /api spec",
    ),
];

/// `/a/{x}/b` → `/a/{}/b`, so parameter names do not matter.
fn normalize(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            if seg.starts_with('{') && seg.ends_with('}') {
                "{}"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn spec_operations() -> HashSet<(String, String)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/openapi3.json"
    ))
    .expect("spec copy present");
    let spec: Value = serde_json::from_str(&text).expect("spec parses");
    assert_eq!(spec["servers"][0]["url"], "/api");
    let mut ops = HashSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in ["get", "put", "post", "delete", "patch", "head"] {
            if item.get(method).is_some() {
                ops.insert((method.to_uppercase(), normalize(path)));
            }
        }
    }
    ops
}

#[test]
fn every_served_route_is_in_the_spec_or_documented() {
    let ops = spec_operations();
    assert_eq!(
        ops.len(),
        337,
        "the spec copy is the one described in its README"
    );
    let mut missing = Vec::new();
    for (method, template) in grafana_emulator::routes() {
        // Routes outside /api (e.g. /bootdata) can only be documented.
        let rel = template.strip_prefix("/api").unwrap_or(template);
        let in_spec = ops.contains(&(method.to_string(), normalize(rel)));
        let documented = OUTSIDE_SPEC
            .iter()
            .any(|(m, p, _)| m == method && p == template)
            || OUTSIDE_SPEC_PREFIXES
                .iter()
                .any(|(prefix, _)| template.starts_with(prefix));
        assert!(
            !(in_spec && documented),
            "{method} {template} is in the spec; remove it from OUTSIDE_SPEC"
        );
        if !in_spec && !documented {
            missing.push(format!("{method} {template}"));
        }
    }
    assert!(
        missing.is_empty(),
        "routes neither in the spec nor documented: {missing:?}"
    );
}

#[test]
fn outside_spec_entries_are_served() {
    for (m, p, source) in OUTSIDE_SPEC {
        assert!(!source.is_empty());
        assert!(
            grafana_emulator::routes().contains(&(*m, *p)),
            "{m} {p} listed but not served"
        );
    }
}

#[test]
fn outside_spec_prefixes_are_served() {
    for (prefix, source) in OUTSIDE_SPEC_PREFIXES {
        assert!(!source.is_empty());
        assert!(
            grafana_emulator::routes()
                .iter()
                .any(|(_, t)| t.starts_with(prefix)),
            "{prefix} listed but nothing under it is served"
        );
    }
}

#[test]
fn spec_attribution_is_kept() {
    let readme = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/openapi3.README.md"
    ))
    .unwrap();
    assert!(readme.contains("AGPL-3.0"));
    assert!(readme.contains("057308f96126a06051bcdee6ab91ba1ab8c4ac42"));
}
