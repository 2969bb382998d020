//! The demo data set (`seed_demo()` / `--seed demo`).

use serde_json::{json, Value};

use crate::state::{Dashboard, Folder, State, ADMIN_USER_ID, MAIN_ORG_ID};

/// Uid of the demo folder ("Demo").
pub const DEMO_FOLDER_UID: &str = "demo-folder";
/// Uid of the "Demo Overview" dashboard (tags `["demo"]`, three panels).
pub const DEMO_OVERVIEW_UID: &str = "demo-overview";
/// Uid of the "Demo Latency" dashboard (tags `["demo", "latency"]`, two panels).
pub const DEMO_LATENCY_UID: &str = "demo-latency";

fn panel(id: i64, title: &str, kind: &str, x: i64, y: i64) -> Value {
    json!({
        "id": id,
        "type": kind,
        "title": title,
        "gridPos": {"h": 8, "w": 12, "x": x, "y": y},
        "datasource": {"type": "testdata", "uid": "testdata"},
        "targets": [{"refId": "A", "scenarioId": "random_walk"}],
    })
}

/// The whole demo data set, area by area, in dependency order (orgs and
/// users before teams, data sources and library panels before the dashboards
/// that use them, dashboards before their annotations).
pub(crate) fn demo(st: &mut State, now: i64) {
    crate::api::orgs::seed_demo(st, now);
    crate::api::users::seed_demo(st, now);
    crate::api::teams::seed_demo(st, now);
    crate::api::datasources::seed_demo(st, now);
    crate::api::library_elements::seed_demo(st, now);
    folders_and_dashboards(st, now);
    crate::api::annotations::seed_demo(st, now);
    crate::api::alerting::seed_demo(st, now);
}

/// Adds the demo folder and dashboards to org 1, owned by `admin`.
fn folders_and_dashboards(st: &mut State, now: i64) {
    let admin = st.login_of(ADMIN_USER_ID);
    let folder_id = st.alloc_dashboard_id();
    st.folders.insert(
        (MAIN_ORG_ID, DEMO_FOLDER_UID.into()),
        Folder {
            id: folder_id,
            uid: DEMO_FOLDER_UID.into(),
            org_id: MAIN_ORG_ID,
            title: "Demo".into(),
            parent_uid: String::new(),
            description: "Dashboards seeded by the Grafana emulator".into(),
            version: 1,
            created: now,
            updated: now,
            created_by: admin.clone(),
            updated_by: admin.clone(),
        },
    );
    let dashboards = [
        (
            DEMO_OVERVIEW_UID,
            "Demo Overview",
            vec!["demo"],
            vec![
                panel(1, "Requests per second", "timeseries", 0, 0),
                panel(2, "Error rate", "stat", 12, 0),
                panel(3, "Active users", "gauge", 0, 8),
            ],
        ),
        (
            DEMO_LATENCY_UID,
            "Demo Latency",
            vec!["demo", "latency"],
            vec![
                panel(1, "p50 latency", "timeseries", 0, 0),
                panel(2, "p99 latency", "timeseries", 12, 0),
            ],
        ),
    ];
    for (uid, title, tags, panels) in dashboards {
        let id = st.alloc_dashboard_id();
        let data = json!({
            "id": id,
            "uid": uid,
            "title": title,
            "tags": tags,
            "timezone": "browser",
            "schemaVersion": 41,
            "version": 1,
            "time": {"from": "now-6h", "to": "now"},
            "panels": panels,
        });
        let data_json = crate::json_order::sorted_json(&data);
        st.dashboards.insert(
            (MAIN_ORG_ID, uid.into()),
            Dashboard {
                id,
                uid: uid.into(),
                title: title.into(),
                folder_uid: DEMO_FOLDER_UID.into(),
                version: 1,
                tags: tags.into_iter().map(str::to_string).collect(),
                data_json,
                created: now,
                updated: now,
                created_by: admin.clone(),
                updated_by: admin.clone(),
            },
        );
    }
}
