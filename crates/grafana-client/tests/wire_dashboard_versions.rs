//! `api.dashboard_versions()` on the wire, async and blocking: the exact
//! request of every method (by uid and by id, with all options and none),
//! the decoded answers in both of Grafana's list shapes, and hostile uids.

mod wire_common;

use grafana_client::models::{DashboardRef, DashboardVersion, DashboardVersionList};
use grafana_client::{Call, Client, Endpoint, Error, Result};
use serde_json::{json, Value};
use wire_common::*;
use wiremock::{Request as Recorded, ResponseTemplate};

/// Hostile uids and the one segment each must become.
const HOSTILE: &[(&str, &str)] = &[
    ("../admin/settings", "..%2Fadmin%2Fsettings"),
    ("a/b", "a%2Fb"),
    ("a?b=c", "a%3Fb%3Dc"),
    ("a#f", "a%23f"),
];
/// Uids no encoding makes safe.
const REFUSED: &[&str] = &["", ".", ".."];

/// Sends one call against a server answering `served`; the decoded answer
/// and the one request that arrived.
fn exchange<M: Mode, E: Endpoint>(
    served: Value,
    make: impl FnOnce(&M::Api) -> Call<M::Api, E>,
) -> (E::Output, Recorded) {
    let env = Env::new();
    env.answer_json(200, served);
    let api = M::build(env.builder()).unwrap();
    let out = M::send(&env, make(&api)).unwrap_or_else(|e| panic!("{}: {e:?}", M::NAME));
    (out, env.only_request(M::NAME))
}

fn old_list() -> Value {
    json!([
        {"id": 5, "dashboardId": 12, "uid": "abc", "parentVersion": 2, "restoredFrom": 0, "version": 3,
         "created": "2024-02-01T00:00:00Z", "createdBy": "admin", "message": "tweak", "extraKey": true},
        {"id": 4, "dashboardId": 12, "version": 2}
    ])
}

fn paged_list() -> Value {
    json!({
        "continueToken": "next-page",
        "versions": [{"id": 5, "dashboardId": 12, "uid": "abc", "version": 3, "createdBy": "admin"}],
        "pageInfo": 1
    })
}

fn one_version() -> Value {
    json!({
        "id": 5, "dashboardId": 12, "uid": "abc", "parentVersion": 2, "restoredFrom": 0, "version": 3,
        "created": "2024-02-01T00:00:00Z", "createdBy": "admin", "message": "",
        "data": {"uid": "abc", "title": "Prod", "panels": [], "version": 3},
        "apiVersion": "v1"
    })
}

fn saved() -> Value {
    json!({"id": 12, "uid": "abc", "url": "/d/abc/prod", "status": "success", "version": 6,
           "slug": "prod", "title": "Prod"})
}

/// Builds one call from a client.
type MakeCall<M, E> = fn(&<M as Mode>::Api) -> Call<<M as Mode>::Api, E>;

// ------------------------------------------------------------ versions list

fn get_dashboard_versions_by_uid_with_options<M: Mode>() {
    let (out, r) = exchange::<M, _>(old_list(), |a| {
        a.dashboard_versions()
            .get_dashboard_versions("abc")
            .limit(0)
            .start(0)
    });
    assert_request(
        &r,
        "GET",
        "/api/dashboards/uid/abc/versions",
        Some("limit=0&start=0"),
        None,
        "get_dashboard_versions",
    );
    let DashboardVersionList::List(list) = &out else {
        panic!("a bare list decodes as List: {out:?}");
    };
    assert_eq!(list.len(), 2);
    let v = &list[0];
    assert_eq!(v.id, Some(5));
    assert_eq!(v.dashboard_id, Some(12));
    assert_eq!(v.uid.as_deref(), Some("abc"));
    assert_eq!(v.parent_version, Some(2));
    assert_eq!(v.restored_from, Some(0));
    assert_eq!(v.version, Some(3));
    assert_eq!(v.created.as_deref(), Some("2024-02-01T00:00:00Z"));
    assert_eq!(v.created_by.as_deref(), Some("admin"));
    assert_eq!(v.message.as_deref(), Some("tweak"));
    assert_eq!(v.data, None);
    assert_eq!(v.extra.len(), 1);
    assert_eq!(v.extra["extraKey"], true);
    assert_eq!(out.versions().len(), 2);
    assert_eq!(out.continue_token(), None);
    assert_eq!(serde_json::to_value(&out).unwrap(), old_list(), "lossless");
}

fn get_dashboard_versions_paged_answer<M: Mode>() {
    let (out, r) = exchange::<M, _>(paged_list(), |a| {
        a.dashboard_versions()
            .get_dashboard_versions(String::from("abc"))
    });
    assert_request(
        &r,
        "GET",
        "/api/dashboards/uid/abc/versions",
        None,
        None,
        "get_dashboard_versions",
    );
    let DashboardVersionList::Page(page) = &out else {
        panic!("an object decodes as Page: {out:?}");
    };
    assert_eq!(page.continue_token.as_deref(), Some("next-page"));
    assert_eq!(page.extra.len(), 1);
    assert_eq!(page.extra["pageInfo"], 1);
    assert_eq!(out.continue_token(), Some("next-page"));
    assert_eq!(out.versions()[0].created_by.as_deref(), Some("admin"));
    assert_eq!(
        serde_json::to_value(&out).unwrap(),
        paged_list(),
        "lossless"
    );
    assert_eq!(out.into_versions().len(), 1);
}

fn get_dashboard_versions_by_id_and_wrappers<M: Mode>() {
    let cases: Vec<(&str, Option<&str>, MakeCall<M, _>)> = vec![
        ("/api/dashboards/id/12/versions", None, |a| {
            a.dashboard_versions().get_dashboard_versions(12)
        }),
        (
            "/api/dashboards/id/12/versions",
            Some("limit=10&start=20"),
            |a| {
                a.dashboard_versions()
                    .get_dashboard_versions_by_id(12)
                    .limit(10)
                    .start(20)
            },
        ),
        ("/api/dashboards/uid/abc/versions", Some("start=1"), |a| {
            a.dashboard_versions()
                .get_dashboard_versions_by_uid("abc")
                .start(1)
        }),
        ("/api/dashboards/uid/abc/versions", None, |a| {
            a.dashboard_versions()
                .get_dashboard_versions(DashboardRef::Uid("abc".into()))
        }),
    ];
    for (path, query, make) in cases {
        let (out, r) = exchange::<M, _>(old_list(), make);
        assert_request(&r, "GET", path, query, None, path);
        assert_eq!(out.versions().len(), 2);
    }
}

// ------------------------------------------------------------ one version

fn get_dashboard_version_decodes<M: Mode>() {
    let (out, r) = exchange::<M, _>(one_version(), |a| {
        a.dashboard_versions().get_dashboard_version("abc", 3)
    });
    assert_request(
        &r,
        "GET",
        "/api/dashboards/uid/abc/versions/3",
        None,
        None,
        "get_dashboard_version",
    );
    assert_eq!(out.version, Some(3));
    assert_eq!(out.message.as_deref(), Some(""));
    assert_eq!(out.data, Some(one_version()["data"].clone()));
    assert_eq!(out.extra.len(), 1);
    assert_eq!(out.extra["apiVersion"], "v1");
    assert_eq!(
        serde_json::to_value(&out).unwrap(),
        one_version(),
        "lossless"
    );
}

fn get_dashboard_version_by_id_and_wrappers<M: Mode>() {
    let cases: Vec<(&str, MakeCall<M, _>)> = vec![
        ("/api/dashboards/id/12/versions/0", |a| {
            a.dashboard_versions().get_dashboard_version(12, 0)
        }),
        ("/api/dashboards/id/12/versions/3", |a| {
            a.dashboard_versions().get_dashboard_version_by_id(12, 3)
        }),
        ("/api/dashboards/uid/abc/versions/3", |a| {
            a.dashboard_versions()
                .get_dashboard_version_by_uid("abc", 3)
        }),
    ];
    for (path, make) in cases {
        let (out, r) = exchange::<M, _>(one_version(), make);
        assert_request(&r, "GET", path, None, None, path);
        let typed: DashboardVersion = serde_json::from_value(one_version()).unwrap();
        assert_eq!(out, typed);
    }
}

// ------------------------------------------------------------ restore

fn restore_dashboard_all_forms<M: Mode>() {
    let cases: Vec<(&str, i64, MakeCall<M, _>)> = vec![
        ("/api/dashboards/uid/abc/restore", 3, |a| {
            a.dashboard_versions().restore_dashboard("abc", 3)
        }),
        ("/api/dashboards/id/12/restore", 0, |a| {
            a.dashboard_versions().restore_dashboard(12, 0)
        }),
        ("/api/dashboards/id/12/restore", 4, |a| {
            a.dashboard_versions().restore_dashboard_by_id(12, 4)
        }),
        ("/api/dashboards/uid/abc/restore", 5, |a| {
            a.dashboard_versions().restore_dashboard_by_uid("abc", 5)
        }),
    ];
    for (path, version, make) in cases {
        let (out, r) = exchange::<M, _>(saved(), make);
        assert_request(
            &r,
            "POST",
            path,
            None,
            Some(&json!({ "version": version })),
            path,
        );
        assert_eq!(out.id, Some(12));
        assert_eq!(out.uid, "abc");
        assert_eq!(out.status, "success");
        assert_eq!(out.version, 6);
        assert_eq!(out.slug.as_deref(), Some("prod"));
        assert_eq!(out.extra["title"], "Prod");
        assert_eq!(serde_json::to_value(&out).unwrap(), saved(), "lossless");
    }
}

// ------------------------------------------------------------ diff

const DIFF_HTML: &str = "<div class=\"diff-group\"><span>title</span> changed</div>";

fn calculate_diff_default_json<M: Mode>() {
    let env = Env::new();
    env.answer(ResponseTemplate::new(200).set_body_raw(DIFF_HTML, "text/html; charset=utf-8"));
    let api = M::build(env.builder()).unwrap();
    let out = M::send(&env, api.dashboard_versions().calculate_diff(12, 2, 0, 0)).unwrap();
    assert_eq!(out, DIFF_HTML);
    let basic = api
        .dashboard_versions()
        .calculate_diff(12, 2, 13, 3)
        .diff_type("basic");
    assert_eq!(M::send(&env, basic).unwrap(), DIFF_HTML);
    let reqs = env.requests();
    assert_eq!(reqs.len(), 2);
    let bodies = [
        json!({"base": {"dashboardId": 12, "version": 2}, "new": {"dashboardId": 0, "version": 0}, "diffType": "json"}),
        json!({"base": {"dashboardId": 12, "version": 2}, "new": {"dashboardId": 13, "version": 3}, "diffType": "basic"}),
    ];
    for (r, body) in reqs.iter().zip(&bodies) {
        assert_request(
            r,
            "POST",
            "/api/dashboards/calculate-diff",
            None,
            Some(body),
            "calculate_diff",
        );
    }
}

fn calculate_diff_refuses_other_types_unsent<M: Mode>() {
    let env = Env::new();
    env.answer_json(200, json!("x"));
    let api = M::build(env.builder()).unwrap();
    for bad in ["delta", "", "JSON"] {
        let call = api
            .dashboard_versions()
            .calculate_diff(1, 1, 1, 2)
            .diff_type(bad);
        match M::send(&env, call) {
            Err(Error::InvalidArgument { name, .. }) => assert_eq!(name, "diff_type"),
            other => panic!("{bad:?}: expected InvalidArgument, got {other:?}"),
        }
    }
    assert!(env.requests().is_empty());
}

// ------------------------------------------------------------ api_path

fn api_path_is_encoded_and_checked<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    let dv = api.dashboard_versions();
    assert_eq!(dv.api_path("abc").unwrap(), "/dashboards/uid/abc");
    assert_eq!(dv.api_path(12).unwrap(), "/dashboards/id/12");
    for (value, segment) in HOSTILE {
        assert_eq!(
            dv.api_path(*value).unwrap(),
            format!("/dashboards/uid/{segment}")
        );
    }
    for value in REFUSED {
        match dv.api_path(*value) {
            Err(Error::InvalidArgument { name, .. }) => assert_eq!(name, "dashboard_uid"),
            other => panic!("{value:?}: {other:?}"),
        }
    }
    assert!(env.requests().is_empty());
}

// ------------------------------------------------------------ hostile uids

/// Every uid-taking method: its method, the path around the uid, and how to
/// call it (the answer is dropped).
type UidOp<M> = (
    &'static str,
    &'static str,
    &'static str,
    fn(&Env, &<M as Mode>::Api, &str) -> Result<()>,
);

fn uid_ops<M: Mode>() -> Vec<UidOp<M>> {
    vec![
        ("GET", "/api/dashboards/uid/", "/versions", |e, a, uid| {
            M::send(e, a.dashboard_versions().get_dashboard_versions(uid)).map(drop)
        }),
        ("GET", "/api/dashboards/uid/", "/versions", |e, a, uid| {
            M::send(e, a.dashboard_versions().get_dashboard_versions_by_uid(uid)).map(drop)
        }),
        ("GET", "/api/dashboards/uid/", "/versions/3", |e, a, uid| {
            M::send(e, a.dashboard_versions().get_dashboard_version(uid, 3)).map(drop)
        }),
        ("GET", "/api/dashboards/uid/", "/versions/3", |e, a, uid| {
            M::send(
                e,
                a.dashboard_versions().get_dashboard_version_by_uid(uid, 3),
            )
            .map(drop)
        }),
        ("POST", "/api/dashboards/uid/", "/restore", |e, a, uid| {
            M::send(e, a.dashboard_versions().restore_dashboard(uid, 3)).map(drop)
        }),
        ("POST", "/api/dashboards/uid/", "/restore", |e, a, uid| {
            M::send(e, a.dashboard_versions().restore_dashboard_by_uid(uid, 3)).map(drop)
        }),
    ]
}

fn hostile_uids_stay_in_their_segment<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    for (method, before, after, run) in uid_ops::<M>() {
        for (value, segment) in HOSTILE {
            env.reset();
            // Lists get a list, the rest an object every model accepts.
            let served = if after == "/versions" {
                json!([])
            } else {
                saved()
            };
            env.answer_json(200, served);
            let ctx = format!("{method} {before}{{uid}}{after} {value:?}");
            run(&env, &api, value).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
            let r = env.only_request(&ctx);
            assert_eq!(r.method.as_str(), method, "{ctx}");
            assert_eq!(r.url.path(), format!("{before}{segment}{after}"), "{ctx}");
            assert_eq!(r.url.query(), None, "{ctx}");
        }
    }
}

fn unsafe_uids_are_refused_unsent<M: Mode>() {
    let env = Env::new();
    env.answer_json(200, json!([]));
    let api = M::build(env.builder()).unwrap();
    for (method, before, after, run) in uid_ops::<M>() {
        for value in REFUSED {
            let ctx = format!("{method} {before}{{uid}}{after} {value:?}");
            match run(&env, &api, value) {
                Err(Error::InvalidArgument { name, reason }) => {
                    assert_eq!(name, "dashboard_uid", "{ctx}");
                    assert!(!reason.is_empty(), "{ctx}");
                }
                other => panic!("{ctx}: expected InvalidArgument, got {other:?}"),
            }
        }
    }
    assert!(env.requests().is_empty(), "nothing may be sent");
}

wire_common::both!(
    get_dashboard_versions_by_uid_with_options,
    get_dashboard_versions_paged_answer,
    get_dashboard_versions_by_id_and_wrappers,
    get_dashboard_version_decodes,
    get_dashboard_version_by_id_and_wrappers,
    restore_dashboard_all_forms,
    calculate_diff_default_json,
    calculate_diff_refuses_other_types_unsent,
    api_path_is_encoded_and_checked,
    hostile_uids_stay_in_their_segment,
    unsafe_uids_are_refused_unsent,
);
