//! Every `api.serviceaccount()` method on both clients: the exact request
//! (verb, raw path, query, JSON body), the decoded answer (fields, `extra`,
//! lossless), hostile query values, and a token's key kept out of `Debug`.

mod wire_common;

use grafana_client::models::{ServiceAccount, ServiceAccountTokenCreated};
use grafana_client::Client;
use serde_json::{json, Value};
use wire_common::*;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

// ------------------------------------------------------------ harness

// ------------------------------------------------------------ answers

fn account_json() -> Value {
    json!({
        "id": 2, "uid": "fe1xejlha91xce", "name": "ci", "login": "sa-1-ci", "orgId": 1,
        "isDisabled": false, "isExternal": false, "role": "Editor", "tokens": 1,
        "avatarUrl": "/avatar/8ea8", "accessControl": {"serviceaccounts:read": true}
    })
}

fn search_json() -> Value {
    json!({"totalCount": 4, "serviceAccounts": [account_json()], "page": 2, "perPage": 1})
}

fn message(text: &str) -> Value {
    json!({ "message": text })
}

const KEY: &str = "glsa_9244xlVFZK0j8Lh4fU8Cz6Z5tO664zIi_7cb8a3c4";

// ------------------------------------------------------------ cases

fn get<M: Mode>() {
    let served = account_json();
    let sa = exchange::<M, _>(
        &served,
        |a| a.serviceaccount().get(2),
        expect(
            "GET",
            "/api/serviceaccounts/2",
            Some("accesscontrol=true"),
            None,
        ),
        "get",
    );
    assert_eq!(sa.id, 2);
    assert_eq!(sa.uid.as_deref(), Some("fe1xejlha91xce"));
    assert_eq!(sa.name, "ci");
    assert_eq!(sa.login.as_deref(), Some("sa-1-ci"));
    assert_eq!(sa.org_id, Some(1));
    assert_eq!(sa.role.as_deref(), Some("Editor"));
    assert_eq!(sa.is_disabled, Some(false));
    assert_eq!(sa.tokens, Some(1));
    assert_eq!(sa.avatar_url.as_deref(), Some("/avatar/8ea8"));
    assert_eq!(sa.extra.len(), 2);
    assert_eq!(sa.extra["accessControl"]["serviceaccounts:read"], true);
    assert_eq!(sa.extra["isExternal"], false);
}

fn create<M: Mode>() {
    let mut served = account_json();
    served.as_object_mut().unwrap().remove("accessControl");
    let body = json!({"name": "ci", "role": "Editor", "isDisabled": false});
    let sa = exchange::<M, _>(
        &served,
        |a| a.serviceaccount().create(&body),
        // no trailing slash, unlike the Python package
        expect("POST", "/api/serviceaccounts", None, Some(body.clone())),
        "create",
    );
    assert_eq!(sa.id, 2);
    assert_eq!(sa.extra.len(), 1);
}

fn update<M: Mode>() {
    let served = json!({
        "id": 2, "name": "ci2", "message": "Service account updated",
        "serviceaccount": {"id": 2, "name": "ci2", "login": "sa-1-ci", "orgId": 1, "role": "Viewer",
                           "isDisabled": true, "createdAt": "2024-03-21T14:35:33Z", "teams": []}
    });
    let body = json!({"name": "ci2", "role": "Viewer", "isDisabled": true});
    let out = exchange::<M, _>(
        &served,
        |a| a.serviceaccount().update(2, &body),
        expect("PATCH", "/api/serviceaccounts/2", None, Some(body.clone())),
        "update",
    );
    assert_eq!(out.message, "Service account updated");
    assert_eq!(out.id, Some(2));
    assert_eq!(out.name.as_deref(), Some("ci2"));
    let sa = out.serviceaccount.as_ref().unwrap();
    assert_eq!(sa.role.as_deref(), Some("Viewer"));
    assert_eq!(sa.is_disabled, Some(true));
    assert_eq!(sa.extra["createdAt"], "2024-03-21T14:35:33Z");
    assert!(out.extra.is_empty());
}

fn delete<M: Mode>() {
    let served = message("Service account deleted");
    let m = exchange::<M, _>(
        &served,
        |a| a.serviceaccount().delete(2),
        expect("DELETE", "/api/serviceaccounts/2", None, None),
        "delete",
    );
    assert_eq!(m.message, "Service account deleted");
}

fn get_tokens<M: Mode>() {
    let served = json!([
        {"id": 3, "name": "ci-token", "created": "2024-03-21T14:35:33Z", "lastUsedAt": null,
         "expiration": "2024-03-22T14:35:33Z", "secondsUntilExpiration": 86399.5,
         "hasExpired": false, "isRevoked": false},
        {"id": 4, "name": "forever", "created": "2024-03-21T14:35:33Z", "hasExpired": false}
    ]);
    let env = Env::new();
    env.answer_json(200, served.clone());
    let api = M::build(env.builder()).unwrap();
    let tokens = M::send(&env, api.serviceaccount().get_tokens(2)).unwrap();
    let r = env.only_request("get_tokens");
    assert_request(
        &r,
        "GET",
        "/api/serviceaccounts/2/tokens",
        None,
        None,
        "get_tokens",
    );
    assert_eq!(tokens.len(), 2);
    assert_eq!(tokens[0].id, 3);
    assert_eq!(tokens[0].name, "ci-token");
    assert_eq!(tokens[0].created.as_deref(), Some("2024-03-21T14:35:33Z"));
    assert_eq!(
        tokens[0].expiration.as_deref(),
        Some("2024-03-22T14:35:33Z")
    );
    assert_eq!(tokens[0].has_expired, Some(false));
    assert_eq!(tokens[0].last_used_at, None);
    assert_eq!(tokens[0].extra["secondsUntilExpiration"], 86399.5);
    assert_eq!(tokens[0].extra["isRevoked"], false);
    assert_eq!(tokens[1].expiration, None);
    // The explicit `null` of lastUsedAt is the one thing not kept (see models).
    let mut expected = served.clone();
    expected[0].as_object_mut().unwrap().remove("lastUsedAt");
    assert_eq!(serde_json::to_value(&tokens).unwrap(), expected);
}

fn create_token<M: Mode>() {
    let served = json!({"id": 7, "name": "ci-token", "key": KEY});
    let content = json!({"name": "ci-token", "secondsToLive": 86400});
    let t = exchange::<M, _>(
        &served,
        |a| a.serviceaccount().create_token(2, &content),
        expect(
            "POST",
            "/api/serviceaccounts/2/tokens",
            None,
            Some(content.clone()),
        ),
        "create_token",
    );
    assert_eq!(t.id, 7);
    assert_eq!(t.name, "ci-token");
    assert_eq!(t.key, KEY);
    assert!(t.extra.is_empty());
    let shown = format!("{t:?} {t:#?}");
    assert!(!shown.contains(KEY), "Debug shows the key: {shown}");
    assert!(!shown.contains("glsa_"), "Debug shows the key: {shown}");
    assert!(
        shown.contains("ci-token") && shown.contains("[redacted]"),
        "{shown}"
    );
}

#[test]
fn token_key_is_redacted_even_in_extra_neighbours() {
    let t: ServiceAccountTokenCreated =
        serde_json::from_value(json!({"id": 1, "name": "n", "key": KEY, "orgId": 3})).unwrap();
    let shown = format!("{t:?}");
    assert!(!shown.contains(KEY), "{shown}");
    assert!(shown.contains("orgId"), "{shown}");
    assert_eq!(t.extra["orgId"], 3);
}

fn delete_token<M: Mode>() {
    let served = message("Service account token deleted");
    let m = exchange::<M, _>(
        &served,
        |a| a.serviceaccount().delete_token(2, 7),
        expect("DELETE", "/api/serviceaccounts/2/tokens/7", None, None),
        "delete_token",
    );
    assert_eq!(m.message, "Service account token deleted");
}

fn search_without_options<M: Mode>() {
    let served = search_json();
    let page = exchange::<M, _>(
        &served,
        |a| a.serviceaccount().search(),
        expect("GET", "/api/serviceaccounts/search", None, None),
        "search()",
    );
    assert_eq!(page.total_count, Some(4));
    assert_eq!(page.page, Some(2));
    assert_eq!(page.per_page, Some(1));
    assert_eq!(page.service_accounts.len(), 1);
    assert_eq!(page.service_accounts[0].name, "ci");
    assert!(page.extra.is_empty());
}

fn search_with_all_options<M: Mode>() {
    let served = search_json();
    exchange::<M, _>(
        &served,
        |a| {
            a.serviceaccount()
                .search()
                .query("ci bot")
                .page(3)
                .perpage(20)
        },
        expect(
            "GET",
            "/api/serviceaccounts/search",
            Some("query=ci+bot&page=3&perpage=20"),
            None,
        ),
        "search(all)",
    );
    // `#` and `&` stay inside the value: one request, page kept.
    let query = format!("query={HOSTILE_QUERY_ENCODED}&page=2");
    exchange::<M, _>(
        &served,
        |a| a.serviceaccount().search().query(HOSTILE_QUERY).page(2),
        expect("GET", "/api/serviceaccounts/search", Some(&query), None),
        "search(hostile)",
    );
    let bare = json!({"serviceAccounts": []});
    let page = exchange::<M, _>(
        &bare,
        |a| a.serviceaccount().search().perpage(5),
        expect(
            "GET",
            "/api/serviceaccounts/search",
            Some("perpage=5"),
            None,
        ),
        "search(perpage)",
    );
    assert!(page.service_accounts.is_empty());
    assert_eq!(page.total_count, None);
}

/// A server with three accounts in two pages for `.all()`, then an empty page.
fn two_pages() -> Env {
    let env = Env::new();
    let page = |n: u32, accounts: Value| {
        Mock::given(method("GET"))
            .and(path("/api/serviceaccounts/search"))
            .and(query_param("page", n.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"totalCount": 3, "serviceAccounts": accounts, "page": n, "perPage": 2}),
            ))
    };
    env.mount(page(
        1,
        json!([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]),
    ));
    env.mount(page(2, json!([{"id": 3, "name": "c"}])));
    env.mount(page(3, json!([])));
    env
}

/// `.all()` asked page after page, with the query kept and encoded, and
/// stopped at the short page without asking for the empty one.
fn assert_two_pages(env: &Env, all: &[ServiceAccount]) {
    let ids: Vec<i64> = all.iter().map(|a| a.id).collect();
    assert_eq!(ids, [1, 2, 3]);
    let reqs = env.requests();
    assert_eq!(reqs.len(), 2);
    for (i, r) in reqs.iter().enumerate() {
        let query = format!("query={HOSTILE_QUERY_ENCODED}&page={}&perpage=2", i + 1);
        assert_request(
            r,
            "GET",
            "/api/serviceaccounts/search",
            Some(&query),
            None,
            "all()",
        );
    }
}

#[test]
fn search_all_pages_async() {
    let env = two_pages();
    let api = Async::build(env.builder()).unwrap();
    let call = api
        .serviceaccount()
        .search()
        .query(HOSTILE_QUERY)
        .perpage(2)
        .all();
    let all = env.rt.block_on(async { call.await }).unwrap();
    assert_two_pages(&env, &all);
}

#[test]
fn search_all_pages_blocking() {
    let env = two_pages();
    let api = Blocking::build(env.builder()).unwrap();
    let all = api
        .serviceaccount()
        .search()
        .query(HOSTILE_QUERY)
        .perpage(2)
        .all()
        .send()
        .unwrap();
    assert_two_pages(&env, &all);
}

/// `search_all()` (the Python helper's name) is the same walk, with its
/// options set on the all-pages call.
#[test]
fn search_all_helper_async() {
    let env = two_pages();
    let api = Async::build(env.builder()).unwrap();
    let call = api
        .serviceaccount()
        .search_all()
        .query(HOSTILE_QUERY)
        .perpage(2);
    let all = env.rt.block_on(async { call.await }).unwrap();
    assert_two_pages(&env, &all);
}

#[test]
fn search_all_helper_blocking() {
    let env = two_pages();
    let api = Blocking::build(env.builder()).unwrap();
    let all = api
        .serviceaccount()
        .search_all()
        .query(HOSTILE_QUERY)
        .perpage(2)
        .org_id(3)
        .send()
        .unwrap();
    assert_two_pages(&env, &all);
    for r in env.requests() {
        assert_eq!(hdr(&r, "x-grafana-org-id").as_deref(), Some("3"));
    }
}

both!(
    get,
    create,
    update,
    delete,
    get_tokens,
    create_token,
    delete_token,
    search_without_options,
    search_with_all_options,
);
