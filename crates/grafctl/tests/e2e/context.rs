//! `grafctl context ...`, connection resolution, secrets, exit codes 2 and 3.

use crate::common::{run, Env};

#[test]
fn add_use_list_show_delete_keep_secrets_out_of_output() {
    let env = Env::new();
    let secret = env.token.clone();
    // token from stdin: never on the command line
    let (code, out, err) = run(env
        .bare()
        .args([
            "context",
            "add",
            "emu",
            "--url",
            &env.url(),
            "--token-stdin",
            "--org-id",
            "1",
        ])
        .write_stdin(format!("{secret}\n")));
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains(&secret) && !err.contains(&secret));
    let cfg = env.config_path();
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(text.contains("current_context = \"emu\""), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&cfg).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    let (code, _, err) = run(env.bare().args([
        "context",
        "add",
        "lab",
        "--url",
        "http://127.0.0.1:1",
        "--user",
        "admin",
        "--password",
        "pw-s3cret",
    ]));
    assert_eq!(code, 0, "{err}");
    // adding it again without --force is refused
    let (code, _, err) = run(env
        .bare()
        .args(["context", "add", "lab", "--url", "http://x"]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--force"), "{err}");

    let (code, out, _) = run(env.bare().args(["-o", "json", "context", "list"]));
    assert_eq!(code, 0);
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(list[0]["name"], "emu");
    assert_eq!(list[0]["current"], true);
    assert_eq!(list[0]["token"], "********");
    assert_eq!(list[1]["name"], "lab");
    assert_eq!(list[1]["auth"], "basic (admin)");
    assert_eq!(list[1]["password"], "********");
    assert!(
        !out.contains(&secret) && !out.contains("pw-s3cret"),
        "{out}"
    );

    let (code, out, _) = run(env.bare().args(["context", "list"]));
    assert_eq!(code, 0);
    assert!(out.starts_with("CURRENT  NAME  URL"), "{out}");
    assert!(out.contains("*        emu"), "{out}");

    for fmt in ["table", "json", "yaml"] {
        let (code, out, err) = run(env.bare().args(["-o", fmt, "context", "show", "lab"]));
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("********"), "{fmt}: {out}");
        assert!(!out.contains("pw-s3cret"), "{fmt}: {out}");
    }

    // the current context is used, and works
    let (code, out, err) = run(env.bare().args(["dashboard", "list"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("demo-overview"), "{out}");

    // -v logs name the context and the requests, never the secret
    let (code, _, err) = run(env
        .bare()
        .args(["-vv", "dashboard", "get", "demo-overview"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("using context \"emu\""), "{err}");
    assert!(!err.contains(&secret), "{err}");

    let (code, _, _) = run(env.bare().args(["context", "use", "lab"]));
    assert_eq!(code, 0);
    let (_, out, _) = run(env.bare().args(["-o", "json", "context", "show"]));
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(shown["name"], "lab");

    let (code, _, _) = run(env.bare().args(["context", "delete", "lab"]));
    assert_eq!(code, 0);
    let (code, _, err) = run(env.bare().args(["context", "use", "lab"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("known contexts: emu"), "{err}");
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(!text.contains("lab"), "{text}");
}

#[test]
fn token_command_supplies_the_token() {
    let env = Env::new();
    let (code, _, err) = run(env.bare().args([
        "context",
        "add",
        "cmd",
        "--url",
        &env.url(),
        "--token-command",
        &format!("echo {}", env.token),
    ]));
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(env.bare().args(["-o", "json", "context", "show"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"auth\": \"token-command\""), "{out}");
    let (code, out, err) = run(env.bare().args(["dashboard", "get", "demo-latency"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"Demo Latency\""), "{out}");

    let (code, _, err) = run(env.bare().args([
        "context",
        "add",
        "broken",
        "--url",
        &env.url(),
        "--token-command",
        "exit 3",
        "--use",
    ]));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(env.bare().args(["dashboard", "list"]));
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("token_command failed"), "{err}");
}

#[test]
fn environment_wins_over_the_current_context() {
    let env = Env::new();
    // a current context pointing nowhere useful
    let (code, _, _) = run(env.bare().args([
        "context",
        "add",
        "dead",
        "--url",
        "http://127.0.0.1:9",
        "--token",
        "glsa_nope",
    ]));
    assert_eq!(code, 0);
    // GRAFANA_SERVER (grafanactl's name) + GRAFANA_TOKEN win
    let (code, out, err) = run(env
        .bare()
        .env("GRAFANA_SERVER", env.url())
        .env("GRAFANA_TOKEN", &env.token)
        .args(["-o", "json", "dashboard", "list", "--tag", "latency"]));
    assert_eq!(code, 0, "{err}");
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert_eq!(hits[0]["uid"], "demo-latency");
    // --context beats the environment
    let (code, _, err) = run(env
        .bare()
        .env("GRAFANA_URL", env.url())
        .env("GRAFANA_TOKEN", &env.token)
        .args(["--context", "dead", "dashboard", "list"]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("could not connect"), "{err}");
    // basic auth from the environment
    let (code, out, err) = run(env
        .bare()
        .env("GRAFANA_URL", env.url())
        .env("GRAFANA_USER", "admin")
        .env("GRAFANA_PASSWORD", "admin")
        .args(["dashboard", "get", "demo-overview"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Demo Overview"));
}

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    for args in [
        vec!["dashboard"],
        vec!["--jobs", "0", "dashboard", "list"],
        vec!["-o", "xml", "dashboard", "list"],
        vec!["dashboard", "diff", "demo-overview"],
        vec!["nonsense"],
        vec!["find", "(unclosed"],
        vec!["snapshot", "share", "demo-overview", "--expires", "7y"],
    ] {
        let (code, _, err) = run(env.cmd().args(&args));
        assert_eq!(code, 2, "{args:?}: {err}");
    }
    // no context and no environment: usage error that says what to do
    let (code, _, err) = run(env.bare().args(["dashboard", "list"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("GRAFANA_URL"), "{err}");
    // help is not an error
    let (code, out, _) = run(env.bare().args(["--help"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("Exit codes:") && out.contains("GRAFANA_SERVER"),
        "{out}"
    );
}

#[test]
fn bad_token_exits_3_without_echoing_it() {
    let env = Env::new();
    let bad = "glsa_thisIsNotAValidTokenAtAll_0123abcd";
    let (code, out, err) = run(env
        .bare()
        .env("GRAFANA_URL", env.url())
        .env("GRAFANA_TOKEN", bad)
        .args(["-v", "dashboard", "list"]));
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("401"), "{err}");
    assert!(!err.contains(bad) && !out.contains(bad), "{err}");
    // a viewer may not import: 403 is an auth failure too
    let viewer = env
        .emu
        .create_service_account_token(1, grafana_emulator::Role::Viewer);
    let file = env.dir("in").join("d.json");
    std::fs::write(
        &file,
        r#"{"title": "V", "uid": "viewer-made", "panels": []}"#,
    )
    .unwrap();
    let (code, _, err) = run(env
        .bare()
        .env("GRAFANA_URL", env.url())
        .env("GRAFANA_TOKEN", &viewer)
        .args(["dashboard", "import"])
        .arg(&file));
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("403"), "{err}");
}

#[test]
fn basic_auth_password_never_in_verbose_logs() {
    let env = Env::with(
        grafana_emulator::Emulator::builder()
            .seed_demo()
            .admin_password("pw-S3cret-xyz"),
    );
    let (code, out, err) = run(env
        .bare()
        .env("GRAFANA_URL", env.url())
        .env("GRAFANA_USER", "admin")
        .env("GRAFANA_PASSWORD", "pw-S3cret-xyz")
        .args(["-vvv", "dashboard", "export", "demo-overview", "--dir"])
        .arg(env.dir("out")));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("as basic (admin)"), "{err}");
    assert!(
        !err.contains("pw-S3cret-xyz") && !out.contains("pw-S3cret-xyz"),
        "{err}"
    );
    // nor in the exported file
    for f in std::fs::read_dir(env.dir("out")).unwrap() {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
        assert!(!text.contains("pw-S3cret-xyz"));
    }
    // a wrong password: exit 3, the password not echoed
    let (code, _, err) = run(env
        .bare()
        .env("GRAFANA_URL", env.url())
        .env("GRAFANA_USER", "admin")
        .env("GRAFANA_PASSWORD", "wrong-pw-9876")
        .args(["-v", "dashboard", "list"]));
    assert_eq!(code, 3, "{err}");
    assert!(!err.contains("wrong-pw-9876"), "{err}");
}

#[test]
fn org_flag_and_env_choose_the_organization() {
    let env = Env::new();
    let basic = |cmd: &mut assert_cmd::Command| {
        cmd.env("GRAFANA_URL", env.url())
            .env("GRAFANA_USER", "admin")
            .env("GRAFANA_PASSWORD", "admin");
    };
    let mut cmd = env.bare();
    basic(&mut cmd);
    let (code, out, err) = run(cmd.args(["-o", "json", "--org", "2", "dashboard", "list"]));
    assert_eq!(code, 0, "{err}");
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    let uids: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["uid"].as_str().unwrap())
        .collect();
    assert_eq!(uids, vec!["demo-org2-overview"]);
    let mut cmd = env.bare();
    basic(&mut cmd);
    let (code, out, err) =
        run(cmd
            .env("GRAFANA_ORG_ID", "2")
            .args(["dashboard", "get", "demo-org2-overview"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("demo-org2-overview"));
    // in org 1 it does not exist
    let mut cmd = env.bare();
    basic(&mut cmd);
    let (code, _, err) = run(cmd.args(["dashboard", "get", "demo-org2-overview"]));
    assert_eq!(code, 1, "{err}");
}
