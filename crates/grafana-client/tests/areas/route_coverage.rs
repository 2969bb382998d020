//! Route coverage: every request the Python package's methods send (the
//! inventory in `tests/data/python_inventory.tsv`, the contract this client
//! ports) is served by the emulator, or listed below as a route that
//! open-source Grafana 12 does not serve, with the source that says so
//! (`fidelity-audit.md` §1a/§1b). Prints the per-element table that the
//! emulator's README section reproduces (`cargo test --test areas
//! route_coverage -- --nocapture`).

use std::collections::BTreeMap;

/// Routes the client can call that open-source Grafana 12 answers with 404,
/// and why. Matching ignores parameter names (`{}`).
const NOT_IN_OSS_GRAFANA_12: &[(&str, &str, &str)] = &[
    ("GET", "/api/dashboards/db/{}", "removed: not registered in pkg/api/api.go registerRoutes (12.x); use dashboards/uid"),
    ("POST", "/api/admin/pause-all-alerts", "removed with legacy alerting (Grafana 11): not in the /api/admin group of registerRoutes"),
    ("GET", "/api/alert-notifications", "removed with legacy alerting (Grafana 11); only /api/alert-notifiers remains"),
    ("POST", "/api/alert-notifications", "removed with legacy alerting (Grafana 11)"),
    ("GET", "/api/alert-notifications/lookup", "removed with legacy alerting (Grafana 11)"),
    ("GET", "/api/alert-notifications/{}", "removed with legacy alerting (Grafana 11)"),
    ("PUT", "/api/alert-notifications/{}", "removed with legacy alerting (Grafana 11)"),
    ("DELETE", "/api/alert-notifications/{}", "removed with legacy alerting (Grafana 11)"),
    ("GET", "/api/alert-notifications/uid/{}", "removed with legacy alerting (Grafana 11)"),
    ("PUT", "/api/alert-notifications/uid/{}", "removed with legacy alerting (Grafana 11)"),
    ("DELETE", "/api/alert-notifications/uid/{}", "removed with legacy alerting (Grafana 11)"),
    ("POST", "/api/user/stars/dashboard/{}", "removed: registerRoutes (12.x) has only /stars/dashboard/uid/:uid"),
    ("DELETE", "/api/user/stars/dashboard/{}", "removed: registerRoutes (12.x) has only /stars/dashboard/uid/:uid"),
    ("GET", "/api/datasources/{}/permissions", "Enterprise: not in OSS registerRoutes"),
    ("POST", "/api/datasources/{}/permissions", "Enterprise: not in OSS registerRoutes"),
    ("DELETE", "/api/datasources/{}/permissions/{}", "Enterprise: not in OSS registerRoutes"),
    ("POST", "/api/datasources/{}/enable-permissions", "Enterprise: not in OSS registerRoutes"),
    ("POST", "/api/datasources/{}/disable-permissions", "Enterprise: not in OSS registerRoutes"),
    ("GET", "/api/access-control/roles", "Enterprise: OSS AccessControlAPI registers only user/actions, user/permissions, users/permissions/search"),
    ("POST", "/api/access-control/roles", "Enterprise (pkg/services/accesscontrol/api/api.go)"),
    ("POST", "/api/access-control/teams/{}/roles", "Enterprise (pkg/services/accesscontrol/api/api.go)"),
    ("PUT", "/api/access-control/teams/{}/roles", "Enterprise (pkg/services/accesscontrol/api/api.go)"),
    ("DELETE", "/api/access-control/teams/{}/roles/{}", "Enterprise (pkg/services/accesscontrol/api/api.go)"),
    ("GET", "/api/teams/{}/groups", "Enterprise: spec tag sync_team_groups; absent from teamapi registerRoutes"),
    ("POST", "/api/teams/{}/groups", "Enterprise: spec tag sync_team_groups"),
    ("DELETE", "/api/teams/{}/groups", "Enterprise: spec tag sync_team_groups"),
    ("DELETE", "/api/teams/{}/groups/{}", "Enterprise: spec tag sync_team_groups (before 10.2)"),
    ("GET", "/api/access-control/datasources/{}", "Enterprise until the newest main (ossaccesscontrol data-source permissions service registers no routes)"),
    ("POST", "/api/access-control/datasources/{}/builtInRoles/{}", "Enterprise until the newest main"),
    ("POST", "/api/access-control/datasources/{}/teams/{}", "Enterprise until the newest main"),
];

/// The (method, path) pairs of one inventory row: alternatives split on
/// ` | `, query strings dropped, `{enable|disable}` and the free `{access}`
/// and `{idtype}` segments expanded to what Grafana has.
fn requests(verb: &str, path: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for alt in path.split(" | ") {
        let alt = alt
            .split('?')
            .next()
            .unwrap_or(alt)
            .trim()
            .trim_end_matches('/');
        if !alt.starts_with("/api") {
            continue;
        }
        let mut variants = vec![alt.to_string()];
        for (from, to) in [
            ("{enable|disable}", &["enable", "disable"][..]),
            ("{access}", &["proxy"][..]),
            ("{idtype}", &["uid", "id"][..]),
        ] {
            variants = variants
                .into_iter()
                .flat_map(|v| {
                    if v.contains(from) {
                        to.iter().map(|t| v.replace(from, t)).collect()
                    } else {
                        vec![v]
                    }
                })
                .collect();
        }
        out.extend(variants.into_iter().map(|v| (verb.to_string(), v)));
    }
    out
}

fn is_param(seg: &str) -> bool {
    seg.starts_with('{') && seg.ends_with('}')
}

/// Whether a served template answers a request template: a client
/// parameter matches any served segment; a client literal matches the same
/// literal or a served parameter.
fn serves(served: &str, wanted: &str) -> bool {
    let s: Vec<&str> = served.split('/').collect();
    let w: Vec<&str> = wanted.split('/').collect();
    s.len() == w.len()
        && s.iter()
            .zip(&w)
            .all(|(s, w)| is_param(w) || is_param(s) || s == w)
}

fn same_template(a: &str, b: &str) -> bool {
    let a: Vec<&str> = a.split('/').collect();
    let b: Vec<&str> = b.split('/').collect();
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| (is_param(x) && is_param(y)) || x == y)
}

#[derive(Default)]
struct Tally {
    served: usize,
    not_in_oss: usize,
    missing: Vec<String>,
}

#[test]
fn every_route_the_client_calls_is_served_or_documented_as_absent() {
    let tsv = include_str!("../data/python_inventory.tsv");
    let served = grafana_emulator::routes();
    let mut per_element: BTreeMap<String, Tally> = BTreeMap::new();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 9 || cols[0] != "element_method" {
            continue;
        }
        let (element, verb, path) = (cols[1], cols[7], cols[8]);
        if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&verb) {
            continue; // helpers and parsers: several requests or none
        }
        for (m, p) in requests(verb, path) {
            let tally = per_element.entry(element.to_string()).or_default();
            // Listed first: the emulator's route table also holds the
            // Enterprise routes it answers only with `enterprise(true)`.
            if NOT_IN_OSS_GRAFANA_12
                .iter()
                .any(|(lm, lp, _)| *lm == m && same_template(lp, &p))
            {
                tally.not_in_oss += 1;
            } else if served.iter().any(|(sm, st)| *sm == m && serves(st, &p)) {
                tally.served += 1;
            } else {
                tally.missing.push(format!("{m} {p}"));
            }
        }
    }
    println!("| element | requests served | not in OSS Grafana 12 | missing |");
    println!("|---|---|---|---|");
    let mut missing = Vec::new();
    for (element, t) in &per_element {
        println!(
            "| `{element}` | {} | {} | {} |",
            t.served,
            t.not_in_oss,
            t.missing.len()
        );
        missing.extend(t.missing.iter().map(|r| format!("{element}: {r}")));
    }
    assert!(
        per_element.len() >= 20,
        "the inventory covers every element"
    );
    assert!(
        missing.is_empty(),
        "client requests the emulator does not serve: {missing:#?}"
    );
}

/// What the client meets on the default (open-source) emulator for each
/// route listed as absent: Grafana's 404 `Not found`, also for a server
/// admin. Against a real Grafana this checks the list itself.
#[test]
fn routes_listed_as_absent_answer_404() {
    let t = crate::support::Target::new();
    let api = t.admin().blocking().build().expect("blocking client");
    for (m, p, why) in NOT_IN_OSS_GRAFANA_12 {
        assert!(!why.is_empty());
        let path = p.replace("{}", "1");
        let method = http::Method::from_bytes(m.as_bytes()).unwrap();
        let mut call = api.raw().request(method, &path);
        if *m != "GET" && *m != "DELETE" {
            call = call.body(&serde_json::json!({}));
        }
        let err = call.send().expect_err(p);
        assert!(err.is_not_found(), "{m} {p}: {err}");
        assert_eq!(
            err.api().and_then(|a| a.message.as_deref()),
            Some("Not found"),
            "{m} {p}"
        );
    }
}

#[test]
fn inventory_expansion() {
    assert_eq!(
        requests("POST", "/api/admin/users/{user_id}/{enable|disable}").len(),
        2
    );
    assert_eq!(
        requests("GET", "/api/a/{x} | /api/b?x=1"),
        vec![
            ("GET".to_string(), "/api/a/{x}".to_string()),
            ("GET".to_string(), "/api/b".to_string())
        ]
    );
    assert!(serves(
        "/api/prometheus/grafana/api/v1/rules",
        "/api/prometheus/{ds}/api/v1/rules"
    ));
    assert!(!serves("/api/teams/search", "/api/teams/{id}/members"));
    assert!(
        serves("/api/teams/{id}", "/api/teams/search")
            || !serves("/api/teams/{id}", "/api/teams/x/y")
    );
}
