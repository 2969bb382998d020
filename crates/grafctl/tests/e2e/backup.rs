//! `grafctl backup`: layout, manifest, counts, secrets, re-runs, hostile
//! names, --components.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use grafana_client::blocking::GrafanaApi;
use grafana_client::BasicAuth;
use grafana_emulator::Emulator;
use serde_json::{json, Value};

use crate::common::{run, Env};

pub const DS_SECRET: &str = "s3cret-ds-pw-4471";
pub const USER_SECRET: &str = "s3cret-user-pw-9182";

/// `grafctl` as the server admin (basic auth) of `env`'s emulator.
pub fn admin(env: &Env) -> Command {
    let mut c = env.bare();
    c.env("GRAFANA_URL", env.url())
        .env("GRAFANA_USER", "admin")
        .env("GRAFANA_PASSWORD", "admin");
    c
}

/// A blocking client as the server admin.
pub fn client(url: &str) -> GrafanaApi {
    GrafanaApi::builder()
        .url(url)
        .auth(BasicAuth::new("admin", "admin"))
        .build()
        .expect("client")
}

/// Adds context `name` (server admin of `url`) to `env`'s config file.
pub fn add_context(env: &Env, name: &str, url: &str) {
    let (code, _, err) = run(env.bare().args([
        "context",
        "add",
        name,
        "--url",
        url,
        "--user",
        "admin",
        "--password",
        "admin",
    ]));
    assert_eq!(code, 0, "{err}");
}

/// Objects with secrets and hostile names, on top of the demo data.
pub fn add_extras(url: &str) {
    let api = client(url);
    api.raw()
        .post("api/datasources")
        .body(
            &json!({"name": "Sec/ret DS", "type": "postgres", "uid": "pg-sec",
            "access": "proxy", "url": "db:5432",
            "secureJsonData": {"password": DS_SECRET}}),
        )
        .send()
        .expect("datasource");
    api.raw()
        .post("api/admin/users")
        .body(
            &json!({"login": "ana", "email": "ana@example.com", "name": "Ana",
            "password": USER_SECRET, "OrgId": 1}),
        )
        .send()
        .expect("user");
    api.raw()
        .post("api/folders")
        .body(&json!({"uid": "CON", "title": "../../etc/passwd ☃ a.b/c"}))
        .send()
        .expect("folder");
    api.raw()
        .post("api/dashboards/db")
        .body(
            &json!({"dashboard": {"uid": "-lead_x", "title": ".hidden/../Ünï ☃ \"q\"",
            "panels": []}, "folderUid": "CON"}),
        )
        .send()
        .expect("dashboard");
    api.raw()
        .post("api/v1/provisioning/mute-timings")
        .body(&json!({"name": "a/b.c ☃", "time_intervals": [{"weekdays": ["monday"]}]}))
        .send()
        .expect("mute timing");
    api.raw()
        .post("api/teams")
        .body(&json!({"name": "../team/..", "email": "t@example.com"}))
        .send()
        .expect("team");
}

/// Every file under `dir`, recursively, sorted.
pub fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn rel(base: &Path, files: &[PathBuf]) -> Vec<String> {
    files
        .iter()
        .map(|f| {
            f.strip_prefix(base)
                .expect("inside")
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn read(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).expect("read")).expect("json")
}

#[test]
fn all_orgs_layout_manifest_and_no_secrets() {
    let env = Env::new();
    add_extras(&env.url());
    let dir = env.dir("b");
    let out = admin(&env)
        .args(["-vv", "backup", "--all-orgs"])
        .arg(&dir)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let files = all_files(&dir);
    let names = rel(&dir, &files);
    for expected in [
        "manifest.json",
        "org-1-Main-Org/folders/Demo--demo-folder.json",
        "org-1-Main-Org/folders/Demo-Nested--demo-nested.json",
        "org-1-Main-Org/dashboards/Demo-Overview--demo-overview.json",
        "org-1-Main-Org/datasources/TestData--testdata.json",
        "org-1-Main-Org/users/ana--ana.json",
        "org-1-Main-Org/library-panels/Demo-library-panel--demo-library-panel.json",
        "org-1-Main-Org/alert-rules/Demo-high-value--demo-rule.json",
        "org-1-Main-Org/policies/notification-policy-tree--policies.json",
        "org-2-Demo-Org-2/dashboards/Demo-Org-2-Overview--demo-org2-overview.json",
    ] {
        assert!(
            names.contains(&expected.to_string()),
            "{expected} missing in {names:#?}"
        );
    }
    // hostile titles and uids: one safe segment each, inside the backup
    for n in &names {
        for part in n.split('/') {
            assert!(
                !part.starts_with('.') && !part.is_empty(),
                "unsafe name {n:?}"
            );
        }
    }
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("org-1-Main-Org/folders/etc-passwd-a-b-c--_CON-")),
        "{names:#?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("org-1-Main-Org/dashboards/hidden-Ünï-q--lead_x-")),
        "{names:#?}"
    );
    // manifest: version, orgs, exact counts
    let m = read(&dir.join("manifest.json"));
    assert_eq!(m["format"], "grafctl-backup/1");
    assert_eq!(m["grafanaVersion"], "12.2.0");
    assert_eq!(m["orgs"][0]["name"], "Main Org.");
    assert_eq!(m["orgs"][0]["dir"], "org-1-Main-Org");
    assert_eq!(m["orgs"][0]["counts"]["dashboards"], 6);
    assert_eq!(m["orgs"][0]["counts"]["folders"], 3);
    assert_eq!(m["orgs"][0]["counts"]["datasources"], 3);
    assert_eq!(m["orgs"][0]["counts"]["users"], 4);
    assert_eq!(m["orgs"][0]["counts"]["mute-timings"], 1);
    assert_eq!(m["orgs"][1]["name"], "Demo Org 2");
    assert_eq!(m["orgs"][1]["counts"]["dashboards"], 1);
    assert!(m["orgs"][0]["counts"].get("annotations").is_none());
    // the data source says which secrets it had, never their values
    let ds = files
        .iter()
        .find(|f| {
            f.to_string_lossy()
                .contains("/datasources/Sec-ret-DS--pg-sec")
        })
        .expect("ds file");
    let ds = read(ds);
    assert_eq!(ds["secureJsonFieldsNotBackedUp"], json!(["password"]));
    assert!(ds.get("id").is_none() && ds.get("version").is_none());
    // dashboards: no server-set id/version
    let d = read(&dir.join("org-1-Main-Org/dashboards/Demo-Overview--demo-overview.json"));
    assert!(d["dashboard"].get("id").is_none());
    assert!(d["dashboard"].get("version").is_none());
    assert_eq!(d["folderUid"], "demo-folder");
    let user = read(&dir.join("org-1-Main-Org/users/ana--ana.json"));
    assert_eq!(
        user,
        json!({"login": "ana", "email": "ana@example.com", "name": "Ana", "role": "Viewer"})
    );
    // no secret anywhere: files, stdout, -v stderr
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read");
        for secret in [DS_SECRET, USER_SECRET, "admin:admin", "YWRtaW46YWRtaW4"] {
            assert!(!text.contains(secret), "{secret} in {}", f.display());
        }
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    for secret in [DS_SECRET, USER_SECRET, "YWRtaW46YWRtaW4"] {
        assert!(!stderr.contains(secret) && !stdout.contains(secret));
    }
    assert!(stderr.contains("as basic (admin)"), "{stderr}");
}

#[test]
fn rerun_is_byte_identical_and_drops_deleted_objects() {
    let env = Env::new();
    let dir = env.dir("b");
    let (code, _, err) = run(env.cmd().args(["-q", "backup"]).arg(&dir));
    assert_eq!(code, 0, "{err}");
    let before: Vec<(PathBuf, String)> = all_files(&dir)
        .into_iter()
        .map(|f| {
            let t = std::fs::read_to_string(&f).expect("read");
            (f, t)
        })
        .collect();
    client(&env.url())
        .dashboard()
        .delete_dashboard("demo-latency")
        .send()
        .expect("delete");
    let (code, _, err) = run(env.cmd().args(["-q", "backup"]).arg(&dir));
    assert_eq!(code, 0, "{err}");
    let after = all_files(&dir);
    assert_eq!(after.len(), before.len() - 1);
    for (f, text) in &before {
        if f.to_string_lossy().contains("demo-latency") {
            assert!(!f.exists());
        } else if !f.ends_with("manifest.json") {
            assert_eq!(&std::fs::read_to_string(f).expect("read"), text, "{f:?}");
        }
    }
    // no temporary files left behind
    assert!(after.iter().all(|f| !f.to_string_lossy().contains(".tmp.")));
}

#[test]
fn components_choose_kinds_and_json_output_is_the_manifest() {
    let env = Env::new();
    let dir = env.dir("b");
    let m = env.json(&[
        "backup",
        "--components",
        "folders,dashboards",
        dir.to_str().expect("utf8"),
    ]);
    assert_eq!(
        m["orgs"][0]["counts"],
        json!({"folders": 2, "dashboards": 5})
    );
    let kinds = crate::common::file_names(&dir.join("org-1-Main-Org"));
    assert_eq!(kinds, ["dashboards", "folders"]);
    let (code, _, err) = run(env.cmd().args(["backup", "--components", "nope"]).arg(&dir));
    assert_eq!(code, 2);
    assert!(err.contains("unknown component \"nope\""), "{err}");
    // --all-orgs with an org token is refused as an auth error (exit 3)
    let (code, _, err) = run(env.cmd().args(["backup", "--all-orgs"]).arg(&dir));
    assert_eq!(code, 3, "{err}");
}

#[test]
fn annotations_on_request() {
    let env = Env::with(Emulator::builder().seed_demo());
    client(&env.url())
        .raw()
        .post("api/annotations")
        .body(&json!({"dashboardUID": "demo-overview", "panelId": 1,
            "time": 1_700_000_000_000i64, "text": "deploy 42", "tags": ["deploy"]}))
        .send()
        .expect("annotation");
    let dir = env.dir("b");
    let m = env.json(&[
        "backup",
        "--components",
        "annotations",
        dir.to_str().expect("utf8"),
    ]);
    // the demo's three and this one
    assert_eq!(m["orgs"][0]["counts"]["annotations"], 4);
    let files = all_files(&dir.join("org-1-Main-Org/annotations"));
    let a = files
        .iter()
        .map(|f| read(f))
        .find(|a| a["text"] == "deploy 42")
        .expect("annotation file");
    assert_eq!(a["text"], "deploy 42");
    assert_eq!(a["dashboardUID"], "demo-overview");
    assert_eq!(a["tags"], json!(["deploy"]));
}
