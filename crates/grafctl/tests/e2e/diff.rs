//! `grafctl diff`: backups and contexts, server-set fields ignored, exit
//! codes, formats.

use serde_json::{json, Value};

use crate::backup::{add_context, admin, client};
use crate::common::{run, Env};

fn retitle(url: &str, uid: &str, title: &str) {
    let api = client(url);
    let mut dash = serde_json::to_value(api.dashboard().get_dashboard(uid).send().expect("get"))
        .expect("json");
    dash["dashboard"]["title"] = json!(title);
    let folder = dash["meta"]["folderUid"].clone();
    api.raw()
        .post("api/dashboards/db")
        .body(&json!({"dashboard": dash["dashboard"], "folderUid": folder, "overwrite": true}))
        .send()
        .expect("save");
}

#[test]
fn backups_and_contexts_compare_per_object() {
    let env = Env::new();
    let one = env.dir("one");
    let two = env.dir("two");
    let (code, _, err) = run(admin(&env).args(["-q", "backup"]).arg(&one));
    assert_eq!(code, 0, "{err}");
    // saving the same dashboard again bumps its version and timestamps only
    retitle(&env.url(), "demo-rows", "Demo Rows");
    let (code, _, err) = run(admin(&env).args(["-q", "backup"]).arg(&two));
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(env.bare().arg("diff").arg(&one).arg(&two));
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    // a real change
    retitle(&env.url(), "demo-overview", "Changed");
    client(&env.url())
        .dashboard()
        .delete_dashboard("demo-latency")
        .send()
        .expect("delete");
    add_context(&env, "live", &env.url());
    let (code, out, err) = run(env.bare().arg("diff").arg(&one).arg("ctx:live"));
    assert_eq!(code, 1, "{err}");
    let a = one.display().to_string();
    assert_eq!(
        out,
        format!(
            "- Main Org. dashboards demo-latency \"Demo Latency\" (only in {a})\n\
             ~ Main Org. dashboards demo-overview \"Changed\"\n    ~ .dashboard.title: \"Demo Overview\" -> \"Changed\"\n"
        )
    );
    assert!(err.contains("2 object(s) differ"), "{err}");
    // a bare context name works too; JSON form
    let (code, out, _) = run(env.bare().args(["-o", "json", "diff", "live"]).arg(&one));
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        v,
        json!([
            {"org": "Main Org.", "kind": "dashboards", "key": "demo-latency", "title": "Demo Latency",
             "status": "only-b", "changes": []},
            {"org": "Main Org.", "kind": "dashboards", "key": "demo-overview", "title": "Demo Overview",
             "status": "changed", "changes": [
                {"path": ".dashboard.title", "op": "change", "old": "Changed", "new": "Demo Overview"}]}
        ])
    );
    // --components narrows the comparison
    let (code, _, _) = run(env
        .bare()
        .args(["diff", "--components", "folders", "live"])
        .arg(&one));
    assert_eq!(code, 0);
}

#[test]
fn a_directory_without_manifest_is_a_usage_error() {
    let env = Env::new();
    let dir = env.dir("plain");
    let (code, _, err) = run(env.bare().arg("diff").arg(&dir).arg(&dir));
    assert_eq!(code, 2);
    assert!(err.contains("not a grafctl backup"), "{err}");
}
