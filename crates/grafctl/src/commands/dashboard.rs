//! `grafctl dashboard get|list|export|import|versions|diff|restore`.
//!
//! Export writes one file per dashboard, `<title>--<uid>.json` (see
//! [`crate::fsutil::object_file_name`]), as stable JSON:
//! `{"dashboard": {...}, "folderUid": "...", "folderTitle": "..."}`.
//! Import reads that shape, the `{dashboard, meta}` answer of `dashboard get`,
//! a bare dashboard model, or a `dashboard.grafana.app` v0/v1 resource.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use futures_util::{stream, StreamExt, TryStreamExt};
use serde_json::{json, Map, Value};

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

/// The dashboard `{dashboard, meta}` as JSON.
pub async fn get(app: &App, uid: &str) -> Result<Value, CliError> {
    let d = app
        .api
        .dashboard()
        .get_dashboard(uid)
        .await
        .map_err(|e| dashboard_error(e, uid))?;
    serde_json::to_value(&d).map_err(|e| CliError::general(format!("dashboard {uid}: {e}")))
}

fn dashboard_error(e: grafana_client::Error, uid: &str) -> CliError {
    let v2 = e.status().map(|s| s.as_u16()) == Some(406);
    let err = CliError::from(e).context(format!("dashboard {uid}"));
    if v2 {
        err.hint("a v2 dashboard: the legacy API cannot read it; use Grafana's /apis (dashboard.grafana.app)")
    } else {
        err
    }
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

/// The file body of an exported dashboard: `{dashboard, folderUid, folderTitle}`.
pub fn export_document(d: &Value) -> Value {
    let mut doc = Map::new();
    doc.insert(
        "dashboard".into(),
        d.get("dashboard").cloned().unwrap_or(Value::Null),
    );
    let meta = d.get("meta");
    for (key, from) in [("folderUid", "folderUid"), ("folderTitle", "folderTitle")] {
        if let Some(v) = meta.and_then(|m| m.get(from)).filter(|v| !v.is_null()) {
            doc.insert(key.into(), v.clone());
        }
    }
    Value::Object(doc)
}

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
    let results: Vec<(String, Result<(String, PathBuf), CliError>)> = stream::iter(uids)
        .map(|uid| {
            let dir = dir.clone();
            async move {
                let r = async {
                    let d = get(app, &uid).await?;
                    let title = d
                        .pointer("/dashboard/title")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string();
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

/// What one import file holds: the model, and the folder it names.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportDoc {
    /// The dashboard model (its `id` removed: ids are per instance).
    pub model: Value,
    /// Folder uid from the file, if any.
    pub folder_uid: Option<String>,
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
        if api_version.contains("/v2") {
            return Err(format!(
                "{api_version} (v2) dashboards need Grafana's /apis; this import writes the legacy JSON model"
            ));
        }
        let metadata = obj.get("metadata").cloned().unwrap_or(Value::Null);
        let name = metadata
            .pointer("/name")
            .and_then(Value::as_str)
            .map(str::to_owned);
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
    Ok(ImportDoc { model, folder_uid })
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
    let title = doc
        .model
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let mut body = json!({
        "dashboard": doc.model,
        "overwrite": a.overwrite,
    });
    if let Some(folder) = a.folder.clone().or(doc.folder_uid) {
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
        let wrapped = parse_import(
            json!({"dashboard": {"id": 7, "uid": "u", "title": "T"}, "folderUid": "f"}),
        )
        .unwrap();
        assert_eq!(wrapped.model, json!({"uid": "u", "title": "T"}));
        assert_eq!(wrapped.folder_uid.as_deref(), Some("f"));
        let with_meta = parse_import(
            json!({"dashboard": {"uid": "u", "title": "T"}, "meta": {"folderUid": "m"}}),
        )
        .unwrap();
        assert_eq!(with_meta.folder_uid.as_deref(), Some("m"));
        let bare = parse_import(json!({"uid": "u", "title": "T", "panels": []})).unwrap();
        assert_eq!(bare.folder_uid, None);
        let k8s = parse_import(json!({
            "apiVersion": "dashboard.grafana.app/v1beta1", "kind": "Dashboard",
            "metadata": {"name": "n1", "annotations": {"grafana.app/folder": "fo"}},
            "spec": {"title": "K"}}))
        .unwrap();
        assert_eq!(k8s.model, json!({"title": "K", "uid": "n1"}));
        assert_eq!(k8s.folder_uid.as_deref(), Some("fo"));
        assert!(parse_import(
            json!({"apiVersion": "dashboard.grafana.app/v2beta1", "kind": "Dashboard", "spec": {}})
        )
        .is_err());
        assert!(parse_import(json!([1])).is_err());
        assert!(parse_import(json!({"foo": 1})).is_err());
    }

    #[test]
    fn export_document_keeps_folder_not_meta() {
        let d = json!({"dashboard": {"uid": "u"}, "meta": {"folderUid": "f", "folderTitle": "F", "version": 3, "updated": "x"}});
        assert_eq!(
            export_document(&d),
            json!({"dashboard": {"uid": "u"}, "folderUid": "f", "folderTitle": "F"})
        );
    }
}
