//! `grafctl restore`: round trip into a fresh instance, idempotence, the
//! plan is what applying does, --prune, hostile names and secrets.

use grafana_emulator::Emulator;
use serde_json::{json, Value};

use crate::backup::{add_context, add_extras, admin, all_files, client, DS_SECRET, USER_SECRET};
use crate::common::{run, Env};

fn steps(env: &Env, args: &[&str]) -> Vec<Value> {
    let out = admin(env)
        .args(["-o", "json"])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    v.as_array().expect("array").clone()
}

fn actions(steps: &[Value]) -> Vec<(String, String, String)> {
    steps
        .iter()
        .map(|s| {
            (
                s["kind"].as_str().unwrap_or("").to_string(),
                s["key"].as_str().unwrap_or("").to_string(),
                s["action"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn backup_restore_diff_round_trip_all_orgs_then_all_unchanged() {
    let a = Env::new();
    add_extras(&a.url());
    let dir = a.dir("b");
    let (code, _, err) = run(admin(&a).args(["-q", "backup", "--all-orgs"]).arg(&dir));
    assert_eq!(code, 0, "{err}");
    let b = Env::with(Emulator::builder());
    // B starts empty: drop the service account its test token came with
    let sas = client(&b.url())
        .raw()
        .get("api/serviceaccounts/search")
        .send()
        .expect("sas");
    for sa in sas["serviceAccounts"].as_array().expect("sas") {
        let id = sa["id"].as_i64().expect("id");
        client(&b.url())
            .raw()
            .delete(&format!("api/serviceaccounts/{id}"))
            .send()
            .expect("delete sa");
    }
    let d = dir.to_str().expect("utf8");
    let first = steps(&b, &["restore", d]);
    assert!(first.iter().all(|s| s.get("error").is_none()), "{first:#?}");
    let created = |kind: &str| {
        first
            .iter()
            .filter(|s| s["kind"] == kind && s["action"] == "create")
            .count()
    };
    assert_eq!(created("dashboards"), 7, "{first:#?}");
    assert_eq!(created("folders"), 3);
    assert_eq!(created("datasources"), 3);
    assert_eq!(created("mute-timings"), 1);
    assert_eq!(created("teams"), 2);
    // the hostile ones came back under their own uid and title
    let api = client(&b.url());
    let dash = api
        .dashboard()
        .get_dashboard("-lead_x")
        .send()
        .expect("dash");
    let dash = serde_json::to_value(&dash).expect("json");
    assert_eq!(dash["dashboard"]["title"], ".hidden/../Ünï ☃ \"q\"");
    assert_eq!(dash["meta"]["folderUid"], "CON");
    let orgs = api.raw().get("api/orgs").send().expect("orgs");
    let names: Vec<&str> = orgs
        .as_array()
        .expect("orgs")
        .iter()
        .filter_map(|o| o["name"].as_str())
        .collect();
    assert!(names.contains(&"Demo Org 2"), "{names:?}");
    // second run: nothing to do
    let second = steps(&b, &["restore", d]);
    let changed: Vec<_> = second
        .iter()
        .filter(|s| s["action"] != "unchanged")
        .collect();
    assert!(changed.is_empty(), "{changed:#?}");
    assert_eq!(second.len(), first.len());
    // and diff between the backup and the restored instance is empty
    add_context(&a, "restored", &b.url());
    let (code, out, err) = run(a.bare().args(["diff", d, "ctx:restored", "--all-orgs"]));
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out, "");
    assert!(err.contains("no differences"), "{err}");
    // a user created by restore has no password from anywhere: not the old one
    let login = b
        .bare()
        .env("GRAFANA_URL", b.url())
        .env("GRAFANA_USER", "ana")
        .env("GRAFANA_PASSWORD", USER_SECRET)
        .args(["backup", "x"])
        .output()
        .expect("runs");
    assert_eq!(login.status.code(), Some(3));
    // the restored data source has no secret (it was never in the backup)
    let ds = api
        .raw()
        .get("api/datasources/uid/pg-sec")
        .send()
        .expect("ds");
    assert_eq!(ds.pointer("/secureJsonFields/password"), None, "{ds}");
    for f in all_files(&dir) {
        assert!(!std::fs::read_to_string(&f)
            .expect("read")
            .contains(DS_SECRET));
    }
}

#[test]
fn plan_is_what_apply_does_and_writes_nothing() {
    let a = Env::new();
    let dir = a.dir("b");
    let (code, _, err) = run(admin(&a).args(["-q", "backup"]).arg(&dir));
    assert_eq!(code, 0, "{err}");
    let d = dir.to_str().expect("utf8");
    // the target: the demo, drifted
    let b = Env::new();
    let api = client(&b.url());
    let mut dash = serde_json::to_value(
        api.dashboard()
            .get_dashboard("demo-overview")
            .send()
            .expect("get"),
    )
    .expect("json");
    dash["dashboard"]["title"] = json!("Drifted");
    api.raw()
        .post("api/dashboards/db")
        .body(
            &json!({"dashboard": dash["dashboard"], "folderUid": "demo-folder", "overwrite": true}),
        )
        .send()
        .expect("save");
    api.dashboard()
        .delete_dashboard("demo-latency")
        .send()
        .expect("delete");
    api.raw()
        .post("api/dashboards/db")
        .body(&json!({"dashboard": {"uid": "extra", "title": "Extra"}}))
        .send()
        .expect("extra");
    b.emu.clear_requests();
    let plan = steps(&b, &["restore", "--plan", "--prune", d]);
    let writes: Vec<String> = b
        .emu
        .requests()
        .iter()
        .filter(|r| r.method != "GET")
        .map(|r| format!("{} {}", r.method, r.raw_path))
        .collect();
    assert!(writes.is_empty(), "the plan wrote: {writes:?}");
    let mut expected = vec![
        (
            "dashboards".to_string(),
            "demo-latency".to_string(),
            "create".to_string(),
        ),
        ("dashboards".into(), "demo-overview".into(), "update".into()),
        ("dashboards".into(), "extra".into(), "delete".into()),
    ];
    let mut changes: Vec<_> = actions(&plan)
        .into_iter()
        .filter(|(_, _, a)| a != "unchanged")
        .collect();
    changes.sort();
    expected.sort();
    assert_eq!(changes, expected);
    // --dry-run is --plan
    assert_eq!(steps(&b, &["restore", "--dry-run", "--prune", d]), plan);
    b.emu.clear_requests();
    let applied = steps(&b, &["restore", "--prune", d]);
    assert_eq!(actions(&applied), actions(&plan));
    let writes: Vec<String> = b
        .emu
        .requests()
        .iter()
        .filter(|r| r.method != "GET")
        .map(|r| format!("{} {}", r.method, r.raw_path))
        .collect();
    assert_eq!(
        writes,
        [
            "POST /api/dashboards/db",
            "POST /api/dashboards/db",
            "DELETE /api/dashboards/uid/extra"
        ],
        "exactly the plan's three writes"
    );
    let again = steps(&b, &["restore", "--plan", "--prune", d]);
    assert!(
        again.iter().all(|s| s["action"] == "unchanged"),
        "{again:#?}"
    );
    // the table form lists every object with its action
    let (code, out, err) = run(admin(&b).args(["restore", "--plan", d]));
    assert_eq!(code, 0);
    assert!(out.starts_with("ORG"), "{out}");
    assert!(
        out.contains("dashboards        unchanged  demo-overview"),
        "{out}"
    );
    assert!(err.contains("plan: 0 create, 0 update, 0 delete,"), "{err}");
}

#[test]
fn restore_refuses_a_directory_that_is_not_a_backup() {
    let env = Env::new();
    let dir = env.dir("empty");
    let (code, _, err) = run(env.cmd().arg("restore").arg(&dir));
    assert_eq!(code, 1);
    assert!(err.contains("manifest.json"), "{err}");
}
