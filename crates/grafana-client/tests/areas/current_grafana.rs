//! Workflow: the client against current Grafana (issue 9, item 2): the
//! provenance header on the writes that lacked it, the route a numeric
//! dashboard id gets on each Grafana version, and the deprecated methods,
//! which still compile and answer as Grafana does.
#![allow(deprecated)]

use grafana_client::{BasicAuth, GrafanaApi};
use grafana_emulator::blocking::BlockingEmulator;
use grafana_emulator::Emulator;
use grafana_emulator::RecordedRequest;
use serde_json::{json, Value};

use crate::support::{create_dashboard, unique, Drive, Target};

both_clients!(
    provenance_header_on_mute_timing_update_and_the_deletes,
    star_by_id_uses_the_uid_route_on_grafana_12,
    star_by_id_uses_the_id_route_on_grafana_11,
    deprecated_methods_answer_as_grafana_does,
);

fn rule(folder: &str, group: &str, title: &str) -> Value {
    json!({
        "title": title, "ruleGroup": group, "folderUID": folder, "condition": "A",
        "for": "5m", "noDataState": "OK", "execErrState": "Error",
        "data": [{"refId": "A", "datasourceUid": "__expr__",
                  "relativeTimeRange": {"from": 0, "to": 0},
                  "model": {"type": "math", "expression": "1 == 1"}}]
    })
}

/// The recorded requests with this method whose path starts with `prefix`.
fn logged(emu: &BlockingEmulator, method: &str, prefix: &str) -> Vec<RecordedRequest> {
    emu.requests()
        .into_iter()
        .filter(|r| r.method == method && r.raw_path.starts_with(prefix))
        .collect()
}

/// The `X-Disable-Provenance` header of the one request logged for this
/// method and exact path.
fn provenance_header(emu: &BlockingEmulator, method: &str, path: &str) -> Option<String> {
    let hits: Vec<_> = logged(emu, method, path)
        .into_iter()
        .filter(|r| r.raw_path == path)
        .collect();
    assert_eq!(hits.len(), 1, "{method} {path}: {hits:?}");
    hits[0].header("x-disable-provenance").map(str::to_owned)
}

fn provenance_header_on_mute_timing_update_and_the_deletes<C: Drive>() {
    let t = Target::new();
    let Some(emu) = t.emulator_only("checks the headers in the emulator's request log") else {
        return;
    };
    let api = C::build(t.admin());
    let p = api.alertingprovisioning();

    // Mute timing: created, updated and deleted without provenance.
    let name = unique("mt-prov");
    let path = format!("/api/v1/provisioning/mute-timings/{name}");
    let created = api
        .run(
            p.create_mute_timing(&json!({"name": name, "time_intervals": []}))
                .disable_provenance(true),
        )
        .unwrap();
    assert_eq!(created.provenance, None);
    let updated = api
        .run(
            p.update_mute_timing(
                &name,
                &json!({"name": name, "time_intervals": [{"weekdays": ["monday"]}]}),
            )
            .disable_provenance(true),
        )
        .unwrap();
    assert_eq!(updated.provenance, None);
    assert_eq!(updated.time_intervals.unwrap()[0]["weekdays"][0], "monday");
    assert_eq!(
        provenance_header(emu, "PUT", &path).as_deref(),
        Some("true")
    );
    let deleted = api
        .run(p.delete_mute_timing(&name).disable_provenance(true))
        .unwrap();
    assert_eq!(deleted, None);
    assert_eq!(
        provenance_header(emu, "DELETE", &path).as_deref(),
        Some("true")
    );
    assert!(api
        .run(p.get_mute_timing(&name))
        .unwrap_err()
        .is_not_found());

    // Without the option, no header: the update stores provenance `api`.
    let plain = unique("mt-api");
    let plain_path = format!("/api/v1/provisioning/mute-timings/{plain}");
    api.run(p.create_mute_timing(&json!({"name": plain, "time_intervals": []})))
        .unwrap();
    let kept = api
        .run(p.update_mute_timing(&plain, &json!({"name": plain, "time_intervals": []})))
        .unwrap();
    assert_eq!(kept.provenance.as_deref(), Some("api"));
    assert_eq!(provenance_header(emu, "PUT", &plain_path), None);
    api.run(p.delete_mute_timing(&plain)).unwrap();
    assert_eq!(provenance_header(emu, "DELETE", &plain_path), None);

    // Alert rule: Grafana compares the delete's provenance with the rule's.
    let folder = unique("prov-f");
    api.run(api.folder().create_folder("Provenance").uid(&folder))
        .unwrap();
    let group = unique("prov-g");
    let owned = api
        .run(p.create_alertrule(&rule(&folder, &group, "Owned")))
        .unwrap();
    let owned_uid = owned.uid.unwrap();
    let owned_path = format!("/api/v1/provisioning/alert-rules/{owned_uid}");
    let err = api
        .run(p.delete_alertrule(&owned_uid).disable_provenance(true))
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409), "{err}");
    assert_eq!(
        err.api().and_then(|a| a.message_id.as_deref()),
        Some("alerting.provenanceMismatch")
    );
    assert_eq!(
        provenance_header(emu, "DELETE", &owned_path).as_deref(),
        Some("true")
    );
    assert_eq!(api.run(p.delete_alertrule(&owned_uid)).unwrap(), None);

    let free = api
        .run(
            p.create_alertrule(&rule(&folder, &group, "Free"))
                .disable_provenance(true),
        )
        .unwrap();
    let free_uid = free.uid.unwrap();
    let free_path = format!("/api/v1/provisioning/alert-rules/{free_uid}");
    assert_eq!(
        api.run(p.delete_alertrule(&free_uid).disable_provenance(true))
            .unwrap(),
        None
    );
    assert_eq!(
        provenance_header(emu, "DELETE", &free_path).as_deref(),
        Some("true")
    );
    assert!(api
        .run(p.get_alertrule(&free_uid))
        .unwrap_err()
        .is_not_found());
    api.run(api.folder().delete_folder(&folder)).ok();
}

/// A client of this kind for an emulator playing `version` (with the demo data).
fn emulated<C: Drive>(version: &str) -> (BlockingEmulator, C) {
    let emu = Emulator::builder()
        .seed_demo()
        .version(version)
        .start_blocking()
        .expect("emulator starts");
    let api = C::build(
        GrafanaApi::builder()
            .url(&emu.url())
            .auth(BasicAuth::new("admin", "admin")),
    );
    (emu, api)
}

/// `METHOD path?query` of the logged search and star requests, in order.
fn star_traffic(emu: &BlockingEmulator) -> Vec<String> {
    emu.requests()
        .into_iter()
        .filter(|r| r.raw_path == "/api/search" || r.raw_path.starts_with("/api/user/stars"))
        .map(|r| match r.raw_query {
            Some(q) => format!("{} {}?{q}", r.method, r.raw_path),
            None => format!("{} {}", r.method, r.raw_path),
        })
        .collect()
}

fn star_by_id_uses_the_uid_route_on_grafana_12<C: Drive>() {
    let t = Target::new();
    if t.emulator_only("starts emulators playing given releases")
        .is_none()
    {
        return;
    }
    for version in ["12.2.0", "13.0.0"] {
        let (emu, api) = emulated::<C>(version);
        let uid = unique("star-id");
        let id = create_dashboard(&api, &uid, &unique("Star by id"))["id"]
            .as_i64()
            .expect("dashboard id");
        emu.clear_requests();

        let starred = api.run_star(api.user().star_dashboard(id)).unwrap();
        assert_eq!(starred.message, "Dashboard starred!", "{version}");
        let unstarred = api
            .run_star(api.user().unstar_actual_user_dashboard(id))
            .unwrap();
        assert_eq!(unstarred.message, "Dashboard unstarred", "{version}");
        let lookup = format!("GET /api/search?dashboardIds={id}&type=dash-db");
        assert_eq!(
            star_traffic(&emu),
            [
                lookup.clone(),
                format!("POST /api/user/stars/dashboard/uid/{uid}"),
                lookup,
                format!("DELETE /api/user/stars/dashboard/uid/{uid}"),
            ],
            "{version}"
        );
        // The version was asked once, by the first call.
        let asked = logged(&emu, "GET", "/api/frontend/settings").len()
            + logged(&emu, "GET", "/api/health").len();
        assert_eq!(asked, 1, "{version}");

        // An id no dashboard has: the id route, and Grafana's 404.
        emu.clear_requests();
        let err = api
            .run_star(api.user().star_dashboard(987_654_321_i64))
            .unwrap_err();
        assert!(err.is_not_found(), "{err}");
        assert_eq!(
            star_traffic(&emu),
            [
                "GET /api/search?dashboardIds=987654321&type=dash-db".to_owned(),
                "POST /api/user/stars/dashboard/987654321".to_owned(),
            ]
        );

        // A uid is one request, without a lookup.
        emu.clear_requests();
        api.run(api.user().star_dashboard(uid.as_str())).unwrap();
        assert_eq!(
            star_traffic(&emu),
            [format!("POST /api/user/stars/dashboard/uid/{uid}")]
        );
    }
}

fn star_by_id_uses_the_id_route_on_grafana_11<C: Drive>() {
    let t = Target::new();
    if t.emulator_only("starts an emulator playing 11.6").is_none() {
        return;
    }
    let (emu, api) = emulated::<C>("11.6.0");
    let uid = unique("star-11");
    let id = create_dashboard(&api, &uid, &unique("Star on 11"))["id"]
        .as_i64()
        .expect("dashboard id");
    emu.clear_requests();
    // Grafana 11 serves the id route; the emulator answers the router's 404
    // to it for every release, so only the request is checked here.
    let star = api.run_star(api.user().star_dashboard(id));
    let unstar = api.run_star(api.user().unstar_dashboard(id));
    assert!(star.unwrap_err().is_not_found());
    assert!(unstar.unwrap_err().is_not_found());
    assert_eq!(
        star_traffic(&emu),
        [
            format!("POST /api/user/stars/dashboard/{id}"),
            format!("DELETE /api/user/stars/dashboard/{id}"),
        ]
    );
    assert_eq!(api.version_of().unwrap(), "11.6.0");
}

fn assert_not_found(e: grafana_client::Error) {
    assert!(e.is_not_found(), "{e}");
    assert_eq!(e.api().unwrap().message.as_deref(), Some("Not found"));
}

fn deprecated_methods_answer_as_grafana_does<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    // Removed in Grafana 8 and 11: the router's 404.
    assert_not_found(
        api.run(api.dashboard().get_dashboard_by_name("demo-overview"))
            .unwrap_err(),
    );
    assert_not_found(api.run(api.admin().pause_all_alerts(true)).unwrap_err());
    assert_not_found(api.run(api.notifications().get_channels()).unwrap_err());
    assert_not_found(
        api.run(api.notifications().get_channel_by_uid("x"))
            .unwrap_err(),
    );

    // `new_uid` is sent but ignored: the folder keeps its uid.
    let uid = unique("keep-uid");
    api.run(api.folder().create_folder("Keeps its uid").uid(&uid))
        .unwrap();
    let moved = api
        .run(
            api.folder()
                .update_folder(&uid)
                .title("Still keeps its uid")
                .new_uid(unique("ignored"))
                .overwrite(true),
        )
        .unwrap();
    assert_eq!(moved.uid, uid);
    assert_eq!(moved.title, "Still keeps its uid");
    api.run(api.folder().delete_folder(&uid)).unwrap();

    // The unified-alerting Ruler routes are deprecated only for parity with
    // the Python package: they still answer.
    let folder = unique("ruler-f");
    api.run(api.folder().create_folder("Ruler").uid(&folder))
        .unwrap();
    let group = unique("ruler-g");
    api.run(
        api.alertingprovisioning()
            .create_alertrule(&rule(&folder, &group, "Ruler")),
    )
    .unwrap();
    let g = api
        .run(api.alerting().get_alertrule(&folder, &group))
        .unwrap();
    assert_eq!(g.name.as_deref(), Some(group.as_str()));
    api.run(api.alerting().delete_alertrule(&folder, &group))
        .unwrap();
    api.run(api.folder().delete_folder(&folder)).ok();
}
