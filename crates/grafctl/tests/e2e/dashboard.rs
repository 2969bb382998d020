//! `grafctl dashboard ...`: formats, export/import round trips with hostile
//! titles, versions/diff/restore, exit codes 1 and 4.

use serde_json::{json, Value};

use crate::common::{file_names, run, Env};

#[test]
fn list_in_every_format() {
    let env = Env::new();
    let (code, out, err) = run(env
        .cmd()
        .args(["dashboard", "list", "--folder", "demo-folder"]));
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("UID") && lines[0].contains("TITLE") && lines[0].ends_with("TAGS"),
        "{out}"
    );
    assert_eq!(lines.len(), 5, "{out}");
    assert!(out.contains("demo-latency   Demo Latency"), "{out}");

    let hits = env.json(&["dashboard", "list", "--tag", "demo", "--tag", "rows"]);
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert_eq!(hits[0]["uid"], "demo-rows");
    assert_eq!(hits[0]["folderUid"], "demo-folder");

    let (code, out, _) =
        run(env
            .cmd()
            .args(["-o", "yaml", "dashboard", "list", "--query", "Templating"]));
    assert_eq!(code, 0);
    assert!(out.starts_with("- "), "{out}");
    assert!(out.contains("uid: demo-templating"), "{out}");
}

#[test]
fn get_prints_the_dashboard_and_a_missing_one_exits_1() {
    let env = Env::new();
    let d = env.json(&["dashboard", "get", "demo-overview"]);
    assert_eq!(d["dashboard"]["title"], "Demo Overview");
    assert_eq!(d["meta"]["folderUid"], "demo-folder");
    let (code, out, _) = run(env
        .cmd()
        .args(["-o", "yaml", "dashboard", "get", "demo-overview"]));
    assert_eq!(code, 0);
    assert!(out.contains("title: Demo Overview"), "{out}");

    let (code, out, err) = run(env.cmd().args(["dashboard", "get", "no-such-dash"]));
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(
        err.starts_with("error: dashboard no-such-dash: Grafana answered 404"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn export_writes_stable_files_and_reports_partial_failure() {
    let env = Env::new();
    let dir = env.dir("out");
    let (code, out, err) = run(env
        .cmd()
        .args([
            "dashboard",
            "export",
            "demo-overview",
            "missing-one",
            "demo-latency",
            "--dir",
        ])
        .arg(&dir));
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("1 failed:") && err.contains("dashboard missing-one"),
        "{err}"
    );
    assert!(out.contains("demo-overview"), "{out}");
    assert_eq!(
        file_names(&dir),
        vec![
            "Demo-Latency--demo-latency.json",
            "Demo-Overview--demo-overview.json"
        ]
    );
    let text = std::fs::read_to_string(dir.join("Demo-Overview--demo-overview.json")).unwrap();
    assert!(text.ends_with("}\n"));
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["folderUid"], "demo-folder");
    assert_eq!(doc["folderTitle"], "Demo");
    assert_eq!(doc["dashboard"]["uid"], "demo-overview");
    // keys sorted at every level: the first key of the file is "dashboard",
    // and inside it "annotations" comes before "panels"
    assert!(
        text.starts_with("{\n  \"dashboard\": {\n    \"annotations\""),
        "{text}"
    );
    // exporting again gives the same bytes
    let (code, _, _) = run(env
        .cmd()
        .args(["dashboard", "export", "demo-overview", "--dir"])
        .arg(&dir));
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read_to_string(dir.join("Demo-Overview--demo-overview.json")).unwrap(),
        text
    );
    // a single missing dashboard is an error, not a partial failure
    let (code, _, err) = run(env
        .cmd()
        .args(["dashboard", "export", "missing-one", "--dir"])
        .arg(&dir));
    assert_eq!(code, 1, "{err}");
}

#[test]
fn hostile_titles_become_safe_names_that_import_back() {
    let src = Env::new();
    let titles = [
        ("h-dots", "../../etc/passwd"),
        ("h-slash", "a/b\\c:d*e?f"),
        ("h-unicode", "日本語 ダッシュボード ✓"),
        ("CON", "CON"),
        ("h-hidden", ".hidden"),
        ("h-newline", "line\nbreak\u{1b}[31m"),
        ("h-seps", "///"),
        ("h-dotdot", ".."),
        ("h-long", &"x".repeat(300)),
    ];
    let input = src.dir("in");
    for (uid, title) in &titles {
        let body = json!({"title": title, "uid": uid, "panels": [], "schemaVersion": 39});
        std::fs::write(input.join(format!("{uid}.json")), body.to_string()).unwrap();
    }
    let (code, _, err) = run(src
        .cmd()
        .args(["dashboard", "import", "--folder", "demo-nested"])
        .arg(&input));
    assert_eq!(code, 0, "{err}");

    let out = src.dir("export");
    let (code, stdout, err) = run(src
        .cmd()
        .args([
            "dashboard",
            "export",
            "--all",
            "--folder",
            "demo-nested",
            "--dir",
        ])
        .arg(&out));
    assert_eq!(code, 0, "{err}");
    // the hostile title is shown with its control characters replaced
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    let names = file_names(&out);
    assert_eq!(names.len(), titles.len() + 1, "{names:?}"); // + demo-templating
    for n in &names {
        assert!(
            !n.starts_with('.') && !n.contains('/') && !n.contains('\\') && !n.contains(':'),
            "{n}"
        );
        assert!(n.len() <= 160, "{n}");
        assert!(n.ends_with(".json"));
        assert!(
            n.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c)),
            "{n}"
        );
    }
    assert!(
        names.contains(&"etc-passwd--h-dots.json".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"日本語-ダッシュボード--h-unicode.json".to_string()),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.starts_with("_CON--_CON-")),
        "{names:?}"
    );
    assert!(names.contains(&"_--h-seps.json".to_string()), "{names:?}");
    assert!(names.contains(&"_--h-dotdot.json".to_string()), "{names:?}");

    // into a fresh instance, then each dashboard reads back with its title
    let dst = Env::new();
    let (code, out_table, err) = run(dst.cmd().args(["dashboard", "import"]).arg(&out));
    assert_eq!(code, 0, "{err}");
    assert!(out_table.contains("success"), "{out_table}");
    for (uid, title) in &titles {
        let d = dst.json(&["dashboard", "get", uid]);
        assert_eq!(d["dashboard"]["title"], *title, "{uid}");
        assert_eq!(d["meta"]["folderUid"], "demo-nested", "{uid}");
    }
    // importing the same files again without --overwrite: the hostile ones
    // were created at version 1 and still are, so they update; the seeded
    // demo-templating is at version 2 now (the first import updated it) and
    // the file says 1, so Grafana refuses that one: a partial failure
    let (code, _, err) = run(dst.cmd().args(["dashboard", "import"]).arg(&out));
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("1 failed:")
            && err.contains("Demo-Templating--demo-templating.json: Grafana answered 412"),
        "{err}"
    );
    let (code, _, err) = run(dst
        .cmd()
        .args(["dashboard", "import", "--overwrite"])
        .arg(&out));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn import_conflict_needs_overwrite() {
    let env = Env::new();
    let dir = env.dir("in");
    // Grafana refuses an empty title: the whole message reaches the user
    let empty = env.dir("empty").join("e.json");
    std::fs::write(&empty, json!({"uid": "e", "title": ""}).to_string()).unwrap();
    let (code, _, err) = run(env.cmd().args(["dashboard", "import"]).arg(&empty));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "Grafana answered 400 to POST /api/dashboards/db: Dashboard title cannot be empty"
        ),
        "{err}"
    );
    let file = dir.join("o.json");
    std::fs::write(&file, json!({"dashboard": {"uid": "demo-overview", "title": "Stale", "version": 0, "panels": []}}).to_string()).unwrap();
    let (code, _, err) = run(env.cmd().args(["dashboard", "import"]).arg(&file));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--overwrite"), "{err}");
    let (code, _, err) = run(env
        .cmd()
        .args(["dashboard", "import", "--overwrite"])
        .arg(&file));
    assert_eq!(code, 0, "{err}");
    let d = env.json(&["dashboard", "get", "demo-overview"]);
    assert_eq!(d["dashboard"]["title"], "Stale");
    // a file that is not a dashboard, next to a good one: partial failure
    std::fs::write(dir.join("bad.json"), "[1,2]").unwrap();
    std::fs::write(
        dir.join("good.json"),
        json!({"uid": "new-one", "title": "New"}).to_string(),
    )
    .unwrap();
    std::fs::remove_file(&file).unwrap();
    let (code, _, err) = run(env.cmd().args(["dashboard", "import"]).arg(&dir));
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("bad.json: not a JSON object"), "{err}");
    assert_eq!(
        env.json(&["dashboard", "get", "new-one"])["dashboard"]["title"],
        "New"
    );
}

#[test]
fn versions_diff_and_restore() {
    let env = Env::new();
    let mut d = env.json(&["dashboard", "get", "demo-overview"]);
    d["dashboard"]["title"] = "Renamed Overview".into();
    d["dashboard"]["tags"] = json!(["demo", "renamed"]);
    let file = env.dir("in").join("o.json");
    std::fs::write(&file, d.to_string()).unwrap();
    let (code, _, err) = run(env
        .cmd()
        .args(["dashboard", "import", "--message", "rename"])
        .arg(&file));
    assert_eq!(code, 0, "{err}");

    let versions = env.json(&["dashboard", "versions", "demo-overview"]);
    let nums: Vec<i64> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_i64().unwrap())
        .collect();
    assert_eq!(nums, vec![2, 1]);
    assert_eq!(versions[0]["message"], "rename");
    let (code, out, _) = run(env.cmd().args(["dashboard", "versions", "demo-overview"]));
    assert_eq!(code, 0);
    assert!(out.starts_with("VERSION  CREATED"), "{out}");

    let (code, out, err) = run(env.cmd().args([
        "dashboard",
        "diff",
        "demo-overview",
        "--version",
        "1",
        "--version",
        "2",
    ]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "+ .tags[1]: \"renamed\"\n~ .title: \"Demo Overview\" -> \"Renamed Overview\"\n",
    );
    assert!(err.contains("2 change(s)"), "{err}");
    let changes = env.json(&[
        "dashboard",
        "diff",
        "demo-overview",
        "--version",
        "1",
        "--version",
        "2",
    ]);
    assert_eq!(
        changes,
        json!([
            {"path": ".tags[1]", "op": "add", "new": "renamed"},
            {"path": ".title", "op": "change", "old": "Demo Overview", "new": "Renamed Overview"}
        ])
    );

    let restored = env.json(&["dashboard", "restore", "demo-overview", "1"]);
    assert_eq!(restored["restored"], 1);
    assert_eq!(restored["version"], 3);
    assert_eq!(
        env.json(&["dashboard", "get", "demo-overview"])["dashboard"]["title"],
        "Demo Overview"
    );
    // against the current dashboard: nothing differs from version 1 now
    let (code, out, _) =
        run(env
            .cmd()
            .args(["dashboard", "diff", "demo-overview", "--version", "1"]));
    assert_eq!(code, 0);
    assert_eq!(out, "");
    let (code, _, err) = run(env
        .cmd()
        .args(["dashboard", "restore", "demo-overview", "99"]));
    assert_eq!(code, 1, "{err}");
}

#[test]
fn list_and_find_page_beyond_search_cap_of_5000() {
    let env = Env::new();
    // 5,001 dashboards in a folder of their own, created by 8 threads
    let api = grafana_client::blocking::GrafanaApi::builder()
        .url(&env.url())
        .auth(grafana_client::TokenAuth::new(env.token.clone()))
        .build()
        .unwrap();
    api.folder()
        .create_folder("Many")
        .uid("many")
        .send()
        .unwrap();
    std::thread::scope(|s| {
        for t in 0..8 {
            let api = api.clone();
            s.spawn(move || {
                for i in (t..5001).step_by(8) {
                    let body = json!({"dashboard": {"uid": format!("m-{i}"), "title": format!("Many {i}"),
                                      "panels": []}, "folderUid": "many"});
                    api.dashboard().update_dashboard(&body).send().unwrap();
                }
            });
        }
    });
    let hits = env.json(&["dashboard", "list", "--folder", "many"]);
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 5001);
    let uids: std::collections::BTreeSet<&str> =
        hits.iter().map(|h| h["uid"].as_str().unwrap()).collect();
    assert_eq!(uids.len(), 5001);
    assert!(uids.contains("m-0") && uids.contains("m-5000"));
    // find reads every one of them too
    let found = env.json(&["find", "^Many 5000$", "--kinds", "dashboards"]);
    assert_eq!(
        found,
        json!([{"kind": "dashboard", "uid": "m-5000", "title": "Many 5000", "path": ".title", "value": "Many 5000"}])
    );
}
