//! Workflow: the `serviceaccount` element.

use grafana_client::{AllPages, Call, Paged, Result};
use serde_json::json;

use crate::support::{block_on, unique, Drive, Target};

/// `.all()` calls are not an `Endpoint`: each client sends them its own way.
trait RunAll: Drive {
    fn run_all<P: Paged>(&self, call: Call<Self, AllPages<P>>) -> Result<Vec<P::Item>>;
}

impl RunAll for grafana_client::GrafanaApi {
    fn run_all<P: Paged>(&self, call: Call<Self, AllPages<P>>) -> Result<Vec<P::Item>> {
        block_on(call.send())
    }
}

impl RunAll for grafana_client::blocking::GrafanaApi {
    fn run_all<P: Paged>(&self, call: Call<Self, AllPages<P>>) -> Result<Vec<P::Item>> {
        call.send()
    }
}

both_clients!(service_account_lifecycle, service_account_errors);

fn service_account_lifecycle<C: RunAll>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let sa_api = api.serviceaccount();
    let name = unique("wf-sa");
    let sa = api
        .run(sa_api.create(&json!({"name": name, "role": "Viewer"})))
        .unwrap();
    assert_eq!(sa.name, name);
    assert_eq!(sa.role.as_deref(), Some("Viewer"));

    let got = api.run(sa_api.get(sa.id)).unwrap();
    assert_eq!(got.id, sa.id);
    assert_eq!(got.login, sa.login);
    assert_eq!(
        got.extra
            .get("accessControl")
            .and_then(|a| a.get("serviceaccounts:read")),
        Some(&json!(true)),
        "?accesscontrol=true is sent"
    );

    let renamed = format!("{name}-renamed");
    let updated = api
        .run(sa_api.update(sa.id, &json!({"name": renamed, "role": "Editor"})))
        .unwrap();
    assert_eq!(updated.message, "Service account updated");
    assert_eq!(updated.id, Some(sa.id));
    assert_eq!(updated.name.as_deref(), Some(renamed.as_str()));
    let inner = updated.serviceaccount.unwrap();
    assert_eq!(inner.role.as_deref(), Some("Editor"));

    let tok_name = unique("wf-tok");
    let created = api
        .run(sa_api.create_token(sa.id, &json!({"name": tok_name, "secondsToLive": 3600})))
        .unwrap();
    assert_eq!(created.name, tok_name);
    let tokens = api.run(sa_api.get_tokens(sa.id)).unwrap();
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].id, created.id);
    assert_eq!(tokens[0].has_expired, Some(false));
    assert!(tokens[0].expiration.is_some());

    let page = api
        .run(sa_api.search().query(&renamed).perpage(10).page(1))
        .unwrap();
    assert_eq!(page.total_count, Some(1));
    assert_eq!(page.service_accounts[0].tokens, Some(1));
    let all = api
        .run_all(sa_api.search_all().query(&renamed).perpage(1))
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id, sa.id);

    let deleted = api.run(sa_api.delete_token(sa.id, created.id)).unwrap();
    assert_eq!(deleted.message, "Service account token deleted");
    assert!(api.run(sa_api.get_tokens(sa.id)).unwrap().is_empty());

    let deleted = api.run(sa_api.delete(sa.id)).unwrap();
    assert_eq!(deleted.message, "Service account deleted");
    let gone = api.run(sa_api.get(sa.id)).unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
    assert_eq!(
        gone.api().unwrap().message_id.as_deref(),
        Some("serviceaccounts.ErrNotFound")
    );
}

fn service_account_errors<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let sa_api = api.serviceaccount();
    let name = unique("wf-sa-err");
    let sa = api.run(sa_api.create(&json!({"name": name}))).unwrap();
    let dup = api.run(sa_api.create(&json!({"name": name}))).unwrap_err();
    assert_eq!(dup.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        dup.api().unwrap().message_id.as_deref(),
        Some("serviceaccounts.ErrAlreadyExists")
    );
    let tok = unique("wf-dup-tok");
    api.run(sa_api.create_token(sa.id, &json!({"name": tok})))
        .unwrap();
    let dup = api
        .run(sa_api.create_token(sa.id, &json!({"name": tok})))
        .unwrap_err();
    assert_eq!(dup.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        dup.api().unwrap().message.as_deref(),
        Some("service account token with given name already exists in the organization")
    );
    let bad_role = api
        .run(sa_api.update(sa.id, &json!({"role": "Boss"})))
        .unwrap_err();
    assert_eq!(bad_role.status().map(|s| s.as_u16()), Some(400));
    let missing = api.run(sa_api.delete_token(sa.id, 987_654)).unwrap_err();
    assert!(missing.is_not_found(), "{missing}");
    let missing = api.run(sa_api.delete(987_654_321)).unwrap_err();
    assert!(missing.is_not_found(), "{missing}");
    api.run(sa_api.delete(sa.id)).unwrap();
}
