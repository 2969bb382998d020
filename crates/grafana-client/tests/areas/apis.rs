//! Grafana's Kubernetes-style `/apis` on both clients: every operation on
//! dashboards (v1 and v2), folders and playlists, discovery and namespaces,
//! Kubernetes `Status` errors, conflicts and the retrying update, the legacy
//! 406 bridge, history, and `continue` paging (1,200 dashboards, short
//! pages, an expired token), on the release profile under test (12.x by
//! default; `GRAFANA_EMULATOR_VERSION=11.6.0|13.0.0`).

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use grafana_client::apis::{
    AnyDashboard, Apis, ApisClient, Dashboard, DashboardSpec, DashboardV2, DashboardV2Spec,
    DeleteParams, Deleted, Detect, Element, Flow, Folder, FolderSpec, GetDashboardAny, History,
    Kinded, Layout, ListAll, ListParams, Object, PanelSpec, Patch, PatchParams, Playlist,
    PlaylistItem, PlaylistSpec, PostParams, ReadDashboard, Update,
};
use grafana_client::{Call, Optional, Plain, Result};
use grafana_emulator::Emulator;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use crate::support::{block_on, emulated_version, unique, Drive, Target};

/// Sends the `/apis` operations of several requests on either client.
trait Flows: Drive {
    fn opt<K: DeserializeOwned + Send + 'static>(
        &self,
        c: Call<Self, Optional<Plain<K>>>,
    ) -> Result<Option<K>>;
    fn all<K: DeserializeOwned + Send + 'static>(
        &self,
        c: Call<Self, Flow<ListAll<K>>>,
    ) -> Result<Vec<K>>;
    fn update<K, F>(&self, c: Call<Self, Flow<Update<K, F>>>) -> Result<K>
    where
        K: Serialize + DeserializeOwned + Send + 'static,
        F: FnMut(&mut K) + Send + 'static;
    fn history<K: DeserializeOwned + Send + 'static>(
        &self,
        c: Call<Self, Flow<History<K>>>,
    ) -> Result<Vec<K>>;
    fn any(&self, c: Call<Self, Flow<GetDashboardAny>>) -> Result<AnyDashboard>;
    fn read(&self, c: Call<Self, Flow<ReadDashboard>>) -> Result<AnyDashboard>;
    fn detect(&self, c: Call<Self, Flow<Detect<Self>>>) -> Result<Apis<Self>>;
    /// Walks lazily: `first` items, then `between()`, then the rest.
    fn walk<K: DeserializeOwned + Send + 'static>(
        &self,
        c: Call<Self, Flow<ListAll<K>>>,
        first: usize,
        between: &dyn Fn(),
    ) -> Vec<Result<K>>;
}

impl Flows for grafana_client::GrafanaApi {
    fn opt<K: DeserializeOwned + Send + 'static>(
        &self,
        c: Call<Self, Optional<Plain<K>>>,
    ) -> Result<Option<K>> {
        block_on(c.send())
    }
    fn all<K: DeserializeOwned + Send + 'static>(
        &self,
        c: Call<Self, Flow<ListAll<K>>>,
    ) -> Result<Vec<K>> {
        block_on(c.send())
    }
    fn update<K, F>(&self, c: Call<Self, Flow<Update<K, F>>>) -> Result<K>
    where
        K: Serialize + DeserializeOwned + Send + 'static,
        F: FnMut(&mut K) + Send + 'static,
    {
        block_on(c.send())
    }
    fn history<K: DeserializeOwned + Send + 'static>(
        &self,
        c: Call<Self, Flow<History<K>>>,
    ) -> Result<Vec<K>> {
        block_on(c.send())
    }
    fn any(&self, c: Call<Self, Flow<GetDashboardAny>>) -> Result<AnyDashboard> {
        block_on(c.send())
    }
    fn read(&self, c: Call<Self, Flow<ReadDashboard>>) -> Result<AnyDashboard> {
        block_on(c.send())
    }
    fn detect(&self, c: Call<Self, Flow<Detect<Self>>>) -> Result<Apis<Self>> {
        block_on(c.send())
    }
    fn walk<K: DeserializeOwned + Send + 'static>(
        &self,
        c: Call<Self, Flow<ListAll<K>>>,
        first: usize,
        between: &dyn Fn(),
    ) -> Vec<Result<K>> {
        use futures_util::StreamExt;
        let mut stream = Box::pin(c.into_stream());
        let mut out = Vec::new();
        while out.len() < first {
            match block_on(stream.next()) {
                Some(item) => out.push(item),
                None => return out,
            }
        }
        between();
        while let Some(item) = block_on(stream.next()) {
            out.push(item);
        }
        out
    }
}

impl Flows for grafana_client::blocking::GrafanaApi {
    fn opt<K: DeserializeOwned + Send + 'static>(
        &self,
        c: Call<Self, Optional<Plain<K>>>,
    ) -> Result<Option<K>> {
        c.send()
    }
    fn all<K: DeserializeOwned + Send + 'static>(
        &self,
        c: Call<Self, Flow<ListAll<K>>>,
    ) -> Result<Vec<K>> {
        c.send()
    }
    fn update<K, F>(&self, c: Call<Self, Flow<Update<K, F>>>) -> Result<K>
    where
        K: Serialize + DeserializeOwned + Send + 'static,
        F: FnMut(&mut K) + Send + 'static,
    {
        c.send()
    }
    fn history<K: DeserializeOwned + Send + 'static>(
        &self,
        c: Call<Self, Flow<History<K>>>,
    ) -> Result<Vec<K>> {
        c.send()
    }
    fn any(&self, c: Call<Self, Flow<GetDashboardAny>>) -> Result<AnyDashboard> {
        c.send()
    }
    fn read(&self, c: Call<Self, Flow<ReadDashboard>>) -> Result<AnyDashboard> {
        c.send()
    }
    fn detect(&self, c: Call<Self, Flow<Detect<Self>>>) -> Result<Apis<Self>> {
        c.send()
    }
    fn walk<K: DeserializeOwned + Send + 'static>(
        &self,
        c: Call<Self, Flow<ListAll<K>>>,
        first: usize,
        between: &dyn Fn(),
    ) -> Vec<Result<K>> {
        let mut iter = c.iter();
        let mut out: Vec<Result<K>> = iter.by_ref().take(first).collect();
        between();
        out.extend(iter);
        out
    }
}

/// The release profile under test, as (major, minor).
fn release<C: Drive>(api: &C) -> (u64, u64) {
    let v = api.version_of().expect("version");
    let mut parts = v.split(['.', '-']).map(|p| p.parse::<u64>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// The versions a release profile serves for (dashboards v1, v2, folders, playlists).
fn expected_versions(r: (u64, u64)) -> (&'static str, &'static str, &'static str, &'static str) {
    match r {
        (13.., _) => ("v1", "v2", "v1", "v1"),
        (12, _) => ("v1beta1", "v2beta1", "v1beta1", "v0alpha1"),
        // 11.6: only the experimental versions; no v2 (the default stays).
        _ => ("v0alpha1", "v2", "v0alpha1", "v0alpha1"),
    }
}

fn serves_v2(r: (u64, u64)) -> bool {
    r.0 >= 12
}

fn setup<C: Flows>(t: &Target) -> (C, Apis<C>) {
    let api = C::build(t.admin());
    let apis = api.detect(api.apis().detect()).expect("detect");
    (api, apis)
}

fn classic(uid: &str, title: &str) -> Dashboard {
    Object::new(
        uid,
        DashboardSpec::from_json(
            json!({"title": title, "panels": [], "schemaVersion": 39, "tags": ["apis-test"]}),
        )
        .unwrap(),
    )
}

fn discovery_and_namespaces<C: Flows>() {
    let t = Target::new();
    let (api, apis) = setup::<C>(&t);
    let r = release(&api);
    let (d1, d2, f, p) = expected_versions(r);
    assert_eq!(apis.current_namespace(), Some("default"));
    assert_eq!(apis.dashboards_v1().resource().version, d1);
    assert_eq!(apis.dashboards_v2().resource().version, d2);
    assert_eq!(apis.folders().resource().version, f);
    assert_eq!(apis.playlists().resource().version, p);
    let d = api.run(apis.discover()).unwrap();
    assert_eq!(d.preferred("dashboard.grafana.app"), Some(d1));
    let resources = api
        .run(apis.discover_group("folder.grafana.app", f))
        .unwrap();
    let folders = resources
        .resources
        .iter()
        .find(|r| r.name == "folders")
        .expect("folders listed");
    assert_eq!(folders.kind, "Folder");
    assert!(folders.namespaced);
    // Namespaces follow the org: org 2's namespace for a client acting there.
    let org2 = C::build(t.admin().organization_id(2));
    assert_eq!(org2.apis().current_namespace(), Some("org-2"));
    assert_eq!(
        C::build(t.admin().organization_id(1))
            .apis()
            .current_namespace(),
        Some("default")
    );
    // The namespace of an org the caller is not in: 403 Forbidden as a Status.
    if t.emulator_only("org 99 exists on no real server either, but its answer may differ")
        .is_some()
    {
        let err = api
            .run(
                apis.clone()
                    .namespace("org-99")
                    .folders()
                    .list(&ListParams::default()),
            )
            .unwrap_err();
        assert!(err.is_forbidden(), "{err}");
        assert_eq!(err.api().and_then(|a| a.reason()), Some("Forbidden"));
        let err = api
            .run(
                apis.clone()
                    .namespace("org-1")
                    .folders()
                    .list(&ListParams::default()),
            )
            .unwrap_err();
        assert!(err.is_forbidden(), "{err}");
    }
}

fn dashboards_v1_lifecycle<C: Flows>() {
    let t = Target::new();
    let (api, apis) = setup::<C>(&t);
    let dashboards = apis.dashboards_v1();
    let uid = unique("apis-v1");
    // Create: name given, resourceVersion never sent.
    let mut new = classic(&uid, "First");
    new.metadata.resource_version = Some("12345".into());
    let created = api
        .run(dashboards.create(&PostParams::default(), &new))
        .unwrap();
    assert_eq!(created.name(), uid);
    assert_eq!(created.spec.title(), Some("First"));
    assert_eq!(created.metadata.generation, Some(1));
    let rv1 = created.resource_version().expect("rv").to_owned();
    // The same name again: 409 AlreadyExists.
    let err = api
        .run(dashboards.create(&PostParams::default(), &new))
        .unwrap_err();
    assert!(err.is_conflict() && err.is_already_exists(), "{err}");
    // Visible through the legacy API with the same version.
    let legacy = api.run(api.dashboard().get_dashboard(&uid)).unwrap();
    assert_eq!(legacy.dashboard["title"], "First");
    assert_eq!(legacy.dashboard["version"], 1);
    // Get, get_opt.
    let got = api.run(dashboards.get(&uid)).unwrap();
    assert_eq!(got.resource_version(), Some(rv1.as_str()));
    assert_eq!(api.opt(dashboards.get_opt(&unique("none"))).unwrap(), None);
    let err = api.run(dashboards.get(&unique("none"))).unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.api().and_then(|a| a.reason()), Some("NotFound"));
    // List with a field selector: exactly this one.
    let page = api
        .run(dashboards.list(&ListParams::default().fields(format!("metadata.name={uid}"))))
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].name(), uid);
    // Replace with the read resourceVersion.
    let mut edit = got.clone();
    edit.spec.set_title("Second");
    let replaced = api
        .run(dashboards.replace(&uid, &PostParams::default(), &edit))
        .unwrap();
    assert_eq!(replaced.spec.title(), Some("Second"));
    assert_eq!(replaced.metadata.generation, Some(2));
    assert_ne!(replaced.resource_version(), Some(rv1.as_str()));
    // The stale resourceVersion again: 409 Conflict, not AlreadyExists.
    edit.spec.set_title("Lost");
    let err = api
        .run(dashboards.replace(&uid, &PostParams::default(), &edit))
        .unwrap_err();
    assert!(err.is_conflict() && !err.is_already_exists(), "{err}");
    assert_eq!(err.api().and_then(|a| a.reason()), Some("Conflict"));
    // Merge patch, JSON patch.
    let patched = api
        .run(dashboards.patch(
            &uid,
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"title": "Third"}})),
        ))
        .unwrap();
    assert_eq!(patched.spec.title(), Some("Third"));
    assert_eq!(patched.spec.get("schemaVersion"), Some(&json!(39)));
    let patched = api
        .run(dashboards.patch(
            &uid,
            &PatchParams::default(),
            &Patch::Json(json!([{"op": "replace", "path": "/spec/title", "value": "Fourth"}])),
        ))
        .unwrap();
    assert_eq!(patched.spec.title(), Some("Fourth"));
    if let Some(emu) = t.emulator_only("reads the emulator's request log") {
        // Each patch went with its own content type, and only one.
        let types: Vec<Vec<String>> = emu
            .requests()
            .iter()
            .filter(|r| r.method == "PATCH" && r.raw_path.ends_with(&uid))
            .map(|r| {
                r.headers
                    .iter()
                    .filter(|(k, _)| k == "content-type")
                    .map(|(_, v)| v.clone())
                    .collect()
            })
            .collect();
        assert_eq!(
            types,
            vec![
                vec!["application/merge-patch+json".to_owned()],
                vec!["application/json-patch+json".to_owned()]
            ]
        );
    }
    // Dry runs store nothing.
    let dry = classic(&unique("apis-dry"), "Dry");
    let answered = api
        .run(dashboards.create(&PostParams::dry_run(), &dry))
        .unwrap();
    assert_eq!(answered.spec.title(), Some("Dry"));
    assert_eq!(api.opt(dashboards.get_opt(dry.name())).unwrap(), None);
    let kept = api
        .run(dashboards.patch(
            &uid,
            &PatchParams::dry_run(),
            &Patch::Merge(json!({"spec": {"title": "No"}})),
        ))
        .unwrap();
    assert_eq!(kept.spec.title(), Some("No"));
    assert_eq!(
        api.run(dashboards.get(&uid)).unwrap().spec.title(),
        Some("Fourth")
    );
    api.run(dashboards.delete(&uid, &DeleteParams::dry_run()))
        .unwrap();
    assert!(api.opt(dashboards.get_opt(&uid)).unwrap().is_some());
    // generateName: the server picks the name.
    let generated: Dashboard = Object::generate(
        "gen-",
        DashboardSpec::from_json(json!({"title": "Generated", "schemaVersion": 39})).unwrap(),
    );
    let g = api
        .run(dashboards.create(&PostParams::default(), &generated))
        .unwrap();
    assert!(
        g.name().starts_with("gen-") && g.name().len() > 4,
        "{}",
        g.name()
    );
    // Delete: a Status; then 404.
    match api
        .run(dashboards.delete(&uid, &DeleteParams::default()))
        .unwrap()
    {
        Deleted::Status(s) => assert_eq!(s.status.as_deref(), Some("Success")),
        Deleted::Object(o) => assert_eq!(o.name(), uid),
    }
    assert!(api.run(dashboards.get(&uid)).unwrap_err().is_not_found());
    api.run(dashboards.delete(g.name(), &DeleteParams::default()))
        .unwrap();
}

fn update_retries_on_conflict<C: Flows>() {
    let t = Target::new();
    let (api, apis) = setup::<C>(&t);
    let dashboards = apis.dashboards_v1();
    let uid = unique("apis-upd");
    api.run(dashboards.create(&PostParams::default(), &classic(&uid, "Start")))
        .unwrap();
    // The first attempt writes with a stale resourceVersion (as if someone
    // wrote in between): 409, a fresh read, and the second attempt wins.
    let calls = Arc::new(AtomicU32::new(0));
    let seen = calls.clone();
    let saved = api
        .update(dashboards.update(&uid, move |d: &mut Dashboard| {
            if seen.fetch_add(1, Ordering::SeqCst) == 0 {
                d.metadata.resource_version = Some("1".into());
            }
            d.spec.set_title("Updated");
        }))
        .unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(saved.spec.title(), Some("Updated"));
    assert_eq!(saved.metadata.generation, Some(2));
    // Bounded: always stale, three attempts, then the conflict.
    let calls = Arc::new(AtomicU32::new(0));
    let seen = calls.clone();
    let err = api
        .update(
            dashboards
                .update(&uid, move |d: &mut Dashboard| {
                    seen.fetch_add(1, Ordering::SeqCst);
                    d.metadata.resource_version = Some("1".into());
                })
                .attempts(3),
        )
        .unwrap_err();
    assert!(err.is_conflict(), "{err}");
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    // A missing object: the read's 404, no write.
    let err = api
        .update(dashboards.update(&unique("none"), |_d: &mut Dashboard| {}))
        .unwrap_err();
    assert!(err.is_not_found());
}

/// A real concurrent writer: another client saves between our read and our
/// write; the update sees 409, reads again, and keeps both changes.
fn update_after_a_concurrent_write<C: Flows>() {
    let t = Target::new();
    let (api, apis) = setup::<C>(&t);
    let dashboards = apis.dashboards_v1();
    let uid = unique("apis-race");
    api.run(dashboards.create(&PostParams::default(), &classic(&uid, "Race")))
        .unwrap();
    // The other writer: a blocking client of its own, on its own thread.
    let other = t.admin().blocking().build().expect("blocking client");
    let other_apis = other.apis().detect().send().expect("detect");
    let calls = Arc::new(AtomicU32::new(0));
    let seen = calls.clone();
    let target = uid.clone();
    let saved = api
        .update(dashboards.update(&uid, move |d: &mut Dashboard| {
            if seen.fetch_add(1, Ordering::SeqCst) == 0 {
                let (apis, name) = (other_apis.clone(), target.clone());
                std::thread::spawn(move || {
                    apis.dashboards_v1()
                        .update(&name, |theirs: &mut Dashboard| {
                            theirs.spec.insert("description", json!("theirs"))
                        })
                        .send()
                })
                .join()
                .expect("the other writer's thread")
                .expect("the other write");
            }
            d.spec.set_title("Ours");
        }))
        .unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(saved.spec.title(), Some("Ours"));
    assert_eq!(saved.spec.get("description"), Some(&json!("theirs")));
    assert_eq!(saved.metadata.generation, Some(3));
}

fn history_and_past_versions<C: Flows>() {
    let t = Target::new();
    let (api, apis) = setup::<C>(&t);
    let dashboards = apis.dashboards_v1();
    let uid = unique("apis-hist");
    api.run(dashboards.create(&PostParams::default(), &classic(&uid, "H1")))
        .unwrap();
    for title in ["H2", "H3"] {
        api.update(dashboards.update(&uid, move |d: &mut Dashboard| d.spec.set_title(title)))
            .unwrap();
    }
    let history = api.history(dashboards.history(&uid)).unwrap();
    let gens: Vec<Option<i64>> = history.iter().map(|d| d.metadata.generation).collect();
    assert_eq!(gens, vec![Some(3), Some(2), Some(1)]);
    let titles: Vec<Option<&str>> = history.iter().map(|d| d.spec.title()).collect();
    assert_eq!(titles, vec![Some("H3"), Some("H2"), Some("H1")]);
    if let Some(emu) = t.emulator_only("reads the emulator's request log") {
        // The selector form follows the server's version.
        let query = emu
            .requests()
            .iter()
            .rev()
            .find(|r| {
                r.method == "GET"
                    && r.raw_query
                        .as_deref()
                        .is_some_and(|q| q.contains("get-history"))
            })
            .and_then(|r| r.raw_query.clone())
            .expect("a history request");
        if release(&api).0 >= 12 {
            assert!(
                query.contains("labelSelector=grafana.app%2Fget-history%3Dtrue"),
                "{query}"
            );
            assert!(
                query.contains(&format!("fieldSelector=metadata.name%3D{uid}")),
                "{query}"
            );
        } else {
            assert!(
                query.contains(&format!("labelSelector=grafana.app%2Fget-history%3D{uid}")),
                "{query}"
            );
            assert!(!query.contains("fieldSelector"), "{query}");
        }
    }
    let oldest = history[2].resource_version().expect("rv").to_owned();
    let past = api.run(dashboards.get_at_version(&uid, &oldest)).unwrap();
    assert_eq!(past.spec.title(), Some("H1"));
    assert_eq!(past.metadata.generation, Some(1));
}

fn dashboards_v2_and_the_406_bridge<C: Flows>() {
    let t = Target::new();
    let (api, apis) = setup::<C>(&t);
    let r = release(&api);
    let v2 = apis.dashboards_v2();
    let uid = unique("apis-v2");
    let mut spec = DashboardV2Spec::default();
    spec.title = "Dynamic".into();
    let panel: PanelSpec = serde_json::from_value(json!({
        "id": 1, "title": "CPU",
        "vizConfig": {"kind": "VizConfig", "group": "timeseries", "version": "", "spec": {"options": {}}}
    }))
    .unwrap();
    spec.elements.insert(
        "panel-1".into(),
        Element::Panel(Kinded::new("Panel", panel)),
    );
    spec.layout = Some(
        serde_json::from_value(json!({"kind": "GridLayout", "spec": {"items": [
            {"kind": "GridLayoutItem", "spec": {"x": 0, "y": 0, "width": 12, "height": 8,
             "element": {"kind": "ElementReference", "name": "panel-1"}}}]}}))
        .unwrap(),
    );
    let object: DashboardV2 = Object::new(&uid, spec);
    if !serves_v2(r) {
        // 11.6 serves no v2 version: the group answers 404.
        let err = api
            .run(v2.create(&PostParams::default(), &object))
            .unwrap_err();
        assert!(err.is_not_found(), "{err}");
        return;
    }
    let created = api.run(v2.create(&PostParams::default(), &object)).unwrap();
    assert_eq!(created.spec.title, "Dynamic");
    let got = api.run(v2.get(&uid)).unwrap();
    assert_eq!(
        got.spec
            .panels()
            .map(|(n, p)| (n.to_owned(), p.title.clone()))
            .collect::<Vec<_>>(),
        vec![("panel-1".to_owned(), "CPU".to_owned())]
    );
    assert!(
        matches!(got.spec.layout, Some(Layout::Grid(ref g)) if g.spec.items[0].spec.width == 12)
    );
    // The legacy read: 406 with the /apis path.
    let err = api.run(api.dashboard().get_dashboard(&uid)).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(406));
    let message = err
        .api()
        .and_then(|a| a.message.clone())
        .unwrap_or_default();
    let want = format!(
        "/apis/dashboard.grafana.app/{}/namespaces/default/dashboards/{uid}",
        expected_versions(r).1
    );
    assert!(message.contains(&want), "{message}");
    // The bridge follows it.
    match api.any(apis.get_dashboard_any(&uid)).unwrap() {
        AnyDashboard::V2(d) => {
            assert_eq!(d.spec.title, "Dynamic");
            assert_eq!(d.name(), uid);
        }
        other => panic!("{other:?}"),
    }
    // Read through /apis at v1: the stored version wins.
    let any = api.read(apis.read_dashboard(&uid)).unwrap();
    assert_eq!(any.version(), expected_versions(r).1);
    assert!(matches!(any, AnyDashboard::V2(_)));
    // A classic dashboard through the bridge: V1 from the legacy read.
    let classic_uid = unique("apis-classic");
    api.run(
        apis.dashboards_v1()
            .create(&PostParams::default(), &classic(&classic_uid, "Classic")),
    )
    .unwrap();
    match api.any(apis.get_dashboard_any(&classic_uid)).unwrap() {
        AnyDashboard::V1(d) => {
            assert_eq!(d.spec.title(), Some("Classic"));
            assert_eq!(d.metadata.generation, Some(1));
        }
        other => panic!("{other:?}"),
    }
    // Update a v2 dashboard.
    let saved = api
        .update(v2.update(&uid, |d: &mut DashboardV2| d.spec.title = "Renamed".into()))
        .unwrap();
    assert_eq!(saved.spec.title, "Renamed");
    assert_eq!(saved.spec.elements.len(), 1);
    api.run(v2.delete(&uid, &DeleteParams::default())).unwrap();
}

fn folders_lifecycle<C: Flows>() {
    let t = Target::new();
    let (api, apis) = setup::<C>(&t);
    let folders = apis.folders();
    let parent_uid = unique("apis-parent");
    let child_uid = unique("apis-child");
    let parent = api
        .run(folders.create(
            &PostParams::default(),
            &Object::new(&parent_uid, FolderSpec::new("Parent")),
        ))
        .unwrap();
    assert_eq!(parent.spec.title, "Parent");
    assert_eq!(parent.folder(), None);
    let mut child: Folder = Object::new(&child_uid, FolderSpec::new("Child"));
    child.set_folder(Some(&parent_uid));
    let child = api
        .run(folders.create(&PostParams::default(), &child))
        .unwrap();
    assert_eq!(child.folder(), Some(parent_uid.as_str()));
    // Legacy view agrees.
    let legacy = api.run(api.folder().get_folder(&child_uid)).unwrap();
    assert_eq!(legacy.title, "Child");
    let parents = api.run(folders.parents(&child_uid)).unwrap();
    let names: Vec<&str> = parents["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect();
    // Root first, the folder itself last.
    assert_eq!(names, vec![parent_uid.as_str(), child_uid.as_str()]);
    let counts = api.run(folders.counts(&parent_uid)).unwrap();
    assert!(counts.is_object(), "{counts}");
    // Rename with the retrying update; move to the root.
    let renamed = api
        .update(folders.update(&child_uid, |f: &mut Folder| {
            f.spec.title = "Child renamed".into();
            f.set_folder(None);
        }))
        .unwrap();
    assert_eq!(renamed.spec.title, "Child renamed");
    assert_eq!(renamed.folder(), None);
    for uid in [&child_uid, &parent_uid] {
        api.run(folders.delete(uid, &DeleteParams::default()))
            .unwrap();
        assert!(api.run(folders.get(uid)).unwrap_err().is_not_found());
    }
}

fn playlists_lifecycle<C: Flows>() {
    let t = Target::new();
    let (api, apis) = setup::<C>(&t);
    let playlists = apis.playlists();
    let uid = unique("apis-pl");
    let spec = PlaylistSpec::new(
        "Rotation",
        "5m",
        vec![
            PlaylistItem::by_tag("ops"),
            PlaylistItem::by_uid("demo-overview"),
        ],
    );
    let created = api
        .run(playlists.create(&PostParams::default(), &Object::new(&uid, spec)))
        .unwrap();
    assert_eq!(created.spec.title, "Rotation");
    assert_eq!(created.spec.items.len(), 2);
    assert_eq!(created.spec.items[0].kind, "dashboard_by_tag");
    let patched: Playlist = api
        .run(playlists.patch(
            &uid,
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"interval": "1m"}})),
        ))
        .unwrap();
    assert_eq!(patched.spec.interval, "1m");
    assert_eq!(patched.spec.items.len(), 2);
    let all = api.all(playlists.list_all(&ListParams::default())).unwrap();
    assert!(all.iter().any(|p| p.name() == uid));
    api.run(playlists.delete(&uid, &DeleteParams::default()))
        .unwrap();
    assert_eq!(api.opt(playlists.get_opt(&uid)).unwrap(), None);
}

fn dynamic_objects<C: Flows>() {
    let t = Target::new();
    let (api, apis) = setup::<C>(&t);
    let f = apis.folders().resource().clone();
    let dynamic = apis.dynamic(f.group.clone(), f.version.clone(), "folders");
    let uid = unique("apis-dyn");
    let mut obj: grafana_client::apis::DynamicObject =
        Object::new(&uid, json!({"title": "Dynamic folder"}));
    obj.kind = "Folder".into();
    let created = api
        .run(dynamic.create(&PostParams::default(), &obj))
        .unwrap();
    assert_eq!(created.spec["title"], "Dynamic folder");
    let typed = api.run(apis.folders().get(&uid)).unwrap();
    assert_eq!(typed.spec.title, "Dynamic folder");
    api.run(dynamic.delete(&uid, &DeleteParams::default()))
        .unwrap();
}

/// 1,200 dashboards listed in pages of 100, every page cut to 90 by the
/// server, lazily and all at once; then an expired `continue` token.
fn paging_1200_and_expired_continue<C: Flows>() {
    let t = Target::new();
    if t.emulator_only("needs the emulator's page cap and token expiry")
        .is_none()
    {
        return;
    }
    let mut builder = Emulator::builder().apis_max_page(90);
    if let Some(v) = emulated_version() {
        builder = builder.version(&v);
    }
    let emu = builder.start_blocking().expect("emulator");
    let api = C::build(
        grafana_client::GrafanaApi::builder()
            .url(&emu.url())
            .auth(grafana_client::BasicAuth::new("admin", "admin")),
    );
    let apis = api.detect(api.apis().detect()).unwrap();
    let dashboards = apis.dashboards_v1();
    for i in 0..1200 {
        let uid = format!("bulk-{i:04}");
        api.run(dashboards.create(&PostParams::default(), &classic(&uid, &format!("Bulk {i}"))))
            .unwrap();
    }
    // One page: cut short, with a token.
    let page = api
        .run(dashboards.list(&ListParams::default().limit(100)))
        .unwrap();
    assert_eq!(page.items.len(), 90);
    assert!(page.next_token().is_some());
    // Every page.
    let before = emu.requests().len();
    let all = api
        .all(dashboards.list_all(&ListParams::default().limit(100)))
        .unwrap();
    let mut names: Vec<&str> = all.iter().map(|d| d.name()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 1200);
    assert_eq!(all.len(), 1200);
    let pages = emu.requests().len() - before;
    assert_eq!(pages, 1200usize.div_ceil(90));
    // Lazily: 10 items, the tokens expire, the walk ends with Expired.
    let walked = api.walk(
        dashboards.list_all(&ListParams::default().limit(100)),
        10,
        &|| emu.expire_continue_tokens(),
    );
    let (ok, err): (Vec<_>, Vec<_>) = walked.into_iter().partition(|r| r.is_ok());
    assert_eq!(ok.len(), 90);
    assert_eq!(err.len(), 1);
    let err = err.into_iter().next().unwrap().unwrap_err();
    assert!(err.is_expired(), "{err}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(410));
    // A page asked with an expired token directly.
    let token = api
        .run(dashboards.list(&ListParams::default().limit(100)))
        .unwrap()
        .next_token()
        .unwrap()
        .to_owned();
    emu.expire_continue_tokens();
    let err = api
        .run(dashboards.list(&ListParams::default().limit(100).continue_token(token)))
        .unwrap_err();
    assert!(err.is_expired(), "{err}");
}

fn status_errors<C: Flows>() {
    let t = Target::new();
    let (api, apis) = setup::<C>(&t);
    // Invalid: a folder without a title.
    let err = api
        .run(apis.folders().create(
            &PostParams::default(),
            &Object::new(unique("apis-bad"), FolderSpec::default()),
        ))
        .unwrap_err();
    let api_err = err.api().expect("an API error");
    assert!(api_err.api_status.is_some(), "{err}");
    assert_eq!(
        api_err.api_status.as_ref().unwrap().code,
        Some(api_err.status.as_u16())
    );
    // A client-side refusal: dry run where Grafana may write.
    let rules = apis.dynamic("rules.alerting.grafana.app", "v0alpha1", "alertrules");
    let err = api
        .run(rules.create(&PostParams::dry_run(), &Object::new("r", Value::Null)))
        .unwrap_err();
    assert!(matches!(
        err,
        grafana_client::Error::InvalidArgument {
            name: "dry_run",
            ..
        }
    ));
}

both_clients!(
    discovery_and_namespaces,
    dashboards_v1_lifecycle,
    update_retries_on_conflict,
    update_after_a_concurrent_write,
    history_and_past_versions,
    dashboards_v2_and_the_406_bridge,
    folders_lifecycle,
    playlists_lifecycle,
    dynamic_objects,
    paging_1200_and_expired_continue,
    status_errors,
);
