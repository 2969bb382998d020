//! `api.serviceaccount()`: every method's request (the search with all
//! options, none, and each page a walk asks for), Grafana's answers decoded
//! losslessly, and a token's key kept out of `Debug`.

use grafana_client::models::ServiceAccountTokenCreated;
use serde_json::{json, Value};

use crate::harness::*;
use crate::users::page_of;

const HOSTILE_QUERY: &str = "a&b=c #d+e";
const KEY: &str = "glsa_9244xlVFZK0j8Lh4fU8Cz6Z5tO664zIi_7cb8a3c4";

#[test]
fn requests() {
    let s = api().serviceaccount();
    let account = json!({"name": "ci", "role": "Editor", "isDisabled": false});
    let token = json!({"name": "ci-token", "secondsToLive": 86400});
    let search = "api/serviceaccounts/search";
    check_all([
        ("get", s.get(2).into_request(), req("GET", "api/serviceaccounts/2").query(&[("accesscontrol", "true")])),
        // no trailing slash, unlike the Python package
        ("create", s.create(&account).into_request(), req("POST", "api/serviceaccounts").body(account.clone())),
        ("update", s.update(2, &account).into_request(), req("PATCH", "api/serviceaccounts/2").body(account.clone())),
        ("delete", s.delete(2).into_request(), req("DELETE", "api/serviceaccounts/2")),
        ("get_tokens", s.get_tokens(2).into_request(), req("GET", "api/serviceaccounts/2/tokens")),
        ("create_token", s.create_token(2, &token).into_request(), req("POST", "api/serviceaccounts/2/tokens").body(token.clone())),
        ("delete_token", s.delete_token(2, 7).into_request(), req("DELETE", "api/serviceaccounts/2/tokens/7")),
        ("search", s.search().into_request(), req("GET", search)),
        ("search(all options)", s.search().query("ci bot").page(3).perpage(20).into_request(), req("GET", search).query(&[("query", "ci bot"), ("page", "3"), ("perpage", "20")]).ordered()),
        // `#` and `&` stay inside the value, the page kept
        ("search(hostile query)", s.search().query(HOSTILE_QUERY).page(2).into_request(), req("GET", search).query(&[("query", HOSTILE_QUERY), ("page", "2")]).ordered()),
        ("search(perpage)", s.search().perpage(5).into_request(), req("GET", search).query(&[("perpage", "5")])),
        ("search_streaming", s.search_streaming().query("ci").into_request(), req("GET", search).query(&[("query", "ci")])),
    ]);
}

fn account() -> Value {
    json!({
        "id": 2, "uid": "fe1xejlha91xce", "name": "ci", "login": "sa-1-ci", "orgId": 1,
        "isDisabled": false, "isExternal": false, "role": "Editor", "tokens": 1,
        "avatarUrl": "/avatar/8ea8", "accessControl": {"serviceaccounts:read": true}
    })
}

#[test]
fn decodes() {
    let s = api().serviceaccount();
    let mut created = account();
    created.as_object_mut().unwrap().remove("accessControl");
    let updated = json!({
        "id": 2, "name": "ci2", "message": "Service account updated",
        "serviceaccount": {"id": 2, "name": "ci2", "login": "sa-1-ci", "orgId": 1, "role": "Viewer",
                           "isDisabled": true, "createdAt": "2024-03-21T14:35:33Z", "teams": []}
    });
    let search = json!({"totalCount": 4, "serviceAccounts": [account()], "page": 2, "perPage": 1});
    let token = json!({"id": 7, "name": "ci-token", "key": KEY});
    check_decodes([
        ("get", lossless(s.get(2), account())),
        ("create", lossless(s.create(&json!({})), created)),
        ("update", lossless(s.update(2, &json!({})), updated.clone())),
        ("delete", lossless(s.delete(2), json!({"message": "Service account deleted"}))),
        ("create_token", lossless(s.create_token(2, &json!({})), token.clone())),
        ("delete_token", lossless(s.delete_token(2, 7), json!({"message": "Service account token deleted"}))),
        ("search", lossless(s.search(), search.clone())),
        ("search(bare)", lossless(s.search(), json!({"serviceAccounts": []}))),
    ]);
    let a = answer(s.get(2), account());
    assert_eq!((a.id, a.uid.as_deref(), a.name.as_str(), a.login.as_deref(), a.org_id, a.role.as_deref()), (2, Some("fe1xejlha91xce"), "ci", Some("sa-1-ci"), Some(1), Some("Editor")));
    assert_eq!((a.is_disabled, a.tokens, a.avatar_url.as_deref(), a.extra.len()), (Some(false), Some(1), Some("/avatar/8ea8"), 2));
    assert_eq!((&a.extra["accessControl"]["serviceaccounts:read"], &a.extra["isExternal"]), (&json!(true), &json!(false)));
    let u = answer(s.update(2, &json!({})), updated);
    let sa = u.serviceaccount.as_ref().unwrap();
    assert_eq!((u.message.as_str(), u.id, u.name.as_deref(), u.extra.len()), ("Service account updated", Some(2), Some("ci2"), 0));
    assert_eq!((sa.role.as_deref(), sa.is_disabled, &sa.extra["createdAt"]), (Some("Viewer"), Some(true), &json!("2024-03-21T14:35:33Z")));
    let p = answer(s.search(), search.clone());
    assert_eq!((p.total_count, p.page, p.per_page, p.service_accounts.len(), p.service_accounts[0].name.as_str(), p.extra.len()), (Some(4), Some(2), Some(1), 1, "ci", 0));
    let bare = answer(s.search(), json!({"serviceAccounts": []}));
    assert_eq!((bare.service_accounts.len(), bare.total_count), (0, None));
    // what a walk over the pages reads from one answer
    let page = page_of(s.search(), search);
    assert_eq!((page.items.len(), page.total), (1, Some(4)));
    let t = answer(s.create_token(2, &json!({})), token);
    assert_eq!((t.id, t.name.as_str(), t.key.as_str(), t.extra.len()), (7, "ci-token", KEY, 0));
    // the explicit `null` of lastUsedAt is the one thing not kept (see models)
    let tokens = json!([
        {"id": 3, "name": "ci-token", "created": "2024-03-21T14:35:33Z", "lastUsedAt": null,
         "expiration": "2024-03-22T14:35:33Z", "secondsUntilExpiration": 86399.5, "hasExpired": false, "isRevoked": false},
        {"id": 4, "name": "forever", "created": "2024-03-21T14:35:33Z", "hasExpired": false}
    ]);
    let got = answer(s.get_tokens(2), tokens.clone());
    let t = &got[0];
    assert_eq!((t.id, t.name.as_str(), t.created.as_deref(), t.expiration.as_deref(), t.has_expired, &t.last_used_at), (3, "ci-token", Some("2024-03-21T14:35:33Z"), Some("2024-03-22T14:35:33Z"), Some(false), &None));
    assert_eq!((&t.extra["secondsUntilExpiration"], &t.extra["isRevoked"], &got[1].expiration), (&json!(86399.5), &json!(false), &None));
    let mut expected = tokens;
    expected[0].as_object_mut().unwrap().remove("lastUsedAt");
    assert_eq!(serde_json::to_value(&got).unwrap(), expected);
}

#[test]
fn token_key_stays_out_of_debug() {
    let t: ServiceAccountTokenCreated = serde_json::from_value(json!({"id": 7, "name": "ci-token", "key": KEY, "orgId": 3})).unwrap();
    let shown = format!("{t:?} {t:#?}");
    assert!(!shown.contains(KEY) && !shown.contains("glsa_"), "Debug shows the key: {shown}");
    assert!(shown.contains("ci-token") && shown.contains("[redacted]") && shown.contains("orgId"), "{shown}");
    assert_eq!(t.extra["orgId"], 3);
}
