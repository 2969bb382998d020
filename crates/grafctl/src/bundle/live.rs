//! Reading objects from an instance and writing them back, one kind at a
//! time: [`list`] (every object of a kind, paging as Grafana requires),
//! [`get`] (one object's normalised document), [`put`] (create or update)
//! and [`delete`].
//!
//! Paths are built by the client (`api.raw()` and the typed elements), which
//! percent-encodes every segment and query value.

use futures_util::TryStreamExt;
use grafana_client::GrafanaApi;
use serde_json::{json, Map, Value};

use super::{normalize_owned, Item, Kind, OrgRef, SECURE_PLACEHOLDER};
use crate::error::CliError;

/// Page size for the listings that page.
const PAGE: i64 = 1000;

fn api_err(kind: Kind, key: &str) -> impl Fn(grafana_client::Error) -> CliError + '_ {
    move |e| CliError::from(e).context(format!("{} {key}", kind.name()))
}

/// Refuses a key that cannot be one path segment (Grafana's uids never
/// contain `/`; [`grafana_client::Raw`] splits paths at `/`).
fn seg(kind: Kind, key: &str) -> Result<(), CliError> {
    if key.is_empty() || key.contains('/') || key == "." || key == ".." {
        return Err(CliError::general(format!(
            "{} {key:?}: not a usable key (empty, `/`, `.` or `..`)",
            kind.name()
        )));
    }
    Ok(())
}

/// The orgs to work on: every org (`all`, needs a server admin) or the
/// client's current org.
pub async fn orgs(api: &GrafanaApi, all: bool) -> Result<Vec<OrgRef>, CliError> {
    let to_ref = |v: &Value| OrgRef {
        id: v.get("id").and_then(Value::as_i64).unwrap_or(0),
        name: v
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
    };
    if all {
        let mut orgs: Vec<OrgRef> = Vec::new();
        let mut page = 1;
        loop {
            let v = api
                .raw()
                .get("api/orgs")
                .param("perpage", PAGE)
                .param("page", page)
                .await
                .map_err(|e| {
                    CliError::from(e)
                        .context("listing orgs")
                        .hint("--all-orgs needs a Grafana server admin (basic auth)")
                })?;
            let batch = array(v);
            let n = batch.len() as i64;
            orgs.extend(batch.iter().map(to_ref));
            if n < PAGE {
                break;
            }
            page += 1;
        }
        orgs.sort_by_key(|o| o.id);
        orgs.dedup_by_key(|o| o.id);
        Ok(orgs)
    } else {
        let v = api
            .raw()
            .get("api/org")
            .await
            .map_err(|e| CliError::from(e).context("reading the current org"))?;
        Ok(vec![to_ref(&v)])
    }
}

/// Finds the org named `name` (server admin), creating it when `create`.
pub async fn org_by_name(
    api: &GrafanaApi,
    name: &str,
    create: bool,
) -> Result<Option<i64>, CliError> {
    let found = api
        .organization()
        .find_organization(name)
        .value()
        .optional()
        .await
        .map_err(|e| CliError::from(e).context(format!("org {name:?}")))?;
    if let Some(v) = found {
        return Ok(v.get("id").and_then(Value::as_i64));
    }
    if !create {
        return Ok(None);
    }
    let v = api
        .raw()
        .post("api/orgs")
        .body(&json!({ "name": name }))
        .await
        .map_err(|e| CliError::from(e).context(format!("creating org {name:?}")))?;
    Ok(v.get("orgId").and_then(Value::as_i64))
}

fn items(kind: Kind, docs: impl IntoIterator<Item = Value>) -> Vec<Item> {
    let mut out: Vec<Item> = docs
        .into_iter()
        .filter_map(|raw| {
            let id = raw.get("id").and_then(Value::as_i64);
            let version = raw.get("version").and_then(Value::as_i64);
            let uid = raw.get("uid").and_then(Value::as_str).map(str::to_owned);
            let mut item = Item::from_doc(kind, normalize_owned(kind, raw))?;
            item.id = id;
            item.version = version;
            item.uid = uid;
            Some(item)
        })
        .collect();
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out
}

fn array(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        _ => Vec::new(),
    }
}

/// Every object of one alerting provisioning list
/// (`GET /api/v1/provisioning/<what>`, a JSON array).
async fn provisioning_list(
    api: &GrafanaApi,
    kind: Kind,
    what: &str,
) -> Result<Vec<Item>, CliError> {
    let v = api
        .raw()
        .get(&format!("api/v1/provisioning/{what}"))
        .await
        .map_err(|e| CliError::from(e).context(format!("listing {}", kind.name())))?;
    Ok(items(kind, array(v)))
}

/// Every object of `kind` in the client's org. Kinds whose listing holds
/// the whole object come with their document; dashboards and data
/// sources are read one by one with [`get`].
pub async fn list(api: &GrafanaApi, kind: Kind) -> Result<Vec<Item>, CliError> {
    let err =
        |e: grafana_client::Error| CliError::from(e).context(format!("listing {}", kind.name()));
    match kind {
        Kind::Folders => {
            // breadth first: parents before children
            let mut out = Vec::new();
            let mut queue = vec![String::new()];
            let mut seen = std::collections::HashSet::new();
            while let Some(parent) = queue.pop() {
                let mut page = 1;
                loop {
                    let mut call = api
                        .raw()
                        .get("api/folders")
                        .param("limit", PAGE)
                        .param("page", page);
                    if !parent.is_empty() {
                        call = call.param("parentUid", &parent);
                    }
                    let v = array(call.await.map_err(err)?);
                    let n = v.len() as i64;
                    for mut f in v {
                        if let (Some(m), false) = (f.as_object_mut(), parent.is_empty()) {
                            m.entry("parentUid").or_insert_with(|| json!(parent));
                        }
                        if let Some(item) = items(kind, [f]).pop() {
                            if seen.insert(item.key.clone()) {
                                queue.push(item.key.clone());
                                out.push(item);
                            }
                        }
                    }
                    if n < PAGE {
                        break;
                    }
                    page += 1;
                }
            }
            Ok(super::parents_first(out))
        }
        Kind::Dashboards => {
            let hits: Vec<_> = api
                .search()
                .search_dashboards()
                .type_("dash-db")
                .limit(5000)
                .into_stream()
                .try_collect()
                .await
                .map_err(err)?;
            let mut out: Vec<Item> = hits
                .into_iter()
                .map(|h| Item {
                    key: h.uid,
                    title: h.title,
                    doc: None,
                    path: None,
                    id: None,
                    version: None,
                    uid: None,
                })
                .collect();
            out.sort_by(|a, b| a.key.cmp(&b.key));
            out.dedup_by(|a, b| a.key == b.key);
            Ok(out)
        }
        Kind::Datasources => {
            let v = api.raw().get("api/datasources").await.map_err(err)?;
            let mut out = items(kind, array(v));
            for i in &mut out {
                i.doc = None; // the list lacks fields; read each one
            }
            Ok(out)
        }
        Kind::LibraryPanels => {
            let mut all = Vec::new();
            let mut page = 1;
            loop {
                let v = api
                    .raw()
                    .get("api/library-elements")
                    .param("perPage", PAGE)
                    .param("page", page)
                    .await
                    .map_err(err)?;
                let els = array(
                    v.pointer("/result/elements")
                        .cloned()
                        .unwrap_or(Value::Null),
                );
                let n = els.len() as i64;
                all.extend(els);
                if n < PAGE {
                    break;
                }
                page += 1;
            }
            Ok(items(kind, all))
        }
        Kind::AlertRules => provisioning_list(api, kind, "alert-rules").await,
        Kind::ContactPoints => provisioning_list(api, kind, "contact-points").await,
        Kind::MuteTimings => provisioning_list(api, kind, "mute-timings").await,
        Kind::Templates => provisioning_list(api, kind, "templates").await,
        Kind::Policies => {
            let v = api
                .raw()
                .get("api/v1/provisioning/policies")
                .await
                .map_err(err)?;
            Ok(items(kind, [v]))
        }
        Kind::Users => {
            let v = api.raw().get("api/org/users").await.map_err(err)?;
            let docs = array(v).into_iter().map(|mut u| {
                // the org-user answer calls the id `userId`
                if let Some(m) = u.as_object_mut() {
                    if let Some(id) = m.get("userId").cloned() {
                        m.insert("id".into(), id);
                    }
                }
                u
            });
            Ok(items(kind, docs))
        }
        Kind::Teams => {
            let mut all = Vec::new();
            let mut page = 1;
            loop {
                let v = api
                    .raw()
                    .get("api/teams/search")
                    .param("perpage", PAGE)
                    .param("page", page)
                    .await
                    .map_err(err)?;
                let teams = array(v.get("teams").cloned().unwrap_or(Value::Null));
                let n = teams.len() as i64;
                all.extend(teams);
                if n < PAGE {
                    break;
                }
                page += 1;
            }
            let mut out = Vec::new();
            for mut t in all {
                let Some(id) = t.get("id").and_then(Value::as_i64) else {
                    continue;
                };
                let members = api
                    .raw()
                    .get(&format!("api/teams/{id}/members"))
                    .await
                    .map_err(err)?;
                let logins: Vec<Value> = array(members)
                    .iter()
                    .filter_map(|m| m.get("login").cloned())
                    .collect();
                if let Some(m) = t.as_object_mut() {
                    m.insert("members".into(), Value::Array(logins));
                }
                out.push(t);
            }
            Ok(items(kind, out))
        }
        Kind::ServiceAccounts => {
            let mut all = Vec::new();
            let mut page = 1;
            loop {
                let v = api
                    .raw()
                    .get("api/serviceaccounts/search")
                    .param("perpage", PAGE)
                    .param("page", page)
                    .await
                    .map_err(err)?;
                let sas = array(v.get("serviceAccounts").cloned().unwrap_or(Value::Null));
                let n = sas.len() as i64;
                all.extend(sas);
                if n < PAGE {
                    break;
                }
                page += 1;
            }
            Ok(items(kind, all))
        }
        Kind::Annotations => {
            let v = api
                .raw()
                .get("api/annotations")
                .param("type", "annotation")
                .param("limit", 100_000)
                .await
                .map_err(err)?;
            Ok(items(kind, array(v)))
        }
    }
}

/// The normalised document of `item`, reading it when the listing did not
/// give it; `None` when it is gone.
pub async fn get(api: &GrafanaApi, kind: Kind, item: &Item) -> Result<Option<Value>, CliError> {
    if let Some(doc) = &item.doc {
        return Ok(Some(doc.clone()));
    }
    let key = item.key.as_str();
    let v = match kind {
        Kind::Dashboards => api
            .dashboard()
            .get_dashboard(key)
            .value()
            .optional()
            .await
            .map_err(api_err(kind, key))?,
        Kind::Datasources => api
            .datasource()
            .get_datasource_by_uid(key)
            .value()
            .optional()
            .await
            .map_err(api_err(kind, key))?,
        _ => return Ok(None),
    };
    Ok(v.map(|v| normalize_owned(kind, v)))
}

/// The document without bundle-only fields, as Grafana takes it.
fn body_of(doc: &Value) -> Map<String, Value> {
    let mut m = doc.as_object().cloned().unwrap_or_default();
    m.remove(SECURE_PLACEHOLDER);
    m
}

/// A random password for a user a restore creates (users are backed up
/// without theirs; an admin resets it afterwards).
fn random_password() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut s = String::new();
    for i in 0..4u8 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u8(i);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        s.push_str(&format!("{:016x}", h.finish()));
    }
    s
}

async fn user_id(api: &GrafanaApi, login: &str) -> Result<Option<i64>, CliError> {
    let v = api
        .raw()
        .get("api/users/lookup")
        .param("loginOrEmail", login)
        .optional()
        .await
        .map_err(|e| CliError::from(e).context(format!("user {login}")))?;
    Ok(v.and_then(|v| v.get("id").and_then(Value::as_i64)))
}

/// Creates (`existing` is `None`) or updates the object `doc` (normalised)
/// in the client's org; `existing` is the target's item (its ids and
/// version) and `old` its normalised document.
pub async fn put(
    api: &GrafanaApi,
    kind: Kind,
    doc: &Value,
    existing: Option<&Item>,
    old: Option<&Value>,
) -> Result<(), CliError> {
    let key = kind.key(doc).unwrap_or_default();
    let err = api_err(kind, &key);
    let body = body_of(doc);
    match kind {
        Kind::Folders => {
            seg(kind, &key)?;
            let parent = doc.get("parentUid").and_then(Value::as_str).unwrap_or("");
            if existing.is_none() {
                api.raw()
                    .post("api/folders")
                    .body(&body)
                    .await
                    .map_err(err)?;
            } else {
                let mut upd = body.clone();
                upd.remove("uid");
                upd.remove("parentUid");
                upd.insert("overwrite".into(), json!(true));
                api.raw()
                    .put(&format!("api/folders/{key}"))
                    .body(&upd)
                    .await
                    .map_err(&err)?;
                let old_parent = old
                    .and_then(|o| o.get("parentUid"))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                if old_parent != parent {
                    api.folder()
                        .move_folder(&key, parent)
                        .value()
                        .await
                        .map_err(err)?;
                }
            }
        }
        Kind::Dashboards => {
            let mut b = body;
            b.insert("overwrite".into(), json!(true));
            b.insert("message".into(), json!("grafctl restore"));
            api.raw()
                .post("api/dashboards/db")
                .body(&b)
                .await
                .map_err(err)?;
        }
        Kind::Datasources => {
            if existing.is_none() {
                api.datasource()
                    .create_datasource(&body)
                    .value()
                    .await
                    .map_err(err)?;
            } else {
                api.datasource()
                    .update_datasource_by_uid(&key, &body)
                    .value()
                    .await
                    .map_err(err)?;
            }
        }
        Kind::LibraryPanels => match existing {
            None => {
                api.raw()
                    .post("api/library-elements")
                    .body(&body)
                    .await
                    .map_err(err)?;
            }
            Some(item) => {
                seg(kind, &key)?;
                let mut b = body;
                b.remove("uid");
                b.insert("version".into(), json!(item.version.unwrap_or(1)));
                api.raw()
                    .patch(&format!("api/library-elements/{key}"))
                    .body(&b)
                    .await
                    .map_err(err)?;
            }
        },
        Kind::AlertRules => {
            let p = api.alertingprovisioning();
            if existing.is_none() {
                p.create_alertrule(&body)
                    .disable_provenance(true)
                    .value()
                    .await
                    .map_err(err)?;
            } else {
                p.update_alertrule(&key, &body)
                    .disable_provenance(true)
                    .value()
                    .await
                    .map_err(err)?;
            }
        }
        Kind::ContactPoints => {
            let p = api.alertingprovisioning();
            if existing.is_none() {
                p.create_contactpoint(&body)
                    .disable_provenance(true)
                    .value()
                    .await
                    .map_err(err)?;
            } else {
                let uid = existing.and_then(|i| i.uid.as_deref()).unwrap_or_default();
                p.update_contactpoint(uid, &body)
                    .disable_provenance(true)
                    .value()
                    .await
                    .map_err(err)?;
            }
        }
        Kind::MuteTimings => {
            let p = api.alertingprovisioning();
            if existing.is_none() {
                p.create_mute_timing(&body)
                    .disable_provenance(true)
                    .value()
                    .await
                    .map_err(err)?;
            } else {
                p.update_mute_timing(&key, &body)
                    .disable_provenance(true)
                    .value()
                    .await
                    .map_err(err)?;
            }
        }
        Kind::Templates => {
            api.alertingprovisioning()
                .create_or_update_template(&key, &body)
                .disable_provenance(true)
                .value()
                .await
                .map_err(err)?;
        }
        Kind::Policies => {
            api.alertingprovisioning()
                .set_notification_policy_tree(&body)
                .disable_provenance(true)
                .value()
                .await
                .map_err(err)?;
        }
        Kind::Users => {
            let role = doc.get("role").and_then(Value::as_str).unwrap_or("Viewer");
            let id = match existing.and_then(|i| i.id) {
                Some(id) => id,
                None => match user_id(api, &key).await? {
                    Some(id) => id,
                    None => {
                        let mut b = body.clone();
                        b.remove("role");
                        b.insert("password".into(), json!(random_password()));
                        let v = api
                            .raw()
                            .post("api/admin/users")
                            .body(&b)
                            .await
                            .map_err(&err)?;
                        v.get("id").and_then(Value::as_i64).ok_or_else(|| {
                            CliError::general(format!("users {key}: no id in Grafana's answer"))
                        })?
                    }
                },
            };
            if existing.is_none() {
                // add to the org (an existing membership is a 409: update the role then)
                let added = api
                    .raw()
                    .post("api/org/users")
                    .body(&json!({"loginOrEmail": key, "role": role}))
                    .await;
                if let Err(e) = added {
                    if !e.is_conflict() {
                        return Err(err(e));
                    }
                }
            }
            let old_role = old.and_then(|o| o.get("role")).and_then(Value::as_str);
            if existing.is_none() || old_role != Some(role) {
                api.raw()
                    .patch(&format!("api/org/users/{id}"))
                    .body(&json!({ "role": role }))
                    .await
                    .map_err(&err)?;
            }
            let profile =
                |d: Option<&Value>| d.map(|d| (d.get("email").cloned(), d.get("name").cloned()));
            if existing.is_some() && profile(old) != profile(Some(doc)) {
                let mut b = body;
                b.remove("role");
                api.raw()
                    .put(&format!("api/users/{id}"))
                    .body(&b)
                    .await
                    .map_err(err)?;
            }
        }
        Kind::Teams => {
            let mut b = body;
            let members: Vec<String> = match b.remove("members") {
                Some(Value::Array(m)) => m
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                _ => Vec::new(),
            };
            let id = match existing.and_then(|i| i.id) {
                Some(id) => {
                    api.raw()
                        .put(&format!("api/teams/{id}"))
                        .body(&b)
                        .await
                        .map_err(&err)?;
                    id
                }
                None => {
                    let v = api.raw().post("api/teams").body(&b).await.map_err(&err)?;
                    v.get("teamId").and_then(Value::as_i64).ok_or_else(|| {
                        CliError::general(format!("teams {key}: no teamId in Grafana's answer"))
                    })?
                }
            };
            let had: Vec<String> = if existing.is_some() {
                old.and_then(|o| o.get("members"))
                    .and_then(Value::as_array)
                    .map(|m| {
                        m.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default()
            } else {
                // Grafana may make the creator a member of a new team
                let v = api
                    .raw()
                    .get(&format!("api/teams/{id}/members"))
                    .await
                    .map_err(&err)?;
                array(v)
                    .iter()
                    .filter_map(|m| m.get("login").and_then(Value::as_str))
                    .map(str::to_owned)
                    .collect()
            };
            for login in members.iter().filter(|m| !had.contains(m)) {
                let Some(uid) = user_id(api, login).await? else {
                    return Err(CliError::general(format!(
                        "teams {key}: member {login} does not exist (restore users first)"
                    )));
                };
                api.raw()
                    .post(&format!("api/teams/{id}/members"))
                    .body(&json!({ "userId": uid }))
                    .await
                    .map_err(&err)?;
            }
            for login in had.iter().filter(|m| !members.contains(m)) {
                if let Some(uid) = user_id(api, login).await? {
                    api.raw()
                        .delete(&format!("api/teams/{id}/members/{uid}"))
                        .await
                        .map_err(&err)?;
                }
            }
        }
        Kind::ServiceAccounts => match existing.and_then(|i| i.id) {
            Some(id) => {
                api.raw()
                    .patch(&format!("api/serviceaccounts/{id}"))
                    .body(&body)
                    .await
                    .map_err(err)?;
            }
            None => {
                api.raw()
                    .post("api/serviceaccounts")
                    .body(&body)
                    .await
                    .map_err(err)?;
            }
        },
        Kind::Annotations => {
            api.raw()
                .post("api/annotations")
                .body(&body)
                .await
                .map_err(err)?;
        }
    }
    Ok(())
}

/// Deletes `item` (of `kind`) from the client's org.
pub async fn delete(api: &GrafanaApi, kind: Kind, item: &Item) -> Result<(), CliError> {
    let key = item.key.as_str();
    let err = api_err(kind, key);
    match kind {
        Kind::Folders => {
            seg(kind, key)?;
            api.raw()
                .delete(&format!("api/folders/{key}"))
                .param("forceDeleteRules", "true")
                .await
                .map_err(err)?;
        }
        Kind::Dashboards => {
            api.dashboard()
                .delete_dashboard(key)
                .value()
                .await
                .map_err(err)?;
        }
        Kind::Datasources => {
            api.datasource()
                .delete_datasource_by_uid(key)
                .value()
                .await
                .map_err(err)?;
        }
        Kind::LibraryPanels => {
            api.libraryelement()
                .delete_library_element(key)
                .value()
                .await
                .map_err(err)?;
        }
        Kind::AlertRules => {
            api.alertingprovisioning()
                .delete_alertrule(key)
                .disable_provenance(true)
                .value()
                .await
                .map_err(err)?;
        }
        Kind::ContactPoints => {
            let uid = item.uid.as_deref().unwrap_or_default();
            api.alertingprovisioning()
                .delete_contactpoint(uid)
                .value()
                .await
                .map_err(err)?;
        }
        Kind::MuteTimings => {
            api.alertingprovisioning()
                .delete_mute_timing(key)
                .disable_provenance(true)
                .value()
                .await
                .map_err(err)?;
        }
        Kind::Templates => {
            api.alertingprovisioning()
                .delete_template(key)
                .value()
                .await
                .map_err(err)?;
        }
        Kind::Teams => {
            if let Some(id) = item.id {
                api.raw()
                    .delete(&format!("api/teams/{id}"))
                    .await
                    .map_err(err)?;
            }
        }
        Kind::Users | Kind::ServiceAccounts | Kind::Policies | Kind::Annotations => {
            return Err(CliError::general(format!(
                "{} {key}: not deleted by --prune",
                kind.name()
            )));
        }
    }
    Ok(())
}
