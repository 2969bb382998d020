//! `grafctl dashboard get|list|export|import|versions|diff|restore`.
//!
//! Export writes one file per dashboard, `<title>--<uid>.json` (see
//! [`crate::fsutil::object_file_name`]), as stable JSON:
//! `{"dashboard": {...}, "folderUid": "...", "folderTitle": "..."}`.
//! Import reads that shape, the `{dashboard, meta}` answer of `dashboard get`,
//! a bare dashboard model, or a `dashboard.grafana.app` resource.
//!
//! # v1 and v2 dashboards
//!
//! Dashboards are read through the legacy API; one stored with the v2
//! schema (which the legacy API refuses with 406) is read through `/apis`
//! instead and printed or exported as its `dashboard.grafana.app/v2*`
//! object (`apiVersion`, `kind`, `metadata` with name, generation and
//! folder, `spec`). Importing such a file writes it back through `/apis`
//! as v2: created when new, else replaced (its `metadata.generation` must
//! match the server's, as a legacy file's `version` must, unless
//! `--overwrite`). v0/v1 resources are imported through the legacy API.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use futures_util::{stream, StreamExt, TryStreamExt};
use serde_json::{json, Map, Value};

use grafana_client::apis::{
    is_v2, v1_to_legacy, AnyDashboard, DynamicObject, PostParams, FOLDER_ANNOTATION,
    MESSAGE_ANNOTATION,
};

use crate::app::App;
use crate::error::{conclude, CliError, Outcome};
use crate::fsutil;
use crate::jsondiff;
use crate::output::Table;

/// `grafctl dashboard` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: DashboardCommand,
}

/// The dashboard subcommands.
#[derive(Debug, Subcommand)]
pub enum DashboardCommand {
    /// Print a dashboard (`{dashboard, meta}`) as JSON or YAML.
    Get {
        /// Dashboard uid.
        uid: String,
    },
    /// List dashboards (every page, beyond search's 5,000 per request).
    List(ListArgs),
    /// Write dashboards to files, one per dashboard.
    Export(ExportArgs),
    /// Create or update dashboards from files (or directories of .json files).
    Import(ImportArgs),
    /// List a dashboard's versions.
    Versions {
        /// Dashboard uid.
        uid: String,
    },
    /// Show what changed between two versions (or one version and the current dashboard).
    Diff {
        /// Dashboard uid.
        uid: String,
        /// Version number; give it twice (old, new), or once to compare with the current dashboard.
        #[arg(long = "version", required = true, num_args = 1, action = clap::ArgAction::Append)]
        versions: Vec<i64>,
    },
    /// Make an old version the newest one.
    Restore {
        /// Dashboard uid.
        uid: String,
        /// Version number to restore.
        version: i64,
    },
}

/// `grafctl dashboard list` arguments.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only dashboards in this folder (uid; repeatable).
    #[arg(long = "folder", value_name = "UID")]
    pub folders: Vec<String>,
    /// Only dashboards with this tag (repeatable; all must match).
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// Only dashboards whose title contains this.
    #[arg(long)]
    pub query: Option<String>,
}

/// `grafctl dashboard export` arguments.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Dashboard uids.
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub uids: Vec<String>,
    /// Every dashboard (narrowed by --folder, --tag, --query).
    #[arg(long)]
    pub all: bool,
    /// With --all: only this folder (uid; repeatable).
    #[arg(long = "folder", value_name = "UID", requires = "all")]
    pub folders: Vec<String>,
    /// With --all: only dashboards with this tag (repeatable).
    #[arg(long = "tag", requires = "all")]
    pub tags: Vec<String>,
    /// With --all: only titles containing this.
    #[arg(long, requires = "all")]
    pub query: Option<String>,
    /// Directory to write to (created when missing).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
}

/// `grafctl dashboard import` arguments.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Files, or directories whose .json files are imported.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Put every dashboard in this folder (uid) instead of the file's folder.
    #[arg(long, value_name = "UID")]
    pub folder: Option<String>,
    /// Replace existing dashboards whatever their version.
    #[arg(long)]
    pub overwrite: bool,
    /// Version message.
    #[arg(long)]
    pub message: Option<String>,
}

/// Runs `grafctl dashboard ...`.
pub async fn run(app: &App, args: Args) -> Result<Outcome, CliError> {
    match args.command {
        DashboardCommand::Get { uid } => {
            let d = get(app, &uid).await?;
            app.out.document(&d)?;
            Ok(Outcome::ok())
        }
        DashboardCommand::List(a) => list(app, a).await,
        DashboardCommand::Export(a) => export(app, a).await,
        DashboardCommand::Import(a) => import(app, a).await,
        DashboardCommand::Versions { uid } => versions(app, &uid).await,
        DashboardCommand::Diff { uid, versions } => diff(app, &uid, &versions).await,
        DashboardCommand::Restore { uid, version } => {
            let saved = app
                .api
                .dashboard_versions()
                .restore_dashboard(uid.as_str(), version)
                .await
                .map_err(|e| CliError::from(e).context(format!("dashboard {uid}")))?;
            app.out.object(&json!({
                "uid": saved.uid,
                "restored": version,
                "version": saved.version,
                "url": saved.url,
            }))?;
            Ok(Outcome::ok())
        }
    }
}

/// A dashboard as read: the legacy `{dashboard, meta}`, or a v2 object
/// read through `/apis`.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    /// `{dashboard, meta}`.
    Legacy(Value),
    /// The `dashboard.grafana.app/v2*` object.
    V2(Value),
}

impl Fetched {
    /// The JSON as read.
    pub fn json(&self) -> &Value {
        match self {
            Fetched::Legacy(v) | Fetched::V2(v) => v,
        }
    }

    /// The title.
    pub fn title(&self) -> &str {
        let t = match self {
            Fetched::Legacy(v) => v.pointer("/dashboard/title"),
            Fetched::V2(v) => v.pointer("/spec/title"),
        };
        t.and_then(Value::as_str).unwrap_or("")
    }
}

fn encode(v: &impl serde::Serialize) -> Result<Value, CliError> {
    serde_json::to_value(v).map_err(|e| CliError::general(format!("cannot encode: {e}")))
}

/// Reads dashboard `uid`: through the legacy API, or through `/apis` when
/// it is stored as v2 (the legacy API answers 406).
pub async fn fetch(app: &App, uid: &str) -> Result<Fetched, CliError> {
    match app.api.dashboard().get_dashboard(uid).await {
        Ok(d) => Ok(Fetched::Legacy(encode(&d)?)),
        Err(e) if e.status().map(|s| s.as_u16()) == Some(406) => {
            let apis = app.api.apis().detect().await?;
            let any = apis
                .get_dashboard_any(uid)
                .await
                .map_err(|e| dashboard_error(e, uid))?;
            match any {
                AnyDashboard::V2(d) => Ok(Fetched::V2(encode(&*d)?)),
                AnyDashboard::V1(d) => Ok(Fetched::Legacy(json!({
                    "dashboard": v1_to_legacy(&d),
                    "meta": {"folderUid": d.folder()},
                }))),
            }
        }
        Err(e) => Err(dashboard_error(e, uid)),
    }
}

/// The dashboard as JSON: `{dashboard, meta}`, or the v2 object.
pub async fn get(app: &App, uid: &str) -> Result<Value, CliError> {
    Ok(match fetch(app, uid).await? {
        Fetched::Legacy(v) | Fetched::V2(v) => v,
    })
}

fn dashboard_error(e: grafana_client::Error, uid: &str) -> CliError {
    CliError::from(e).context(format!("dashboard {uid}"))
}

/// Every dashboard hit matching the filters, page after page.
pub async fn search_all(
    app: &App,
    folders: &[String],
    tags: &[String],
    query: Option<&str>,
) -> Result<Vec<grafana_client::models::SearchHit>, CliError> {
    let mut call = app
        .api
        .search()
        .search_dashboards()
        .type_("dash-db")
        .limit(5000);
    if !folders.is_empty() {
        call = call.folder_uids(folders.iter().cloned());
    }
    for t in tags {
        call = call.tag(t.clone());
    }
    if let Some(q) = query {
        call = call.query(q);
    }
    let bar = app.progress.spinner("listing dashboards");
    let hits: Result<Vec<_>, _> = call
        .into_stream()
        .inspect(|_| bar.inc(1))
        .try_collect()
        .await;
    bar.finish_and_clear();
    Ok(hits?)
}

async fn list(app: &App, a: ListArgs) -> Result<Outcome, CliError> {
    let hits = search_all(app, &a.folders, &a.tags, a.query.as_deref()).await?;
    let mut t = Table::new(&["UID", "TITLE", "FOLDER", "TAGS"]);
    for h in &hits {
        t.row(vec![
            h.uid.clone(),
            h.title.clone(),
            h.folder_title.clone().unwrap_or_default(),
            h.tags.clone().unwrap_or_default().join(","),
        ]);
    }
    let json = serde_json::to_value(&hits).map_err(|e| CliError::general(e.to_string()))?;
    app.out.list(&t, &json)?;
    Ok(Outcome::ok())
}

/// The file body of an exported dashboard: `{dashboard, folderUid,
/// folderTitle}`, or for a v2 dashboard its object without server-set
/// metadata (`apiVersion`, `kind`, `metadata.{name, generation,
/// annotations["grafana.app/folder"]}`, `spec`).
pub fn export_document(d: &Fetched) -> Value {
    match d {
        Fetched::Legacy(d) => {
            let mut doc = Map::new();
            doc.insert(
                "dashboard".into(),
                d.get("dashboard").cloned().unwrap_or(Value::Null),
            );
            let meta = d.get("meta");
            for key in ["folderUid", "folderTitle"] {
                if let Some(v) = meta
                    .and_then(|m| m.get(key))
                    .filter(|v| !v.is_null() && v.as_str() != Some(""))
                {
                    doc.insert(key.into(), v.clone());
                }
            }
            Value::Object(doc)
        }
        Fetched::V2(o) => {
            let mut meta = Map::new();
            for key in ["name", "generation"] {
                if let Some(v) = o.pointer(&format!("/metadata/{key}")) {
                    meta.insert(key.into(), v.clone());
                }
            }
            if let Some(folder) = o
                .pointer("/metadata/annotations/grafana.app~1folder")
                .filter(|v| v.as_str().is_some_and(|s| !s.is_empty()))
            {
                meta.insert("annotations".into(), json!({ FOLDER_ANNOTATION: folder }));
            }
            json!({
                "apiVersion": o.get("apiVersion").cloned().unwrap_or(Value::Null),
                "kind": "Dashboard",
                "metadata": meta,
                "spec": o.get("spec").cloned().unwrap_or(Value::Null),
            })
        }
    }
}

/// One export: the title and the file written.
type Exported = Result<(String, PathBuf), CliError>;

async fn export(app: &App, a: ExportArgs) -> Result<Outcome, CliError> {
    let uids: Vec<String> = if a.all {
        search_all(app, &a.folders, &a.tags, a.query.as_deref())
            .await?
            .into_iter()
            .map(|h| h.uid)
            .collect()
    } else {
        a.uids.clone()
    };
    let bar = app.progress.bar(uids.len() as u64, "exporting");
    let dir = a.dir.clone();
    let results: Vec<(String, Exported)> = stream::iter(uids)
        .map(|uid| {
            let dir = dir.clone();
            async move {
                let r = async {
                    let d = fetch(app, &uid).await?;
                    let title = d.title().to_string();
                    let path = dir.join(fsutil::object_file_name(&title, &uid, "json"));
                    let doc = export_document(&d);
                    write_export(&path, &doc)?;
                    Ok((title, path))
                }
                .await;
                (uid, r)
            }
        })
        .buffer_unordered(app.jobs)
        .inspect(|_| bar.inc(1))
        .collect()
        .await;
    bar.finish_and_clear();
    let mut done = Vec::new();
    let mut failures = Vec::new();
    for (uid, r) in results {
        match r {
            Ok((title, path)) => done.push((uid, title, path)),
            Err(e) => failures.push((format!("dashboard {uid}"), e)),
        }
    }
    done.sort();
    let mut t = Table::new(&["UID", "TITLE", "FILE"]);
    let mut items = Vec::new();
    for (uid, title, path) in &done {
        t.row(vec![uid.clone(), title.clone(), path.display().to_string()]);
        items.push(json!({"uid": uid, "title": title, "file": path.display().to_string()}));
    }
    if !done.is_empty() {
        app.out.list(&t, &Value::Array(items))?;
    }
    conclude(done.len(), failures)
}

fn write_export(path: &Path, doc: &Value) -> Result<(), CliError> {
    fsutil::write_atomic(path, fsutil::stable_json(doc).as_bytes(), false)
}

/// What one import file holds.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportDoc {
    /// A dashboard for the legacy API.
    Legacy {
        /// The dashboard model (its `id` removed: ids are per instance).
        model: Value,
        /// Folder uid from the file, if any.
        folder_uid: Option<String>,
    },
    /// A v2 dashboard object, written back through `/apis`.
    V2(Value),
}

/// Reads the shapes `import` accepts (see the module docs).
pub fn parse_import(v: Value) -> Result<ImportDoc, String> {
    let Value::Object(mut obj) = v else {
        return Err("not a JSON object".into());
    };
    let folder_of = |o: &Map<String, Value>| -> Option<String> {
        o.get("folderUid")
            .or_else(|| o.get("meta").and_then(|m| m.get("folderUid")))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let (mut model, folder_uid) = if obj.get("dashboard").is_some_and(Value::is_object) {
        let folder = folder_of(&obj);
        (obj.remove("dashboard").unwrap_or_default(), folder)
    } else if obj.get("kind").and_then(Value::as_str) == Some("Dashboard")
        && obj.get("spec").is_some_and(Value::is_object)
    {
        let api_version = obj.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        let metadata = obj.get("metadata").cloned().unwrap_or(Value::Null);
        let name = metadata
            .pointer("/name")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let version = api_version.rsplit('/').next().unwrap_or("");
        if is_v2(version) {
            if name.is_none() {
                return Err("a v2 dashboard needs metadata.name (its uid)".into());
            }
            return Ok(ImportDoc::V2(Value::Object(obj)));
        }
        let folder = metadata
            .pointer("/annotations/grafana.app~1folder")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let mut spec = obj.remove("spec").unwrap_or_default();
        if let (Some(name), Some(m)) = (name, spec.as_object_mut()) {
            m.insert("uid".into(), name.into());
        }
        (spec, folder)
    } else if obj.contains_key("title") || obj.contains_key("panels") {
        (Value::Object(obj), None)
    } else {
        return Err("not a dashboard (no `dashboard`, `title` or `panels`)".into());
    };
    if let Some(m) = model.as_object_mut() {
        m.remove("id");
    }
    Ok(ImportDoc::Legacy { model, folder_uid })
}

fn expand_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| CliError::io(p, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.is_file()
                        && f.extension().is_some_and(|x| x == "json")
                        && !f
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

async fn import(app: &App, a: ImportArgs) -> Result<Outcome, CliError> {
    let files = expand_files(&a.files)?;
    let bar = app.progress.bar(files.len() as u64, "importing");
    let results: Vec<(PathBuf, Result<Value, CliError>)> = stream::iter(files)
        .map(|file| {
            let a = &a;
            async move {
                let r = import_one(app, &file, a).await;
                (file, r)
            }
        })
        .buffered(app.jobs)
        .inspect(|_| bar.inc(1))
        .collect()
        .await;
    bar.finish_and_clear();
    let mut t = Table::new(&["FILE", "UID", "TITLE", "STATUS", "VERSION"]);
    let mut items = Vec::new();
    let mut failures = Vec::new();
    for (file, r) in results {
        match r {
            Ok(v) => {
                let s = |k: &str| match &v[k] {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                t.row(vec![
                    file.display().to_string(),
                    s("uid"),
                    s("title"),
                    s("status"),
                    s("version"),
                ]);
                items.push(v);
            }
            Err(e) => failures.push((file.display().to_string(), e)),
        }
    }
    if !items.is_empty() {
        app.out.list(&t, &Value::Array(items.clone()))?;
    }
    conclude(items.len(), failures)
}

async fn import_one(app: &App, file: &Path, a: &ImportArgs) -> Result<Value, CliError> {
    let text = std::fs::read_to_string(file).map_err(|e| CliError::io(file, e))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| CliError::general(format!("{}: not JSON: {e}", file.display())))?;
    let doc =
        parse_import(value).map_err(|e| CliError::general(format!("{}: {e}", file.display())))?;
    let (model, folder_uid) = match doc {
        ImportDoc::Legacy { model, folder_uid } => (model, folder_uid),
        ImportDoc::V2(object) => return import_v2(app, object, a).await,
    };
    let title = model
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let mut body = json!({
        "dashboard": model,
        "overwrite": a.overwrite,
    });
    if let Some(folder) = a.folder.clone().or(folder_uid) {
        body["folderUid"] = folder.into();
    }
    if let Some(m) = &a.message {
        body["message"] = m.clone().into();
    }
    let saved = app
        .api
        .dashboard()
        .update_dashboard(&body)
        .await
        .map_err(|e| {
            let conflict = matches!(e.status().map(|s| s.as_u16()), Some(409 | 412));
            let err = CliError::from(e);
            if conflict {
                err.hint("pass --overwrite to replace the dashboard on the server")
            } else {
                err
            }
        })?;
    Ok(json!({
        "uid": saved.uid,
        "title": title,
        "status": saved.status,
        "version": saved.version,
        "url": saved.url,
    }))
}

/// Writes a v2 object through `/apis`, at the version the server serves:
/// created when new; else replaced when its generation matches the
/// server's, or with `--overwrite`.
async fn import_v2(app: &App, object: Value, a: &ImportArgs) -> Result<Value, CliError> {
    let mut obj: DynamicObject = serde_json::from_value(object)
        .map_err(|e| CliError::general(format!("not a dashboard object: {e}")))?;
    let name = obj.name().to_string();
    let apis = app.api.apis().detect().await?;
    let api = apis.dynamic_resource(apis.dashboards_v2().resource().clone());
    if let Some(folder) = &a.folder {
        obj.set_folder(Some(folder));
    }
    if let Some(m) = &a.message {
        obj.metadata
            .annotations
            .get_or_insert_with(Default::default)
            .insert(MESSAGE_ANNOTATION.to_string(), m.clone());
    }
    // the server's version and bookkeeping, not the file's
    obj.api_version = String::new();
    obj.status = None;
    obj.metadata.resource_version = None;
    obj.metadata.uid = None;
    obj.metadata.creation_timestamp = None;
    obj.metadata.namespace = None;
    let file_generation = obj.metadata.generation.take();
    let title = obj
        .spec
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let context = |e: grafana_client::Error| CliError::from(e).context(format!("dashboard {name}"));
    let (saved, status) = match api.get_opt(&name).await.map_err(context)? {
        None => (
            api.create(&PostParams::default(), &obj)
                .await
                .map_err(context)?,
            "created",
        ),
        Some(existing) => {
            if !a.overwrite
                && file_generation.is_some()
                && existing.metadata.generation != file_generation
            {
                return Err(CliError::general(format!(
                    "dashboard {name}: the server has generation {}, the file {}",
                    existing.metadata.generation.unwrap_or(0),
                    file_generation.unwrap_or(0)
                ))
                .hint("pass --overwrite to replace the dashboard on the server"));
            }
            obj.metadata.resource_version = existing.metadata.resource_version.clone();
            (
                api.replace(&name, &PostParams::default(), &obj)
                    .await
                    .map_err(context)?,
                "updated",
            )
        }
    };
    Ok(json!({
        "uid": name,
        "title": title,
        "status": status,
        "version": saved.metadata.generation,
        "apiVersion": saved.api_version,
    }))
}

async fn versions(app: &App, uid: &str) -> Result<Outcome, CliError> {
    let list = app
        .api
        .dashboard_versions()
        .get_dashboard_versions(uid)
        .limit(100)
        .all()
        .await
        .map_err(|e| dashboard_error(e, uid))?;
    let mut t = Table::new(&["VERSION", "CREATED", "BY", "MESSAGE"]);
    for v in &list {
        t.row(vec![
            v.version.map(|n| n.to_string()).unwrap_or_default(),
            v.created.clone().unwrap_or_default(),
            v.created_by.clone().unwrap_or_default(),
            v.message.clone().unwrap_or_default(),
        ]);
    }
    let json = serde_json::to_value(&list).map_err(|e| CliError::general(e.to_string()))?;
    app.out.list(&t, &json)?;
    Ok(Outcome::ok())
}

async fn version_data(app: &App, uid: &str, version: i64) -> Result<Value, CliError> {
    let v = app
        .api
        .dashboard_versions()
        .get_dashboard_version(uid, version)
        .await
        .map_err(|e| dashboard_error(e, uid).context(format!("version {version}")))?;
    v.data.ok_or_else(|| {
        CliError::general(format!(
            "dashboard {uid} version {version}: Grafana sent no data"
        ))
    })
}

async fn diff(app: &App, uid: &str, versions: &[i64]) -> Result<Outcome, CliError> {
    let (old, new, label) = match versions {
        [a] => {
            let current = get(app, uid).await?;
            (
                version_data(app, uid, *a).await?,
                current.get("dashboard").cloned().unwrap_or(Value::Null),
                format!("version {a} -> current"),
            )
        }
        [a, b] => (
            version_data(app, uid, *a).await?,
            version_data(app, uid, *b).await?,
            format!("version {a} -> version {b}"),
        ),
        _ => return Err(CliError::usage("give --version once or twice")),
    };
    // `version` at the root always differs between versions: not a change.
    let changes = jsondiff::diff_with(&old, &new, &|path, key| path.is_empty() && key == "version");
    match app.out.format {
        crate::output::Format::Table => {
            app.note(format!(
                "dashboard {uid}: {label}: {} change(s)",
                changes.len()
            ));
            app.out.write(&jsondiff::render(&changes))?;
        }
        _ => app.out.data(&jsondiff::to_json(&changes))?,
    }
    Ok(Outcome::ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_shapes() {
        let legacy = |d: ImportDoc| match d {
            ImportDoc::Legacy { model, folder_uid } => (model, folder_uid),
            ImportDoc::V2(_) => panic!("expected a legacy document"),
        };
        let (model, folder) = legacy(
            parse_import(
                json!({"dashboard": {"id": 7, "uid": "u", "title": "T"}, "folderUid": "f"}),
            )
            .unwrap(),
        );
        assert_eq!(model, json!({"uid": "u", "title": "T"}));
        assert_eq!(folder.as_deref(), Some("f"));
        let (_, folder) = legacy(
            parse_import(
                json!({"dashboard": {"uid": "u", "title": "T"}, "meta": {"folderUid": "m"}}),
            )
            .unwrap(),
        );
        assert_eq!(folder.as_deref(), Some("m"));
        let (_, folder) =
            legacy(parse_import(json!({"uid": "u", "title": "T", "panels": []})).unwrap());
        assert_eq!(folder, None);
        let (model, folder) = legacy(
            parse_import(json!({
                "apiVersion": "dashboard.grafana.app/v1beta1", "kind": "Dashboard",
                "metadata": {"name": "n1", "annotations": {"grafana.app/folder": "fo"}},
                "spec": {"title": "K"}}))
            .unwrap(),
        );
        assert_eq!(model, json!({"title": "K", "uid": "n1"}));
        assert_eq!(folder.as_deref(), Some("fo"));
        let v2 = json!({"apiVersion": "dashboard.grafana.app/v2beta1", "kind": "Dashboard",
                        "metadata": {"name": "x"}, "spec": {"title": "V"}});
        assert_eq!(parse_import(v2.clone()).unwrap(), ImportDoc::V2(v2));
        assert!(parse_import(
            json!({"apiVersion": "dashboard.grafana.app/v2", "kind": "Dashboard", "spec": {}})
        )
        .is_err());
        assert!(parse_import(json!([1])).is_err());
        assert!(parse_import(json!({"foo": 1})).is_err());
    }

    #[test]
    fn export_documents() {
        let d = Fetched::Legacy(json!({"dashboard": {"uid": "u"},
            "meta": {"folderUid": "f", "folderTitle": "F", "version": 3, "updated": "x"}}));
        assert_eq!(
            export_document(&d),
            json!({"dashboard": {"uid": "u"}, "folderUid": "f", "folderTitle": "F"})
        );
        let v2 = Fetched::V2(json!({
            "apiVersion": "dashboard.grafana.app/v2", "kind": "Dashboard",
            "metadata": {"name": "n", "generation": 2, "resourceVersion": "99", "uid": "k8s",
                         "annotations": {"grafana.app/folder": "f", "grafana.app/updatedBy": "x"}},
            "spec": {"title": "V"}, "status": {}}));
        assert_eq!(v2.title(), "V");
        assert_eq!(
            export_document(&v2),
            json!({"apiVersion": "dashboard.grafana.app/v2", "kind": "Dashboard",
                   "metadata": {"name": "n", "generation": 2,
                                "annotations": {"grafana.app/folder": "f"}},
                   "spec": {"title": "V"}})
        );
    }
}
