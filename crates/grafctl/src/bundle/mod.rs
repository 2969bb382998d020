//! Backups on disk ("bundles") and the objects in them.
//!
//! A bundle is a directory:
//!
//! ```text
//! <dir>/manifest.json                       Grafana version, orgs, counts
//! <dir>/org-<id>-<org name>/<kind>/<title>--<key>.json
//! ```
//!
//! `<kind>` is one of the [`Kind`] names (`folders`, `dashboards`,
//! `library-panels`, ...), and each file holds one object as stable JSON
//! (sorted keys, two-space indentation), normalised by [`normalize`]: the
//! fields Grafana sets itself (ids, versions, timestamps, provenance, ...)
//! are dropped, so that a backup of an unchanged instance gives the same
//! bytes and two instances can be compared object by object. File names are
//! made safe by [`crate::fsutil::object_file_name`]; the object's key (uid,
//! name or login) is kept inside the file, so names are never parsed back.
//!
//! Secrets are never written: data sources keep only the *names* of their
//! secure fields (`secureJsonFieldsNotBackedUp`), users have no password,
//! service accounts no token, and contact points keep the redacted form
//! Grafana answers with.

pub mod live;
pub mod plan;
pub mod remap;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use crate::error::CliError;
use crate::fsutil;

/// Name of the manifest file at the root of a bundle.
pub const MANIFEST: &str = "manifest.json";

/// The manifest's `format` value.
pub const FORMAT: &str = "grafctl-backup/1";

/// Key under which a data source lists the secure fields it had (their
/// values are never written).
pub const SECURE_PLACEHOLDER: &str = "secureJsonFieldsNotBackedUp";

/// One kind of object a bundle holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Kind {
    /// Folders (nested ones after their parents).
    Folders,
    /// Data sources (no secrets).
    Datasources,
    /// Library panels.
    LibraryPanels,
    /// Dashboards (the JSON model and the folder).
    Dashboards,
    /// Notification templates.
    Templates,
    /// Contact points (secure settings as Grafana redacts them).
    ContactPoints,
    /// Mute timings.
    MuteTimings,
    /// The notification policy tree.
    Policies,
    /// Grafana-managed alert rules.
    AlertRules,
    /// The org's users and their roles (no passwords).
    Users,
    /// Teams and their members.
    Teams,
    /// Service accounts (no tokens).
    ServiceAccounts,
    /// Annotations (only when asked for).
    Annotations,
}

impl Kind {
    /// Every kind, in restore (dependency) order.
    pub const ALL: [Kind; 13] = [
        Kind::Folders,
        Kind::Datasources,
        Kind::LibraryPanels,
        Kind::Dashboards,
        Kind::Templates,
        Kind::ContactPoints,
        Kind::MuteTimings,
        Kind::Policies,
        Kind::AlertRules,
        Kind::Users,
        Kind::Teams,
        Kind::ServiceAccounts,
        Kind::Annotations,
    ];

    /// The kinds backed up when `--components` is not given: all but
    /// annotations.
    pub fn defaults() -> Vec<Kind> {
        Kind::ALL
            .into_iter()
            .filter(|k| *k != Kind::Annotations)
            .collect()
    }

    /// The kind's name: its directory in a bundle and its `--components`
    /// value.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Folders => "folders",
            Kind::Datasources => "datasources",
            Kind::LibraryPanels => "library-panels",
            Kind::Dashboards => "dashboards",
            Kind::Templates => "templates",
            Kind::ContactPoints => "contact-points",
            Kind::MuteTimings => "mute-timings",
            Kind::Policies => "policies",
            Kind::AlertRules => "alert-rules",
            Kind::Users => "users",
            Kind::Teams => "teams",
            Kind::ServiceAccounts => "service-accounts",
            Kind::Annotations => "annotations",
        }
    }

    /// The kind for a directory name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether `--prune` may delete objects of this kind that the source
    /// lacks (never users, service accounts, the policy tree or
    /// annotations).
    pub fn prunable(self) -> bool {
        !matches!(
            self,
            Kind::Users | Kind::ServiceAccounts | Kind::Policies | Kind::Annotations
        )
    }

    /// The key that identifies an object of this kind across instances
    /// (uid, name or login), from its normalised document.
    pub fn key(self, doc: &Value) -> Option<String> {
        let field = match self {
            Kind::Folders | Kind::Datasources | Kind::LibraryPanels | Kind::AlertRules => "/uid",
            Kind::ContactPoints => {
                // uids of contact points differ per instance (the default
                // one's is generated): name and type identify them
                let name = doc.get("name").and_then(Value::as_str)?;
                let kind = doc.get("type").and_then(Value::as_str).unwrap_or("");
                return Some(format!("{name}:{kind}"));
            }
            Kind::Dashboards => "/dashboard/uid",
            Kind::Templates | Kind::MuteTimings | Kind::Teams | Kind::ServiceAccounts => "/name",
            Kind::Users => "/login",
            Kind::Policies => return Some("policies".into()),
            Kind::Annotations => return Some(annotation_key(doc)),
        };
        doc.pointer(field)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    /// A human name for an object (its title or name).
    pub fn title(self, doc: &Value) -> String {
        let field = match self {
            Kind::Folders | Kind::AlertRules => "/title",
            Kind::Dashboards => "/dashboard/title",
            Kind::Users => "/login",
            Kind::Policies => return "notification policy tree".into(),
            Kind::Annotations => "/text",
            _ => "/name",
        };
        doc.pointer(field)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    }
}

/// Parses `--components a,b,c` values (kind names).
pub fn parse_components(list: &[String]) -> Result<Vec<Kind>, CliError> {
    let mut out = Vec::new();
    for item in list.iter().flat_map(|s| s.split(',')) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let kind = Kind::from_name(item).ok_or_else(|| {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            CliError::usage(format!("unknown component {item:?}"))
                .hint(format!("one of {}", names.join(",")))
        })?;
        if !out.contains(&kind) {
            out.push(kind);
        }
    }
    if out.is_empty() {
        return Ok(Kind::defaults());
    }
    out.sort();
    Ok(out)
}

/// A stable key for an annotation, which has no uid: a hash of what it
/// says and where.
fn annotation_key(doc: &Value) -> String {
    let basis = json!([
        doc.get("dashboardUID"),
        doc.get("panelId"),
        doc.get("time"),
        doc.get("timeEnd"),
        doc.get("text"),
        doc.get("tags"),
    ]);
    format!("{:016x}", fsutil::fnv1a(basis.to_string().as_bytes()))
}

fn take(obj: &Map<String, Value>, keys: &[&str]) -> Map<String, Value> {
    let mut out = Map::new();
    for k in keys {
        if let Some(v) = obj.get(*k) {
            if !v.is_null() {
                out.insert((*k).to_string(), v.clone());
            }
        }
    }
    out
}

fn drop_keys(obj: &mut Map<String, Value>, keys: &[&str]) {
    for k in keys {
        obj.remove(*k);
    }
}

/// Removes a `""` value of `key` (Grafana uses both `""` and a missing field
/// for "none").
fn drop_empty(obj: &mut Map<String, Value>, key: &str) {
    if obj
        .get(key)
        .is_some_and(|v| v.is_null() || v.as_str() == Some(""))
    {
        obj.remove(key);
    }
}

/// The fields Grafana sets on every kind, dropped by [`normalize`].
pub const SERVER_SET: &[&str] = &[
    "id",
    "orgId",
    "orgID",
    "version",
    "created",
    "updated",
    "createdBy",
    "updatedBy",
    "provenance",
    "resourceVersion",
    "url",
];

/// [`normalize`] of an owned document: the same result, but a dashboard's
/// model (most of its bytes) is moved rather than copied.
pub fn normalize_owned(kind: Kind, raw: Value) -> Value {
    match (kind, raw) {
        (Kind::Dashboards, Value::Object(mut obj)) => {
            let model = obj.remove("dashboard");
            let mut out = normalize(kind, &Value::Object(obj));
            if let (Some(Value::Object(mut model)), Some(slot)) = (model, out.get_mut("dashboard"))
            {
                drop_keys(&mut model, &["id", "version"]);
                *slot = Value::Object(model);
            }
            out
        }
        (kind, raw) => normalize(kind, &raw),
    }
}

/// The object as a bundle stores it: only what a user set, never a secret.
/// Applying it twice gives the same result, and so does normalising a
/// normalised document.
pub fn normalize(kind: Kind, raw: &Value) -> Value {
    let Value::Object(obj) = raw else {
        return raw.clone();
    };
    let out = match kind {
        Kind::Folders => {
            let mut m = take(obj, &["uid", "title", "description", "parentUid"]);
            drop_empty(&mut m, "parentUid");
            drop_empty(&mut m, "description");
            m
        }
        Kind::Dashboards => {
            // either {dashboard, meta} (Grafana's answer) or {dashboard, folderUid}
            let mut model = obj
                .get("dashboard")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            drop_keys(&mut model, &["id", "version"]);
            let folder = obj
                .get("folderUid")
                .or_else(|| obj.get("meta").and_then(|m| m.get("folderUid")))
                .cloned();
            let mut m = Map::new();
            m.insert("dashboard".into(), Value::Object(model));
            if let Some(f) = folder {
                m.insert("folderUid".into(), f);
            }
            drop_empty(&mut m, "folderUid");
            m
        }
        Kind::Datasources => {
            let mut m = obj.clone();
            drop_keys(
                &mut m,
                &[
                    "id",
                    "orgId",
                    "version",
                    "readOnly",
                    "typeLogoUrl",
                    "typeName",
                    "password",
                    "basicAuthPassword",
                    "secureJsonData",
                    "accessControl",
                    "apiVersion",
                ],
            );
            // the names of the secrets it had (never their values)
            let mut secure: Vec<String> = match m.remove("secureJsonFields") {
                Some(Value::Object(f)) => f
                    .into_iter()
                    .filter(|(_, set)| set.as_bool() != Some(false))
                    .map(|(k, _)| k)
                    .collect(),
                _ => Vec::new(),
            };
            if let Some(Value::Array(prev)) = m.remove(SECURE_PLACEHOLDER) {
                secure.extend(prev.iter().filter_map(Value::as_str).map(str::to_owned));
            }
            secure.sort();
            secure.dedup();
            if !secure.is_empty() {
                m.insert(SECURE_PLACEHOLDER.into(), json!(secure));
            }
            m
        }
        Kind::LibraryPanels => {
            let mut m = take(obj, &["uid", "name", "kind", "folderUid", "model"]);
            if m.get("folderUid").is_none() {
                if let Some(f) = obj.get("meta").and_then(|m| m.get("folderUid")) {
                    m.insert("folderUid".into(), f.clone());
                }
            }
            drop_empty(&mut m, "folderUid");
            if let Some(Value::Object(model)) = m.get_mut("model") {
                // Grafana adds the element's own identity to the model
                drop_keys(model, &["libraryPanel", "version"]);
            }
            m
        }
        Kind::AlertRules => {
            let mut m = obj.clone();
            drop_keys(&mut m, SERVER_SET);
            m
        }
        Kind::ContactPoints => {
            let mut m = obj.clone();
            drop_keys(&mut m, SERVER_SET);
            m.remove("uid");
            m
        }
        Kind::MuteTimings | Kind::Templates | Kind::Policies => {
            let mut m = obj.clone();
            drop_keys(&mut m, SERVER_SET);
            m
        }
        Kind::Users => {
            let mut m = take(obj, &["login", "email", "name", "role"]);
            drop_empty(&mut m, "name");
            m
        }
        Kind::Teams => {
            let mut m = take(obj, &["name", "email", "members"]);
            drop_empty(&mut m, "email");
            if let Some(Value::Array(members)) = m.get_mut("members") {
                members.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                members.dedup();
            }
            m
        }
        Kind::ServiceAccounts => take(obj, &["name", "role", "isDisabled"]),
        Kind::Annotations => {
            let mut m = take(
                obj,
                &["dashboardUID", "panelId", "time", "timeEnd", "tags", "text"],
            );
            drop_empty(&mut m, "dashboardUID");
            if m.get("panelId").and_then(Value::as_i64) == Some(0) {
                m.remove("panelId");
            }
            if let Some(Value::Array(tags)) = m.get_mut("tags") {
                tags.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            }
            if m.get("tags")
                .is_some_and(|t| t.as_array().is_some_and(Vec::is_empty))
            {
                m.remove("tags");
            }
            m
        }
    };
    Value::Object(out)
}

/// True for object keys that [`crate::jsondiff`] should skip when comparing
/// two normalised documents: the server-set fields inside a dashboard model
/// (`.dashboard.id`, `.dashboard.version`), the generic [`SERVER_SET`]
/// names at the top level, and the data-source secret placeholder (secrets
/// are never restored, so a restored data source without them is not a
/// difference).
pub fn ignored(path: &str, key: &str) -> bool {
    (path.is_empty() && (SERVER_SET.contains(&key) || key == SECURE_PLACEHOLDER))
        || (path == ".dashboard" && (key == "id" || key == "version"))
}

/// One org of a bundle or an instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgRef {
    /// The org id (in the instance it came from).
    pub id: i64,
    /// The org name.
    pub name: String,
}

impl OrgRef {
    /// The org's directory in a bundle: `org-<id>-<safe name>`.
    pub fn dir_name(&self) -> String {
        format!(
            "org-{}-{}",
            self.id,
            fsutil::safe_segment(&self.name, fsutil::MAX_TITLE_BYTES)
        )
    }
}

/// One object found in a bundle or an instance, before its document is
/// read.
#[derive(Debug, Clone)]
pub struct Item {
    /// Uid, name or login ([`Kind::key`]).
    pub key: String,
    /// Title or name, for people.
    pub title: String,
    /// The normalised document, when listing gave it already.
    pub doc: Option<Value>,
    /// The file it is in (bundles).
    pub path: Option<PathBuf>,
    /// The instance's numeric id (teams, users, service accounts,
    /// annotations, data sources), for updates and deletes.
    pub id: Option<i64>,
    /// The instance's version of the object (library panels), for updates.
    pub version: Option<i64>,
    /// The instance's uid of an object whose key is not its uid (contact
    /// points), for updates and deletes.
    pub uid: Option<String>,
}

impl Item {
    /// An item for `doc` (normalised), with key and title from it.
    pub fn from_doc(kind: Kind, doc: Value) -> Option<Item> {
        let key = kind.key(&doc)?;
        Some(Item {
            title: kind.title(&doc),
            key,
            doc: Some(doc),
            path: None,
            id: None,
            version: None,
            uid: None,
        })
    }
}

/// The file of one object inside an org directory.
pub fn object_path(org_dir: &Path, kind: Kind, title: &str, key: &str) -> PathBuf {
    org_dir
        .join(kind.name())
        .join(fsutil::object_file_name(title, key, "json"))
}

/// Writes one normalised object as stable JSON, atomically: to a temporary
/// name next to it, then renamed, so an interrupted backup never leaves a
/// half-written file. An unchanged file is not rewritten. Unlike
/// [`fsutil::write_atomic`] it does not flush each file to disk (one
/// `fsync` per object made a backup of thousands of objects wait on the
/// disk); the manifest, written last, is.
pub fn write_object(org_dir: &Path, kind: Kind, doc: &Value) -> Result<PathBuf, CliError> {
    let key = kind
        .key(doc)
        .ok_or_else(|| CliError::general(format!("{} without a key", kind.name())))?;
    let path = object_path(org_dir, kind, &kind.title(doc), &key);
    let text = fsutil::stable_json_bytes(doc);
    if std::fs::read(&path).is_ok_and(|old| old == text) {
        return Ok(path);
    }
    let dir = org_dir.join(kind.name());
    std::fs::create_dir_all(&dir).map_err(|e| CliError::io(&dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp.{}", std::process::id()));
    let result = std::fs::write(&tmp, &text).and_then(|_| std::fs::rename(&tmp, &path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(CliError::io(&path, e));
    }
    Ok(path)
}

/// The manifest of a bundle.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// The Grafana version backed up.
    pub grafana_version: String,
    /// The orgs, each with its directory and object counts per kind.
    pub orgs: Vec<(OrgRef, String, BTreeMap<String, usize>)>,
}

impl Manifest {
    /// The manifest as JSON.
    pub fn to_json(&self) -> Value {
        json!({
            "format": FORMAT,
            "tool": concat!("grafctl ", env!("CARGO_PKG_VERSION")),
            "grafanaVersion": self.grafana_version,
            "orgs": self.orgs.iter().map(|(o, dir, counts)| json!({
                "id": o.id, "name": o.name, "dir": dir, "counts": counts,
            })).collect::<Vec<_>>(),
        })
    }

    /// Reads `<dir>/manifest.json`.
    pub fn read(dir: &Path) -> Result<Manifest, CliError> {
        let path = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            CliError::io(&path, e).hint("not a grafctl backup directory (no manifest.json)")
        })?;
        let v: Value = serde_json::from_str(&text)
            .map_err(|e| CliError::general(format!("{}: {e}", path.display())))?;
        let mut orgs = Vec::new();
        for o in v
            .get("orgs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let org = OrgRef {
                id: o.get("id").and_then(Value::as_i64).unwrap_or(0),
                name: o
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            };
            let dir_name = o
                .get("dir")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .unwrap_or_else(|| org.dir_name());
            // the directory must be one plain segment inside the bundle
            if dir_name != fsutil::safe_segment(&dir_name, 200) {
                return Err(CliError::general(format!(
                    "{}: org directory {dir_name:?} is not a plain name",
                    path.display()
                )));
            }
            let counts = o
                .get("counts")
                .and_then(Value::as_object)
                .map(|c| {
                    c.iter()
                        .map(|(k, n)| (k.clone(), n.as_u64().unwrap_or(0) as usize))
                        .collect()
                })
                .unwrap_or_default();
            orgs.push((org, dir_name, counts));
        }
        Ok(Manifest {
            grafana_version: v
                .get("grafanaVersion")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            orgs,
        })
    }
}

/// Lists the objects of one kind in an org directory of a bundle: each
/// file is parsed once for its key and title (the document itself is
/// dropped and read again when needed, so a large bundle is never held in
/// memory).
pub fn list_dir(org_dir: &Path, kind: Kind) -> Result<Vec<Item>, CliError> {
    let dir = org_dir.join(kind.name());
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(CliError::io(&dir, e)),
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    let mut out = Vec::with_capacity(files.len());
    for path in files {
        if kind == Kind::Dashboards {
            // large files: read only the uid and title (serde skips the rest
            // without building it)
            out.push(probe_dashboard(&path)?);
            continue;
        }
        let doc = read_doc(&path, kind)?;
        let key = kind.key(&doc).ok_or_else(|| {
            CliError::general(format!("{}: no {} key", path.display(), kind.name()))
        })?;
        let keep = kind == Kind::Folders;
        out.push(Item {
            title: kind.title(&doc),
            key,
            doc: keep.then_some(doc),
            path: Some(path),
            id: None,
            version: None,
            uid: None,
        });
    }
    Ok(out)
}

#[derive(serde::Deserialize)]
struct DashboardProbe {
    dashboard: Option<ModelProbe>,
}

#[derive(serde::Deserialize)]
struct ModelProbe {
    uid: Option<String>,
    title: Option<String>,
}

/// The key and title of a dashboard file, without building its model.
fn probe_dashboard(path: &Path) -> Result<Item, CliError> {
    let bytes = std::fs::read(path).map_err(|e| CliError::io(path, e))?;
    let probe: DashboardProbe = serde_json::from_slice(&bytes)
        .map_err(|e| CliError::general(format!("{}: not a dashboard file: {e}", path.display())))?;
    let model = probe.dashboard.unwrap_or(ModelProbe {
        uid: None,
        title: None,
    });
    let key = model
        .uid
        .filter(|u| !u.is_empty())
        .ok_or_else(|| CliError::general(format!("{}: no dashboards key", path.display())))?;
    Ok(Item {
        key,
        title: model.title.unwrap_or_default(),
        doc: None,
        path: Some(path.to_path_buf()),
        id: None,
        version: None,
        uid: None,
    })
}

/// Reads and normalises one object file.
pub fn read_doc(path: &Path, kind: Kind) -> Result<Value, CliError> {
    let bytes = std::fs::read(path).map_err(|e| CliError::io(path, e))?;
    let v: Value = serde_json::from_slice(&bytes)
        .map_err(|e| CliError::general(format!("{}: not JSON: {e}", path.display())))?;
    Ok(normalize(kind, &v))
}

/// Folders sorted so that every parent comes before its children (then by
/// key); a folder whose parent is not in the list counts as a root.
pub fn parents_first(items: Vec<Item>) -> Vec<Item> {
    let parent_of = |i: &Item| -> Option<String> {
        i.doc
            .as_ref()
            .and_then(|d| d.get("parentUid"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let keys: std::collections::HashSet<String> = items.iter().map(|i| i.key.clone()).collect();
    let mut depth: BTreeMap<String, usize> = BTreeMap::new();
    let by_key: BTreeMap<String, Option<String>> = items
        .iter()
        .map(|i| (i.key.clone(), parent_of(i).filter(|p| keys.contains(p))))
        .collect();
    for k in by_key.keys() {
        // walk up, bounded (a cycle cannot loop forever)
        let mut d = 0;
        let mut cur = k.clone();
        while let Some(Some(p)) = by_key.get(&cur) {
            d += 1;
            if d > by_key.len() {
                break;
            }
            cur = p.clone();
        }
        depth.insert(k.clone(), d);
    }
    let mut items = items;
    items.sort_by(|a, b| {
        depth
            .get(&a.key)
            .cmp(&depth.get(&b.key))
            .then_with(|| a.key.cmp(&b.key))
    });
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datasource_secrets_become_names() {
        let raw = json!({"id": 3, "uid": "pg", "name": "PG", "orgId": 1, "version": 4,
            "password": "hunter2", "secureJsonFields": {"password": true, "tlsKey": true},
            "jsonData": {"sslmode": "disable"}});
        let doc = normalize(Kind::Datasources, &raw);
        assert_eq!(
            doc,
            json!({"uid": "pg", "name": "PG", "jsonData": {"sslmode": "disable"},
                SECURE_PLACEHOLDER: ["password", "tlsKey"]})
        );
        assert!(!doc.to_string().contains("hunter2"));
        assert_eq!(normalize(Kind::Datasources, &doc), doc);
    }

    #[test]
    fn dashboards_drop_ids_and_versions() {
        let raw = json!({"dashboard": {"id": 7, "uid": "a", "title": "A", "version": 3},
            "meta": {"folderUid": "f", "created": "x"}});
        let doc = normalize(Kind::Dashboards, &raw);
        assert_eq!(
            doc,
            json!({"dashboard": {"uid": "a", "title": "A"}, "folderUid": "f"})
        );
        assert_eq!(Kind::Dashboards.key(&doc).as_deref(), Some("a"));
        assert_eq!(normalize(Kind::Dashboards, &doc), doc);
    }

    #[test]
    fn folders_sort_parents_first() {
        let f = |uid: &str, parent: &str| {
            Item::from_doc(
                Kind::Folders,
                json!({"uid": uid, "title": uid, "parentUid": parent}),
            )
            .unwrap()
        };
        let sorted = parents_first(vec![f("c", "b"), f("b", "a"), f("a", ""), f("z", "")]);
        let keys: Vec<&str> = sorted.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["a", "z", "b", "c"]);
    }

    #[test]
    fn components_parse_and_order() {
        let k = parse_components(&["dashboards,folders".into()]).unwrap();
        assert_eq!(k, vec![Kind::Folders, Kind::Dashboards]);
        assert_eq!(
            parse_components(&["nope".into()]).unwrap_err().exit_code(),
            2
        );
        assert!(!parse_components(&[]).unwrap().contains(&Kind::Annotations));
    }
}
