//! Workflow: walking pages (async streams, blocking iterators, `.all()`),
//! `.optional()` and the service-account helpers `search_one` and
//! `search_streaming`.

use futures_util::StreamExt;
use grafana_client::elements::SearchOne;
use grafana_client::models::ServiceAccount;
use grafana_client::{AllPages, BasicAuth, Call, Endpoint, Error, GrafanaApi, Optional, Paged};
use grafana_emulator::Emulator;
use serde_json::json;

use crate::support::{block_on, create_dashboard, unique, Drive, Target};

/// Streams, iterators, optional and search_one calls are not plain
/// `Endpoint`s: each client finishes them its own way.
trait Walk: Drive {
    /// The first `n` results of the walk, then the walk is dropped.
    fn first_n<P: Paged>(
        &self,
        call: Call<Self, P>,
        n: usize,
    ) -> Vec<grafana_client::Result<P::Item>>;
    /// Every result of the walk.
    fn every<P: Paged>(&self, call: Call<Self, P>) -> grafana_client::Result<Vec<P::Item>> {
        self.first_n(call, usize::MAX).into_iter().collect()
    }
    fn all<P: Paged>(&self, call: Call<Self, AllPages<P>>) -> grafana_client::Result<Vec<P::Item>>;
    fn opt<E: Endpoint>(
        &self,
        call: Call<Self, Optional<E>>,
    ) -> grafana_client::Result<Option<E::Output>>;
    fn one(&self, call: Call<Self, SearchOne>) -> grafana_client::Result<ServiceAccount>;
}

impl Walk for GrafanaApi {
    fn first_n<P: Paged>(
        &self,
        call: Call<Self, P>,
        n: usize,
    ) -> Vec<grafana_client::Result<P::Item>> {
        block_on(call.into_stream().take(n).collect())
    }
    fn all<P: Paged>(&self, call: Call<Self, AllPages<P>>) -> grafana_client::Result<Vec<P::Item>> {
        block_on(call.send())
    }
    fn opt<E: Endpoint>(
        &self,
        call: Call<Self, Optional<E>>,
    ) -> grafana_client::Result<Option<E::Output>> {
        block_on(call.send())
    }
    fn one(&self, call: Call<Self, SearchOne>) -> grafana_client::Result<ServiceAccount> {
        block_on(call.send())
    }
}

impl Walk for grafana_client::blocking::GrafanaApi {
    fn first_n<P: Paged>(
        &self,
        call: Call<Self, P>,
        n: usize,
    ) -> Vec<grafana_client::Result<P::Item>> {
        call.into_iter().take(n).collect()
    }
    fn all<P: Paged>(&self, call: Call<Self, AllPages<P>>) -> grafana_client::Result<Vec<P::Item>> {
        call.send()
    }
    fn opt<E: Endpoint>(
        &self,
        call: Call<Self, Optional<E>>,
    ) -> grafana_client::Result<Option<E::Output>> {
        call.send()
    }
    fn one(&self, call: Call<Self, SearchOne>) -> grafana_client::Result<ServiceAccount> {
        call.send()
    }
}

both_clients!(
    teams_walk_lazily_over_small_pages,
    service_accounts_stream_and_search_one,
    dashboards_search_pages,
    dashboard_versions_walk_on_each_release,
    optional_turns_only_a_404_into_none,
);

/// Requests to `path` in the emulator's log.
fn count(t: &Target, path: &str) -> Option<usize> {
    let emu = t.emulator_only("counts requests in the emulator's log")?;
    Some(emu.requests().iter().filter(|r| r.raw_path == path).count())
}

fn clear(t: &Target) {
    if let Some(emu) = &t.emu {
        emu.clear_requests();
    }
}

fn teams_walk_lazily_over_small_pages<C: Walk>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let prefix = unique("walk-team");
    let mut ids = Vec::new();
    for i in 0..5 {
        let created = api
            .run(
                api.teams()
                    .add_team(&json!({"name": format!("{prefix}-{i}")})),
            )
            .unwrap();
        ids.push(created.team_id);
    }
    let search = || api.teams().search_teams().query(&prefix).perpage(2);

    clear(&t);
    let one = api.first_n(search(), 1);
    assert_eq!(one.len(), 1);
    if let Some(asked) = count(&t, "/api/teams/search") {
        assert_eq!(asked, 1, "one item needs one page");
    }

    clear(&t);
    let three = api.first_n(search(), 3);
    assert_eq!(three.len(), 3);
    if let Some(asked) = count(&t, "/api/teams/search") {
        assert_eq!(asked, 2, "the third item is on page 2; page 3 is not asked");
    }

    clear(&t);
    let mut names: Vec<String> = api
        .every(search())
        .unwrap()
        .into_iter()
        .map(|team| team.name)
        .collect();
    names.sort();
    let expected: Vec<String> = (0..5).map(|i| format!("{prefix}-{i}")).collect();
    assert_eq!(names, expected);
    if let Some(asked) = count(&t, "/api/teams/search") {
        assert_eq!(asked, 3, "2 + 2 + 1: the short page ends the walk");
    }

    let all = api.all(search().all()).unwrap();
    assert_eq!(all.len(), 5, ".all() walks the same pages");

    for id in ids {
        api.run(api.teams().delete_team(id)).unwrap();
    }
}

fn service_accounts_stream_and_search_one<C: Walk>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let prefix = unique("walk-sa");
    let mut ids = Vec::new();
    for suffix in ["alpha", "beta", "gamma"] {
        let sa = api
            .run(
                api.serviceaccount()
                    .create(&json!({"name": format!("{prefix}-{suffix}"), "role": "Viewer"})),
            )
            .unwrap();
        ids.push(sa.id);
    }

    let mut names: Vec<String> = api
        .every(
            api.serviceaccount()
                .search_streaming()
                .query(&prefix)
                .perpage(2),
        )
        .unwrap()
        .into_iter()
        .map(|sa| sa.name)
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            format!("{prefix}-alpha"),
            format!("{prefix}-beta"),
            format!("{prefix}-gamma")
        ]
    );

    let beta = api
        .one(api.serviceaccount().search_one(&format!("{prefix}-beta")))
        .unwrap();
    assert_eq!(beta.id, ids[1]);
    assert_eq!(beta.name, format!("{prefix}-beta"));

    let many = api
        .one(api.serviceaccount().search_one(&prefix))
        .unwrap_err();
    assert!(matches!(many, Error::Decode(_)), "{many}");
    assert!(
        many.to_string().contains(&format!(
            "3 service accounts match `{prefix}`, not exactly one"
        )),
        "{many}"
    );
    let none = api
        .one(api.serviceaccount().search_one(&format!("{prefix}-none")))
        .unwrap_err();
    assert!(
        none.to_string().contains("0 service accounts match"),
        "{none}"
    );

    for id in ids {
        api.run(api.serviceaccount().delete(id)).unwrap();
    }
}

fn dashboards_search_pages<C: Walk>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let tag = unique("walk-tag");
    let mut uids = Vec::new();
    for i in 0..5 {
        let uid = unique("walk-dash");
        api.run(api.dashboard().update_dashboard(&json!({
            "dashboard": {"uid": uid, "title": format!("{tag} {i}"), "tags": [tag], "panels": []},
            "overwrite": false
        })))
        .unwrap();
        uids.push(uid);
    }
    let search = || api.search().search_dashboards().tag(&tag).limit(2);

    let page_two = api.run(search().page(2)).unwrap();
    assert_eq!(page_two.len(), 2, "one call is one page");

    clear(&t);
    let mut got: Vec<String> = api
        .every(search())
        .unwrap()
        .into_iter()
        .map(|h| h.uid)
        .collect();
    got.sort();
    let mut expected = uids.clone();
    expected.sort();
    assert_eq!(got, expected);
    if let Some(asked) = count(&t, "/api/search") {
        assert_eq!(asked, 3);
    }
    assert_eq!(api.all(search().all()).unwrap().len(), 5);

    for uid in uids {
        api.run(api.dashboard().delete_dashboard(&uid)).unwrap();
    }
}

/// A dashboard with versions 1 to 5, on a target.
fn five_versions<C: Walk>(api: &C) -> String {
    let uid = unique("walk-versions");
    create_dashboard(api, &uid, "v1");
    for v in 2..=5 {
        api.run(api.dashboard().update_dashboard(&json!({
            "dashboard": {"uid": uid, "title": format!("v{v}"), "panels": []},
            "overwrite": true
        })))
        .unwrap();
    }
    uid
}

fn versions_walk<C: Walk>(api: &C, uid: &str) -> Vec<i64> {
    api.every(
        api.dashboard_versions()
            .get_dashboard_versions(uid)
            .limit(2),
    )
    .unwrap()
    .into_iter()
    .map(|v| v.version.unwrap_or(-1))
    .collect()
}

fn dashboard_versions_walk_on_each_release<C: Walk>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let uid = five_versions(&api);
    assert_eq!(versions_walk(&api, &uid), vec![5, 4, 3, 2, 1]);
    api.run(api.dashboard().delete_dashboard(&uid)).unwrap();
    if t.emulator_only("plays other Grafana releases").is_none() {
        return;
    }

    // 11.5: bare list, `start`; 11.6: object without token, `start`;
    // 12 and 13: `continueToken`, `start` ignored.
    for (version, asked, with_token) in [
        ("11.5.0", 3, false),
        ("11.6.0", 3, false),
        ("12.0.0", 3, true),
        ("13.0.0", 3, true),
    ] {
        let emu = Emulator::builder()
            .version(version)
            .start_blocking()
            .unwrap();
        let api = C::build(
            GrafanaApi::builder()
                .url(&emu.url())
                .auth(BasicAuth::new("admin", "admin")),
        );
        let uid = five_versions(&api);
        emu.clear_requests();
        assert_eq!(versions_walk(&api, &uid), vec![5, 4, 3, 2, 1], "{version}");
        let requests = emu.requests();
        assert_eq!(requests.len(), asked, "{version}");
        let tokens = requests
            .iter()
            .filter(|r| {
                r.raw_query
                    .as_deref()
                    .unwrap_or("")
                    .contains("continueToken=")
            })
            .count();
        assert_eq!(tokens, if with_token { 2 } else { 0 }, "{version}");

        // A full last page without a token (limit 5 on 12+, where `start` is
        // ignored): the repeated page ends the walk, without duplicates.
        let all = api
            .all(
                api.dashboard_versions()
                    .get_dashboard_versions(uid.as_str())
                    .limit(5)
                    .all(),
            )
            .unwrap();
        let numbers: Vec<i64> = all.iter().map(|v| v.version.unwrap_or(-1)).collect();
        assert_eq!(numbers, vec![5, 4, 3, 2, 1], "{version}");
    }
}

fn optional_turns_only_a_404_into_none<C: Walk>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let uid = unique("walk-optional");
    let missing = api
        .opt(api.dashboard().get_dashboard(&uid).optional())
        .unwrap();
    assert!(missing.is_none());

    create_dashboard(&api, &uid, "Optional");
    let found = api
        .opt(api.dashboard().get_dashboard(&uid).optional())
        .unwrap()
        .expect("the dashboard exists");
    assert_eq!(found.dashboard["uid"], json!(uid));

    let nobody = api
        .opt(api.users().find_user(&unique("nobody")).optional())
        .unwrap();
    assert!(nobody.is_none());

    let wrong = C::build(
        GrafanaApi::builder()
            .url(&t.url)
            .auth(BasicAuth::new("admin", "not-the-password")),
    );
    if t.emulator_only("uses the emulator's admin password")
        .is_some()
    {
        let err = wrong
            .opt(wrong.dashboard().get_dashboard(&uid).optional())
            .unwrap_err();
        assert!(err.is_unauthorized(), "{err}");
    }
    api.run(api.dashboard().delete_dashboard(&uid)).unwrap();
}
