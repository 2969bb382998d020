//! Request shapes of every `/apis` operation, per kind: method, path, query,
//! content type and body, built without sending.

use serde_json::{json, Value};

use super::*;
use crate::call::Request;
use crate::{Error, GrafanaApi};

fn client() -> GrafanaApi {
    GrafanaApi::builder()
        .url("http://127.0.0.1:9/grafana/")
        .build()
        .expect("client")
}

fn parts(r: &Request) -> (String, String, Vec<(String, String)>) {
    (
        r.method().to_string(),
        r.path()
            .map(str::to_owned)
            .unwrap_or_else(|e| format!("ERR {e}")),
        r.query_pairs().to_vec(),
    )
}

fn body(r: &Request) -> Value {
    serde_json::from_slice(r.body().expect("a body")).expect("JSON body")
}

fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn content_type(r: &Request) -> Option<String> {
    r.headers()
        .iter()
        .find(|(k, _)| k == "content-type")
        .and_then(|(_, v)| v.to_str().ok())
        .map(str::to_owned)
}

const DASH: &str = "apis/dashboard.grafana.app/v1/namespaces/default/dashboards";

#[test]
fn namespace_follows_the_org() {
    let api = client();
    assert_eq!(api.apis().current_namespace(), Some("default"));
    assert_eq!(
        api.with_org_id(1).apis().current_namespace(),
        Some("default")
    );
    assert_eq!(api.with_org_id(4).apis().current_namespace(), Some("org-4"));
    let bad = api.with_org_id(0).apis();
    assert_eq!(bad.current_namespace(), None);
    let r = bad.folders().get("x").into_request();
    assert!(matches!(
        r.path(),
        Err(Error::InvalidArgument {
            name: "namespace",
            ..
        })
    ));
    let r = api
        .apis()
        .namespace("stacks-9")
        .playlists()
        .get("p")
        .into_request();
    assert_eq!(
        r.path().unwrap(),
        "apis/playlist.grafana.app/v1/namespaces/stacks-9/playlists/p"
    );
}

#[test]
fn get_list_and_versions() {
    let api = client();
    let d = api.apis().dashboards_v1();
    assert_eq!(
        parts(&d.get("cpu").into_request()),
        ("GET".into(), format!("{DASH}/cpu"), vec![])
    );
    assert_eq!(
        parts(&d.get_opt("cpu").into_request()).1,
        format!("{DASH}/cpu")
    );
    assert_eq!(
        parts(&d.get_at_version("cpu", "123").into_request()),
        (
            "GET".into(),
            format!("{DASH}/cpu"),
            q(&[("resourceVersion", "123")])
        )
    );
    let lp = ListParams::default()
        .limit(100)
        .continue_token("t0k")
        .labels("a=b");
    let (m, p, mut qs) = parts(&d.list(&lp).into_request());
    qs.sort();
    assert_eq!((m.as_str(), p.as_str()), ("GET", DASH));
    assert_eq!(
        qs,
        q(&[
            ("continue", "t0k"),
            ("labelSelector", "a=b"),
            ("limit", "100")
        ])
    );
    // Hostile names stay one segment; dot segments are refused.
    assert_eq!(
        d.get("a/../b").into_request().path().unwrap(),
        format!("{DASH}/a%2F..%2Fb")
    );
    assert!(d.get("..").into_request().path().is_err());
    assert!(d.get("").into_request().path().is_err());
    // Version overrides.
    let beta = d.clone().version("v1beta1");
    assert_eq!(
        beta.get("x").into_request().path().unwrap(),
        "apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards/x"
    );
    assert_eq!(
        api.apis()
            .dashboards_v2()
            .get("x")
            .into_request()
            .path()
            .unwrap(),
        "apis/dashboard.grafana.app/v2/namespaces/default/dashboards/x"
    );
    assert_eq!(
        api.apis()
            .folders()
            .within("org-2")
            .list(&ListParams::default())
            .into_request()
            .path()
            .unwrap(),
        "apis/folder.grafana.app/v1/namespaces/org-2/folders"
    );
}

#[test]
fn create_strips_resource_version_and_names() {
    let api = client();
    let d = api.apis().dashboards_v1();
    let mut dash: Dashboard = serde_json::from_value(json!({
        "metadata": {"name": "cpu", "resourceVersion": "99", "generation": 3},
        "spec": {"title": "CPU"}
    }))
    .unwrap();
    let r = d.create(&PostParams::default(), &dash).into_request();
    assert_eq!(parts(&r), ("POST".into(), DASH.into(), vec![]));
    assert_eq!(
        body(&r),
        json!({"apiVersion": "dashboard.grafana.app/v1", "kind": "Dashboard",
               "metadata": {"name": "cpu", "generation": 3}, "spec": {"title": "CPU"}})
    );
    // No name: a generateName.
    dash.metadata.name = None;
    let r = d.create(&PostParams::dry_run(), &dash).into_request();
    assert_eq!(parts(&r).2, q(&[("dryRun", "All")]));
    assert_eq!(
        body(&r)["metadata"],
        json!({"generateName": "dashboard-", "generation": 3})
    );
    let g: Folder = Object::generate("team-", FolderSpec::new("Team"));
    let r = api
        .apis()
        .folders()
        .create(&PostParams::default(), &g)
        .into_request();
    assert_eq!(
        body(&r),
        json!({"apiVersion": "folder.grafana.app/v1", "kind": "Folder",
               "metadata": {"generateName": "team-"}, "spec": {"title": "Team"}})
    );
    // Playlists.
    let p: Playlist = Object::new(
        "pl",
        PlaylistSpec::new(
            "Rotation",
            "5m",
            vec![PlaylistItem::by_uid("cpu"), PlaylistItem::by_tag("ops")],
        ),
    );
    let r = api
        .apis()
        .playlists()
        .create(&PostParams::default(), &p)
        .into_request();
    assert_eq!(
        parts(&r).1,
        "apis/playlist.grafana.app/v1/namespaces/default/playlists"
    );
    assert_eq!(
        body(&r)["spec"],
        json!({"title": "Rotation", "interval": "5m", "items": [
            {"type": "dashboard_by_uid", "value": "cpu"}, {"type": "dashboard_by_tag", "value": "ops"}]})
    );
    // v2.
    let v2: DashboardV2 = Object::new(
        "v2d",
        DashboardV2Spec {
            title: "New".into(),
            ..Default::default()
        },
    );
    let r = api
        .apis()
        .dashboards_v2()
        .create(&PostParams::default(), &v2)
        .into_request();
    assert_eq!(
        body(&r),
        json!({"apiVersion": "dashboard.grafana.app/v2", "kind": "Dashboard",
               "metadata": {"name": "v2d"}, "spec": {"title": "New", "elements": {}}})
    );
}

#[test]
fn replace_keeps_resource_version() {
    let api = client();
    let f = api.apis().folders();
    let mut folder: Folder = Object::new("", FolderSpec::new("Ops"));
    folder.metadata.name = None;
    folder.metadata.resource_version = Some("17".into());
    folder.set_folder(Some("parent"));
    let r = f
        .replace("ops", &PostParams::default(), &folder)
        .into_request();
    assert_eq!(
        parts(&r),
        (
            "PUT".into(),
            "apis/folder.grafana.app/v1/namespaces/default/folders/ops".into(),
            vec![]
        )
    );
    assert_eq!(
        body(&r),
        json!({"apiVersion": "folder.grafana.app/v1", "kind": "Folder",
               "metadata": {"name": "ops", "resourceVersion": "17",
                            "annotations": {"grafana.app/folder": "parent"}},
               "spec": {"title": "Ops"}})
    );
    let p: Playlist = Object::new("pl", PlaylistSpec::new("R", "1m", vec![]));
    let r = api
        .apis()
        .playlists()
        .replace("pl", &PostParams::dry_run(), &p)
        .into_request();
    assert_eq!(parts(&r).0, "PUT");
    assert_eq!(parts(&r).2, q(&[("dryRun", "All")]));
}

#[test]
fn patch_sends_its_content_type() {
    let api = client();
    let d = api.apis().dashboards_v1();
    let merge = Patch::Merge(json!({"spec": {"title": "X"}}));
    let r = d
        .patch("cpu", &PatchParams::default(), &merge)
        .into_request();
    assert_eq!(parts(&r), ("PATCH".into(), format!("{DASH}/cpu"), vec![]));
    assert_eq!(
        content_type(&r).as_deref(),
        Some("application/merge-patch+json")
    );
    assert_eq!(body(&r), json!({"spec": {"title": "X"}}));
    let ops = Patch::Json(json!([{"op": "replace", "path": "/spec/title", "value": "Y"}]));
    let r = api
        .apis()
        .playlists()
        .patch("p", &PatchParams::dry_run(), &ops)
        .into_request();
    assert_eq!(
        content_type(&r).as_deref(),
        Some("application/json-patch+json")
    );
    assert_eq!(parts(&r).2, q(&[("dryRun", "All")]));
    assert_eq!(body(&r)[0]["op"], "replace");
    let r = api
        .apis()
        .folders()
        .patch("f", &PatchParams::default(), &merge)
        .into_request();
    assert_eq!(
        parts(&r).1,
        "apis/folder.grafana.app/v1/namespaces/default/folders/f"
    );
    let r = api
        .apis()
        .dashboards_v2()
        .patch("v", &PatchParams::default(), &merge)
        .into_request();
    assert_eq!(
        parts(&r).1,
        "apis/dashboard.grafana.app/v2/namespaces/default/dashboards/v"
    );
}

#[test]
fn delete_and_dry_run_allowlist() {
    let api = client();
    let mut dp = DeleteParams::dry_run();
    dp.grace_period_seconds = Some(0);
    let r = api.apis().dashboards_v1().delete("cpu", &dp).into_request();
    let (m, p, mut qs) = parts(&r);
    qs.sort();
    assert_eq!((m.as_str(), p), ("DELETE", format!("{DASH}/cpu")));
    assert_eq!(qs, q(&[("dryRun", "All"), ("gracePeriodSeconds", "0")]));
    assert_eq!(
        parts(
            &api.apis()
                .folders()
                .delete("f", &DeleteParams::default())
                .into_request()
        ),
        (
            "DELETE".into(),
            "apis/folder.grafana.app/v1/namespaces/default/folders/f".into(),
            vec![]
        )
    );
    // Dry runs where Grafana may write for real are refused before sending.
    let rules = api
        .apis()
        .dynamic("rules.alerting.grafana.app", "v0alpha1", "alertrules");
    let obj: DynamicObject = Object::new("r", json!({"title": "T"}));
    for r in [
        rules.create(&PostParams::dry_run(), &obj).into_request(),
        rules
            .replace("r", &PostParams::dry_run(), &obj)
            .into_request(),
        rules
            .patch("r", &PatchParams::dry_run(), &Patch::Merge(json!({})))
            .into_request(),
        rules.delete("r", &DeleteParams::dry_run()).into_request(),
    ] {
        assert!(
            matches!(
                r.path(),
                Err(Error::InvalidArgument {
                    name: "dry_run",
                    ..
                })
            ),
            "{r:?}"
        );
    }
    // Without dry run they are fine; a dynamic kind keeps the object's kind.
    let mut obj = obj;
    obj.kind = "AlertRule".into();
    let r = rules.create(&PostParams::default(), &obj).into_request();
    assert_eq!(
        parts(&r).1,
        "apis/rules.alerting.grafana.app/v0alpha1/namespaces/default/alertrules"
    );
    assert_eq!(body(&r)["kind"], "AlertRule");
    assert_eq!(
        body(&r)["apiVersion"],
        "rules.alerting.grafana.app/v0alpha1"
    );
}

#[test]
fn history_forms() {
    let api = client();
    let d = api.apis().dashboards_v1();
    let r = d
        .history_page(
            "cpu",
            HistoryForm::NameSelector,
            &ListParams::default().limit(10),
        )
        .into_request();
    let (_, p, mut qs) = parts(&r);
    qs.sort();
    assert_eq!(p, DASH);
    assert_eq!(
        qs,
        q(&[
            ("fieldSelector", "metadata.name=cpu"),
            ("labelSelector", "grafana.app/get-history=true"),
            ("limit", "10")
        ])
    );
    let r = d
        .history_page("cpu", HistoryForm::NameInLabel, &ListParams::default())
        .into_request();
    assert_eq!(
        parts(&r).2,
        q(&[("labelSelector", "grafana.app/get-history=cpu")])
    );
    assert!(d
        .history_page("", HistoryForm::NameSelector, &ListParams::default())
        .into_request()
        .path()
        .is_err());
    for hostile in ["a,b=c", "a=b", "x!", "a b", "in (x)", "ü"] {
        let r = d
            .history_page(hostile, HistoryForm::NameSelector, &ListParams::default())
            .into_request();
        assert!(
            matches!(r.path(), Err(Error::InvalidArgument { name: "name", .. })),
            "{hostile}"
        );
    }
    let v = |s: &str| s.parse::<crate::GrafanaVersion>().unwrap();
    assert_eq!(
        HistoryForm::for_version(&v("11.6.0")),
        HistoryForm::NameInLabel
    );
    assert_eq!(
        HistoryForm::for_version(&v("12.0.0")),
        HistoryForm::NameSelector
    );
    assert_eq!(
        HistoryForm::for_version(&v("13.0.0")),
        HistoryForm::NameSelector
    );
}

#[test]
fn discovery_requests_and_version_choice() {
    let api = client();
    assert_eq!(
        parts(&api.apis().discover().into_request()),
        ("GET".into(), "apis".into(), vec![])
    );
    assert_eq!(
        api.apis()
            .discover_group("folder.grafana.app", "v1")
            .into_request()
            .path()
            .unwrap(),
        "apis/folder.grafana.app/v1"
    );
    let twelve: Discovery = serde_json::from_value(json!({"groups": [
        {"name": "dashboard.grafana.app", "versions": [{"version": "v0alpha1"}, {"version": "v1beta1"}, {"version": "v2beta1"}],
         "preferredVersion": {"version": "v1beta1"}},
        {"name": "folder.grafana.app", "versions": [{"version": "v1beta1"}], "preferredVersion": {"version": "v1beta1"}},
        {"name": "playlist.grafana.app", "versions": [{"version": "v0alpha1"}], "preferredVersion": {"version": "v0alpha1"}}
    ]}))
    .unwrap();
    let apis = api.apis().with_discovery(&twelve);
    assert_eq!(apis.dashboards_v1().resource().version, "v1beta1");
    assert_eq!(apis.dashboards_v2().resource().version, "v2beta1");
    assert_eq!(apis.folders().resource().version, "v1beta1");
    assert_eq!(apis.playlists().resource().version, "v0alpha1");
    // A server without the groups keeps the defaults.
    let none = api.apis().with_discovery(&Discovery::default());
    assert_eq!(none.dashboards_v1().resource().version, "v1");
    assert_eq!(none.folders().resource().version, "v1");
}

#[test]
fn cloud_namespace_from_bootdata() {
    assert_eq!(
        stack_namespace(&json!({"settings": {"namespace": "stacks-123"}})),
        Some("stacks-123".to_owned())
    );
    for other in [
        json!({"settings": {"namespace": "default"}}),
        json!({"settings": {"namespace": "org-2"}}),
        json!({"settings": {"namespace": "stacks-x"}}),
        json!({"settings": {"namespace": 5}}),
        json!({"settings": {}}),
        json!([]),
        Value::Null,
    ] {
        assert_eq!(stack_namespace(&other), None, "{other}");
    }
}

#[test]
fn a_gone_continue_token_is_expired() {
    use crate::error::ApiError;
    let gone = |body: &str| -> Error {
        ApiError::from_response(
            http::Method::GET,
            "/apis/x".into(),
            http::StatusCode::GONE,
            &http::HeaderMap::new(),
            body.as_bytes(),
        )
        .into()
    };
    // Without a Status reason, a 410 to a continued list is still expiry.
    let e = super::api::expired_if_gone(gone(r#"{"message":"gone"}"#), true);
    assert!(e.is_expired(), "{e}");
    assert_eq!(
        e.api()
            .and_then(|a| a.api_status.as_ref())
            .and_then(|s| s.code),
        Some(410)
    );
    assert_eq!(e.api().and_then(|a| a.message.as_deref()), Some("gone"));
    // The first page's 410 is left as it came.
    let e = super::api::expired_if_gone(gone(""), false);
    assert!(!e.is_expired());
    // Other errors are untouched.
    let e = super::api::expired_if_gone(Error::invalid_argument("x", "y"), true);
    assert!(matches!(e, Error::InvalidArgument { name: "x", .. }));
}

/// One expected request: the request, its method, path and query.
type Case = (Request, &'static str, String, Vec<(String, String)>);

/// Every operation on every kind: method, path, query and, for writes, the
/// body's `apiVersion`/`kind` and content type.
#[test]
fn every_operation_of_every_kind() {
    let api = client();
    let apis = api.apis().namespace("org-3");
    let lp = ListParams::default().limit(7);
    let merge = Patch::Merge(json!({"metadata": {"labels": {"a": "b"}}}));

    fn check<K>(
        api: &Api<K, GrafanaApi>,
        obj: &K,
        base: &str,
        api_version: &str,
        kind: &str,
        merge: &Patch,
        lp: &ListParams,
    ) where
        K: serde::Serialize + serde::de::DeserializeOwned + Send + 'static,
    {
        let item = format!("{base}/n1");
        let cases: Vec<Case> = vec![
            (api.get("n1").into_request(), "GET", item.clone(), vec![]),
            (
                api.get_opt("n1").into_request(),
                "GET",
                item.clone(),
                vec![],
            ),
            (
                api.get_at_version("n1", "42").into_request(),
                "GET",
                item.clone(),
                q(&[("resourceVersion", "42")]),
            ),
            (
                api.list(lp).into_request(),
                "GET",
                base.to_owned(),
                q(&[("limit", "7")]),
            ),
            (
                api.create(&PostParams::default(), obj).into_request(),
                "POST",
                base.to_owned(),
                vec![],
            ),
            (
                api.replace("n1", &PostParams::default(), obj)
                    .into_request(),
                "PUT",
                item.clone(),
                vec![],
            ),
            (
                api.patch("n1", &PatchParams::default(), merge)
                    .into_request(),
                "PATCH",
                item.clone(),
                vec![],
            ),
            (
                api.delete("n1", &DeleteParams::default()).into_request(),
                "DELETE",
                item.clone(),
                vec![],
            ),
        ];
        for (r, method, path, query) in cases {
            assert_eq!(
                parts(&r),
                (method.to_owned(), path.clone(), query),
                "{method} {path}"
            );
            if matches!(method, "POST" | "PUT") {
                let b = body(&r);
                assert_eq!(b["apiVersion"], api_version, "{method} {path}");
                assert_eq!(b["kind"], kind, "{method} {path}");
                assert_eq!(b["metadata"]["name"], "n1", "{method} {path}");
            }
            if method == "PATCH" {
                assert_eq!(
                    content_type(&r).as_deref(),
                    Some("application/merge-patch+json")
                );
            } else {
                assert_eq!(content_type(&r), None, "{method} {path}");
            }
        }
        let r = api
            .history_page("n1", HistoryForm::NameSelector, lp)
            .into_request();
        let (m, p, mut qs) = parts(&r);
        qs.sort();
        assert_eq!((m.as_str(), p.as_str()), ("GET", base));
        assert_eq!(
            qs,
            q(&[
                ("fieldSelector", "metadata.name=n1"),
                ("labelSelector", "grafana.app/get-history=true"),
                ("limit", "7")
            ])
        );
    }

    let d1: Dashboard = Object::new("n1", DashboardSpec::default());
    check(
        &apis.dashboards_v1(),
        &d1,
        "apis/dashboard.grafana.app/v1/namespaces/org-3/dashboards",
        "dashboard.grafana.app/v1",
        "Dashboard",
        &merge,
        &lp,
    );
    let d2: DashboardV2 = Object::new("n1", DashboardV2Spec::default());
    check(
        &apis.dashboards_v2(),
        &d2,
        "apis/dashboard.grafana.app/v2/namespaces/org-3/dashboards",
        "dashboard.grafana.app/v2",
        "Dashboard",
        &merge,
        &lp,
    );
    let d2b = apis.dashboards_v2().version("v2beta1");
    check(
        &d2b,
        &d2,
        "apis/dashboard.grafana.app/v2beta1/namespaces/org-3/dashboards",
        "dashboard.grafana.app/v2beta1",
        "Dashboard",
        &merge,
        &lp,
    );
    let f: Folder = Object::new("n1", FolderSpec::new("F"));
    check(
        &apis.folders(),
        &f,
        "apis/folder.grafana.app/v1/namespaces/org-3/folders",
        "folder.grafana.app/v1",
        "Folder",
        &merge,
        &lp,
    );
    let p: Playlist = Object::new("n1", PlaylistSpec::new("P", "5m", vec![]));
    check(
        &apis.playlists().version("v0alpha1"),
        &p,
        "apis/playlist.grafana.app/v0alpha1/namespaces/org-3/playlists",
        "playlist.grafana.app/v0alpha1",
        "Playlist",
        &merge,
        &lp,
    );
    let dynamic = apis.dynamic_resource(ApiResource::new(
        "iam.grafana.app",
        "v0alpha1",
        "teams",
        "Team",
    ));
    let t: DynamicObject = Object::new("n1", json!({"title": "T"}));
    check(
        &dynamic,
        &t,
        "apis/iam.grafana.app/v0alpha1/namespaces/org-3/teams",
        "iam.grafana.app/v0alpha1",
        "Team",
        &merge,
        &lp,
    );
    // Folder subresources.
    let r = apis.folders().parents("n1").into_request();
    assert_eq!(
        parts(&r),
        (
            "GET".into(),
            "apis/folder.grafana.app/v1/namespaces/org-3/folders/n1/parents".into(),
            vec![]
        )
    );
    let r = apis.folders().counts("n1").into_request();
    assert_eq!(
        parts(&r),
        (
            "GET".into(),
            "apis/folder.grafana.app/v1/namespaces/org-3/folders/n1/counts".into(),
            vec![]
        )
    );
}
