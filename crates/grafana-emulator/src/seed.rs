//! The demo data set (`seed_demo()` / `--seed demo`).

use serde_json::{json, Map, Value};

use crate::api::dashboards::insert_seeded;
use crate::role::Role;
use crate::state::{Folder, State, ADMIN_USER_ID, MAIN_ORG_ID};

/// Uid of the demo folder ("Demo").
pub const DEMO_FOLDER_UID: &str = "demo-folder";
/// Uid of the "Demo Overview" dashboard (tags `["demo"]`, three panels).
pub const DEMO_OVERVIEW_UID: &str = "demo-overview";
/// Uid of the "Demo Latency" dashboard (tags `["demo", "latency"]`, two panels).
pub const DEMO_LATENCY_UID: &str = "demo-latency";
/// Uid of the nested demo folder ("Demo Nested", inside "Demo").
pub const DEMO_NESTED_FOLDER_UID: &str = "demo-nested";
/// Uid of the "Demo Rows" dashboard: an open row and a collapsed row whose
/// panels sit in the row's own `panels`.
pub const DEMO_ROWS_UID: &str = "demo-rows";
/// Uid of the "Demo Library Panel" dashboard, whose panel is the library
/// panel `demo-library-panel`.
pub const DEMO_LIBRARY_UID: &str = "demo-library";
/// Uid of the "Demo Templating" dashboard (in "Demo Nested"): variables
/// `host` (custom, multi-value, with All), `series` (TestData query) and
/// `interval`.
pub const DEMO_TEMPLATING_UID: &str = "demo-templating";
/// Uid of the dashboard of org 2 ("Demo Org 2"), when that org is seeded.
pub const DEMO_ORG2_UID: &str = "demo-org2-overview";
/// Uid of the demo library panel (seeded by the library-elements area).
const DEMO_LIBRARY_PANEL_UID: &str = "demo-library-panel";

/// The TestData data source every demo panel queries.
fn testdata() -> Value {
    json!({"type": "grafana-testdata-datasource", "uid": "testdata"})
}

fn panel(id: i64, title: &str, kind: &str, x: i64, y: i64) -> Value {
    json!({
        "id": id,
        "type": kind,
        "title": title,
        "gridPos": {"h": 8, "w": 12, "x": x, "y": y},
        "datasource": testdata(),
        "targets": [{"refId": "A", "datasource": testdata(), "scenarioId": "random_walk"}],
    })
}

/// A row panel at height `y`; a collapsed row holds its panels itself.
fn row(id: i64, title: &str, y: i64, collapsed: bool, panels: Vec<Value>) -> Value {
    json!({
        "id": id,
        "type": "row",
        "title": title,
        "collapsed": collapsed,
        "gridPos": {"h": 1, "w": 24, "x": 0, "y": y},
        "panels": panels,
    })
}

/// A dashboard model (Grafana 12 schema) with these panels.
fn model(uid: &str, title: &str, tags: &[&str], panels: Vec<Value>) -> Map<String, Value> {
    let v = json!({
        "uid": uid,
        "title": title,
        "tags": tags,
        "timezone": "browser",
        "schemaVersion": 41,
        "editable": true,
        "graphTooltip": 0,
        "refresh": "",
        "time": {"from": "now-6h", "to": "now"},
        // The built-in "Annotations & Alerts" query every dashboard saved by
        // Grafana's UI carries (`addBuiltInAnnotationQuery` in
        // `public/app/features/dashboard/state/DashboardModel.ts`).
        "annotations": {"list": [{
            "builtIn": 1,
            "datasource": {"type": "grafana", "uid": "-- Grafana --"},
            "enable": true,
            "hide": true,
            "iconColor": "rgba(0, 211, 255, 1)",
            "name": "Annotations & Alerts",
            "type": "dashboard"
        }]},
        "templating": {"list": []},
        "links": [],
        "panels": panels,
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// A folder row of `org_id`, owned by `admin`.
fn folder(
    st: &mut State,
    org_id: i64,
    uid: &str,
    title: &str,
    parent: &str,
    description: &str,
    now: i64,
) {
    let admin = st.login_of(ADMIN_USER_ID);
    let id = st.alloc_dashboard_id();
    st.folders.insert(
        (org_id, uid.into()),
        Folder {
            id,
            uid: uid.into(),
            org_id,
            title: title.into(),
            parent_uid: parent.into(),
            description: description.into(),
            version: 1,
            created: now,
            updated: now,
            created_by: admin.clone(),
            updated_by: admin,
        },
    );
}

/// The whole demo data set, area by area, in dependency order (orgs and
/// users before teams, data sources and library panels before the dashboards
/// that use them, dashboards before their annotations).
pub(crate) fn demo(st: &mut State, now: i64) {
    crate::api::orgs::seed_demo(st, now);
    crate::api::users::seed_demo(st, now);
    crate::api::teams::seed_demo(st, now);
    st.create_service_account(MAIN_ORG_ID, "Demo automation", Some(Role::Editor), false);
    crate::api::datasources::seed_demo(st, now);
    crate::api::library_elements::seed_demo(st, now);
    folders_and_dashboards(st, now);
    crate::api::annotations::seed_demo(st, now);
    crate::api::alerting::seed_demo(st, now);
}

/// Adds the demo folders and dashboards, owned by `admin`: in org 1 the
/// folder "Demo" (`demo-folder`) with "Demo Nested" (`demo-nested`) inside,
/// and the dashboards `demo-overview`, `demo-latency`, `demo-rows`,
/// `demo-library` (in "Demo") and `demo-templating` (in "Demo Nested"); in
/// org "Demo Org 2", when the orgs area seeded it, `demo-org2-overview` at
/// its root. Every panel queries TestData; each dashboard has its version 1
/// in the history and Grafana's default permissions.
fn folders_and_dashboards(st: &mut State, now: i64) {
    let org = MAIN_ORG_ID;
    folder(
        st,
        org,
        DEMO_FOLDER_UID,
        "Demo",
        "",
        "Dashboards seeded by the Grafana emulator",
        now,
    );
    folder(
        st,
        org,
        DEMO_NESTED_FOLDER_UID,
        "Demo Nested",
        DEMO_FOLDER_UID,
        "A folder inside the demo folder",
        now,
    );

    let overview = model(
        DEMO_OVERVIEW_UID,
        "Demo Overview",
        &["demo"],
        vec![
            panel(1, "Requests per second", "timeseries", 0, 0),
            panel(2, "Error rate", "stat", 12, 0),
            panel(3, "Active users", "gauge", 0, 8),
        ],
    );
    insert_seeded(st, org, DEMO_FOLDER_UID, ADMIN_USER_ID, overview, now);

    let latency = model(
        DEMO_LATENCY_UID,
        "Demo Latency",
        &["demo", "latency"],
        vec![
            panel(1, "p50 latency", "timeseries", 0, 0),
            panel(2, "p99 latency", "timeseries", 12, 0),
        ],
    );
    insert_seeded(st, org, DEMO_FOLDER_UID, ADMIN_USER_ID, latency, now);

    let rows = model(
        DEMO_ROWS_UID,
        "Demo Rows",
        &["demo", "rows"],
        vec![
            row(1, "Traffic", 0, false, vec![]),
            panel(2, "Requests", "timeseries", 0, 1),
            panel(3, "Responses", "timeseries", 12, 1),
            row(
                4,
                "Details (collapsed)",
                9,
                true,
                vec![
                    panel(5, "Queue depth", "timeseries", 0, 10),
                    panel(6, "Saturation", "gauge", 12, 10),
                ],
            ),
        ],
    );
    insert_seeded(st, org, DEMO_FOLDER_UID, ADMIN_USER_ID, rows, now);

    let library = model(
        DEMO_LIBRARY_UID,
        "Demo Library Panel",
        &["demo", "library"],
        vec![
            json!({
                "id": 1,
                "gridPos": {"h": 8, "w": 12, "x": 0, "y": 0},
                "libraryPanel": {"uid": DEMO_LIBRARY_PANEL_UID, "name": "Demo library panel"},
            }),
            panel(2, "Beside the library panel", "timeseries", 12, 0),
        ],
    );
    insert_seeded(st, org, DEMO_FOLDER_UID, ADMIN_USER_ID, library, now);

    let mut templating = model(
        DEMO_TEMPLATING_UID,
        "Demo Templating",
        &["demo", "templating"],
        vec![
            json!({
                "id": 1,
                "type": "timeseries",
                "title": "Load on $host",
                "gridPos": {"h": 8, "w": 12, "x": 0, "y": 0},
                "datasource": testdata(),
                "repeat": "host",
                "repeatDirection": "h",
                "targets": [{"refId": "A", "datasource": testdata(), "scenarioId": "random_walk", "alias": "$host", "seriesCount": 1}],
                "interval": "$interval",
            }),
            json!({
                "id": 2,
                "type": "table",
                "title": "Series $series",
                "gridPos": {"h": 8, "w": 12, "x": 12, "y": 0},
                "datasource": testdata(),
                "targets": [{"refId": "A", "datasource": testdata(), "scenarioId": "csv_metric_values", "stringInput": "1,20,90,30,5,0", "alias": "$series"}],
            }),
        ],
    );
    templating.insert(
        "templating".into(),
        json!({"list": [
            {
                "name": "host",
                "label": "Host",
                "type": "custom",
                "query": "a,b,c",
                "multi": true,
                "includeAll": true,
                "allValue": "",
                "current": {"selected": true, "text": ["All"], "value": ["$__all"]},
                "options": [
                    {"selected": true, "text": "All", "value": "$__all"},
                    {"selected": false, "text": "a", "value": "a"},
                    {"selected": false, "text": "b", "value": "b"},
                    {"selected": false, "text": "c", "value": "c"}
                ],
                "hide": 0,
                "skipUrlSync": false,
            },
            {
                "name": "series",
                "label": "Series",
                "type": "query",
                "datasource": testdata(),
                "query": {"refId": "TestDataVariableQuery", "query": "*"},
                "definition": "*",
                "refresh": 1,
                "regex": "",
                "sort": 1,
                "multi": false,
                "includeAll": false,
                "current": {},
                "options": [],
                "hide": 0,
                "skipUrlSync": false,
            },
            {
                "name": "interval",
                "label": "Interval",
                "type": "interval",
                "query": "1m,10m,30m,1h",
                "auto": false,
                "auto_count": 30,
                "auto_min": "10s",
                "current": {"selected": true, "text": "10m", "value": "10m"},
                "options": [
                    {"selected": false, "text": "1m", "value": "1m"},
                    {"selected": true, "text": "10m", "value": "10m"},
                    {"selected": false, "text": "30m", "value": "30m"},
                    {"selected": false, "text": "1h", "value": "1h"}
                ],
                "refresh": 2,
                "hide": 0,
                "skipUrlSync": false,
            }
        ]}),
    );
    insert_seeded(
        st,
        org,
        DEMO_NESTED_FOLDER_UID,
        ADMIN_USER_ID,
        templating,
        now,
    );

    // Org 2 exists only when the orgs area seeded it ("Demo Org 2").
    let org2 = st
        .orgs
        .iter()
        .find(|(_, o)| o.name == "Demo Org 2")
        .map(|(id, _)| *id);
    if let Some(org2) = org2 {
        let other = model(
            DEMO_ORG2_UID,
            "Demo Org 2 Overview",
            &["demo", "org2"],
            vec![panel(1, "Requests in org 2", "timeseries", 0, 0)],
        );
        insert_seeded(st, org2, "", ADMIN_USER_ID, other, now);
    }
}
