//! `grafctl find` and `grafctl replace`: a regex over dashboards, library
//! panels, alert rules and data sources (every page, beyond search's 5,000
//! cap).
//!
//! Only string values are searched (not keys). Each match is reported with
//! the object's kind, uid and title and the JSON path of the value
//! (`.panels[0].targets[0].expr`). `replace` shows the diff of every object
//! it would change, then asks (or takes `--yes`) and saves them; identity
//! fields (`uid`, `id`, `version`, `orgId`, ...) at the root are never
//! changed. Dashboards are saved with their version, so one edited by
//! someone else in the meantime is reported as a conflict, not overwritten.
//! Data-source secrets are never read (Grafana does not return them).

use std::collections::BTreeSet;
use std::io::{BufRead, IsTerminal, Write};

use clap::ValueEnum;
use futures_util::{stream, StreamExt};
use regex::{Regex, RegexBuilder};
use serde_json::{json, Value};

use crate::app::App;
use crate::commands::dashboard::{fetch, search_all, Fetched};
use crate::error::{conclude, CliError, Outcome};
use crate::jsondiff::{self, key_path};
use crate::output::{Format, Table};

/// The kinds of object searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Kind {
    /// Dashboards (their JSON model).
    Dashboards,
    /// Library panels (their panel model).
    LibraryPanels,
    /// Alert rules (provisioning API form).
    AlertRules,
    /// Data sources (settings; secrets are never returned by Grafana).
    Datasources,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Dashboards => "dashboard",
            Kind::LibraryPanels => "library-panel",
            Kind::AlertRules => "alert-rule",
            Kind::Datasources => "datasource",
        }
    }

    /// Root keys that name the object, never searched-and-replaced.
    fn identity_keys(self) -> &'static [&'static str] {
        match self {
            Kind::Dashboards => &["uid", "id", "version"],
            Kind::LibraryPanels => &["uid", "id", "libraryPanel"],
            Kind::AlertRules => &["uid", "id", "orgID", "updated", "provenance"],
            Kind::Datasources => &["uid", "id", "orgId", "version", "readOnly"],
        }
    }
}

const ALL_KINDS: [Kind; 4] = [
    Kind::Dashboards,
    Kind::LibraryPanels,
    Kind::AlertRules,
    Kind::Datasources,
];

/// `grafctl find` arguments.
#[derive(Debug, clap::Args)]
pub struct FindArgs {
    /// Regular expression (Rust regex syntax), matched against every string value.
    pub pattern: String,
    /// Kinds to search [default: all].
    #[arg(long, value_enum, value_delimiter = ',')]
    pub kinds: Vec<Kind>,
    /// Case-insensitive.
    #[arg(short = 'i', long)]
    pub ignore_case: bool,
}

/// `grafctl replace` arguments.
#[derive(Debug, clap::Args)]
pub struct ReplaceArgs {
    /// Regular expression (Rust regex syntax), matched against every string value.
    pub pattern: String,
    /// Replacement; `$1`, `${name}` insert capture groups, `$$` a dollar sign.
    pub replacement: String,
    /// Kinds to change [default: all].
    #[arg(long, value_enum, value_delimiter = ',')]
    pub kinds: Vec<Kind>,
    /// Case-insensitive.
    #[arg(short = 'i', long)]
    pub ignore_case: bool,
    /// Show the changes and save nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Save without asking.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// One object of a searched kind.
#[derive(Debug, Clone)]
pub struct Object {
    /// Kind.
    pub kind: Kind,
    /// Uid.
    pub uid: String,
    /// Title or name.
    pub title: String,
    /// The searched JSON (dashboard model, panel model, rule, data source).
    pub json: Value,
    /// What saving needs besides the JSON: folder uid, version, name.
    pub folder_uid: Option<String>,
    /// Version (library panels).
    pub version: Option<i64>,
    /// For a v2 dashboard: its `/apis` object (without `spec`, which is
    /// `json`), saved back through `/apis` with its `resourceVersion`.
    pub v2_object: Option<Value>,
}

/// One string value that matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// JSON path of the value.
    pub path: String,
    /// The whole string value.
    pub value: String,
}

fn build_regex(pattern: &str, ignore_case: bool) -> Result<Regex, CliError> {
    RegexBuilder::new(pattern)
        .case_insensitive(ignore_case)
        .size_limit(1 << 22)
        .build()
        .map_err(|e| {
            CliError::usage(format!(
                "invalid regex: {}",
                e.to_string().lines().last().unwrap_or("")
            ))
        })
}

/// Every string value of `json` that `re` matches, with its path; root keys
/// in `skip` are not searched.
pub fn find_in(json: &Value, re: &Regex, skip: &[&str]) -> Vec<Match> {
    fn walk(v: &Value, path: String, re: &Regex, out: &mut Vec<Match>) {
        match v {
            Value::String(s) if re.is_match(s) => out.push(Match {
                path,
                value: s.clone(),
            }),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, format!("{path}[{i}]"), re, out);
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    walk(item, key_path(&path, k), re, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    match json {
        Value::Object(map) => {
            for (k, item) in map {
                if !skip.contains(&k.as_str()) {
                    walk(item, key_path("", k), re, &mut out);
                }
            }
        }
        other => walk(other, String::new(), re, &mut out),
    }
    out
}

/// `json` with `re` replaced by `with` in every string value; root keys in
/// `skip` are left alone.
pub fn replace_in(json: &Value, re: &Regex, with: &str, skip: &[&str]) -> Value {
    fn walk(v: &Value, re: &Regex, with: &str) -> Value {
        match v {
            Value::String(s) => Value::String(re.replace_all(s, with).into_owned()),
            Value::Array(items) => Value::Array(items.iter().map(|i| walk(i, re, with)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, i)| (k.clone(), walk(i, re, with)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    match json {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, i)| {
                    if skip.contains(&k.as_str()) {
                        (k.clone(), i.clone())
                    } else {
                        (k.clone(), walk(i, re, with))
                    }
                })
                .collect(),
        ),
        other => walk(other, re, with),
    }
}

fn kinds_or_all(kinds: &[Kind]) -> Vec<Kind> {
    if kinds.is_empty() {
        ALL_KINDS.to_vec()
    } else {
        kinds
            .iter()
            .copied()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }
}

fn encode(v: &impl serde::Serialize) -> Result<Value, CliError> {
    serde_json::to_value(v).map_err(|e| CliError::general(format!("cannot encode: {e}")))
}

/// Loads every object of `kind`; failures of single objects go to
/// `failures`.
pub async fn load(
    app: &App,
    kind: Kind,
    failures: &mut Vec<(String, CliError)>,
) -> Result<Vec<Object>, CliError> {
    match kind {
        Kind::Dashboards => {
            let hits = search_all(app, &[], &[], None).await?;
            let bar = app.progress.bar(hits.len() as u64, "reading dashboards");
            let got: Vec<(String, Result<Object, CliError>)> = stream::iter(hits)
                .map(|h| async move {
                    let r = async {
                        let d = fetch(app, &h.uid).await?;
                        let title = d.title().to_string();
                        Ok(match d {
                            Fetched::Legacy(mut d) => Object {
                                kind,
                                uid: h.uid.clone(),
                                title,
                                folder_uid: d
                                    .pointer("/meta/folderUid")
                                    .and_then(Value::as_str)
                                    .map(str::to_owned),
                                version: d.pointer("/meta/version").and_then(Value::as_i64),
                                json: d.get_mut("dashboard").map(Value::take).unwrap_or_default(),
                                v2_object: None,
                            },
                            Fetched::V2(mut o) => Object {
                                kind,
                                uid: h.uid.clone(),
                                title,
                                folder_uid: None,
                                version: None,
                                json: o.get_mut("spec").map(Value::take).unwrap_or_default(),
                                v2_object: Some(o),
                            },
                        })
                    }
                    .await;
                    (h.uid, r)
                })
                .buffered(app.jobs)
                .inspect(|_| bar.inc(1))
                .collect()
                .await;
            bar.finish_and_clear();
            let mut out = Vec::new();
            for (uid, r) in got {
                match r {
                    Ok(o) => out.push(o),
                    Err(e) => failures.push((format!("dashboard {uid}"), e)),
                }
            }
            Ok(out)
        }
        Kind::LibraryPanels => {
            let per_page = 100;
            let mut out = Vec::new();
            let mut page = 1;
            loop {
                let res = app
                    .api
                    .libraryelement()
                    .list_library_elements()
                    .kind(1)
                    .per_page(per_page)
                    .page(page)
                    .await?;
                let n = res.result.elements.len();
                for e in res.result.elements {
                    let Some(uid) = e.uid.clone() else { continue };
                    out.push(Object {
                        kind,
                        uid,
                        title: e.name.clone().unwrap_or_default(),
                        folder_uid: e.folder_uid.clone(),
                        version: e.version,
                        json: e.model.unwrap_or(Value::Null),
                        v2_object: None,
                    });
                }
                let total = res.result.total_count.unwrap_or(0);
                if n < per_page as usize || out.len() as i64 >= total || page >= 10_000 {
                    break;
                }
                page += 1;
            }
            Ok(out)
        }
        Kind::AlertRules => {
            let rules = app.api.alertingprovisioning().get_alertrules_all().await?;
            rules
                .into_iter()
                .filter_map(|r| {
                    let uid = r.uid.clone()?;
                    Some((uid, r))
                })
                .map(|(uid, r)| {
                    Ok(Object {
                        kind,
                        uid,
                        title: r.title.clone().unwrap_or_default(),
                        folder_uid: r.folder_uid.clone(),
                        version: None,
                        json: encode(&r)?,
                        v2_object: None,
                    })
                })
                .collect()
        }
        Kind::Datasources => {
            let list = app.api.datasource().list_datasources().await?;
            let got: Vec<(String, Result<Object, CliError>)> = stream::iter(list)
                .map(|item| async move {
                    let uid = item.uid.clone();
                    let r = async {
                        let ds = app
                            .api
                            .datasource()
                            .get_datasource_by_uid(&uid)
                            .await
                            .map_err(CliError::from)?;
                        Ok(Object {
                            kind,
                            uid: uid.clone(),
                            title: ds.name.clone(),
                            folder_uid: None,
                            version: None,
                            json: encode(&ds)?,
                            v2_object: None,
                        })
                    }
                    .await;
                    (uid, r)
                })
                .buffered(app.jobs)
                .collect()
                .await;
            let mut out = Vec::new();
            for (uid, r) in got {
                match r {
                    Ok(o) => out.push(o),
                    Err(e) => failures.push((format!("datasource {uid}"), e)),
                }
            }
            Ok(out)
        }
    }
}

async fn load_kinds(
    app: &App,
    kinds: &[Kind],
    failures: &mut Vec<(String, CliError)>,
) -> Result<Vec<Object>, CliError> {
    let mut all = Vec::new();
    for &kind in kinds {
        match load(app, kind, failures).await {
            Ok(objs) => all.extend(objs),
            Err(e) if e.kind == crate::error::ErrorKind::Auth => return Err(e),
            Err(e) => failures.push((format!("{}s", kind.name()), e)),
        }
    }
    Ok(all)
}

/// Runs `grafctl find`.
pub async fn run(app: &App, args: FindArgs) -> Result<Outcome, CliError> {
    let re = build_regex(&args.pattern, args.ignore_case)?;
    let kinds = kinds_or_all(&args.kinds);
    let mut failures = Vec::new();
    let objects = load_kinds(app, &kinds, &mut failures).await?;
    let mut t = Table::new(&["KIND", "UID", "TITLE", "PATH", "VALUE"]);
    let mut items = Vec::new();
    for o in &objects {
        for m in find_in(&o.json, &re, o.kind.identity_keys()) {
            t.row(vec![
                o.kind.name().into(),
                o.uid.clone(),
                o.title.clone(),
                m.path.clone(),
                m.value.clone(),
            ]);
            items.push(json!({
                "kind": o.kind.name(),
                "uid": o.uid,
                "title": o.title,
                "path": m.path,
                "value": m.value,
            }));
        }
    }
    if items.is_empty() && app.out.format == Format::Table {
        app.note(format!("no match in {} object(s)", objects.len()));
    } else {
        app.out.list(&t, &Value::Array(items))?;
    }
    conclude(objects.len(), failures)
}

fn confirm(question: &str) -> Result<bool, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(
            CliError::usage("stdin is not a terminal, so nothing was saved")
                .hint("pass --yes to save, or --dry-run to only show the changes"),
        );
    }
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::general(format!("cannot read the answer: {e}")))?;
    Ok(matches!(line.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}

async fn save(app: &App, o: &Object, new: &Value) -> Result<(), CliError> {
    match o.kind {
        Kind::Dashboards if o.v2_object.is_some() => {
            let mut object = o.v2_object.clone().unwrap_or_default();
            object["spec"] = new.clone();
            let object: grafana_client::apis::DynamicObject = serde_json::from_value(object)
                .map_err(|e| CliError::general(format!("not a dashboard object: {e}")))?;
            let apis = app.api.apis().detect().await?;
            let version = object
                .api_version
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string();
            let mut resource = apis.dashboards_v2().resource().clone();
            if !version.is_empty() {
                resource = resource.with_version(version);
            }
            // the resourceVersion read makes a concurrent edit a 409, not an overwrite
            apis.dynamic_resource(resource)
                .replace(
                    &o.uid,
                    &grafana_client::apis::PostParams::default(),
                    &object,
                )
                .await?;
        }
        Kind::Dashboards => {
            let mut body = json!({
                "dashboard": new,
                "overwrite": false,
                "message": "grafctl replace",
            });
            if let Some(f) = &o.folder_uid {
                body["folderUid"] = f.clone().into();
            }
            app.api.dashboard().update_dashboard(&body).await?;
        }
        Kind::LibraryPanels => {
            let mut call = app.api.libraryelement().update_library_element(
                &o.uid,
                new,
                o.version.unwrap_or(1),
            );
            call = call.name(o.title.clone()).kind(1);
            if let Some(f) = &o.folder_uid {
                call = call.folder_uid(f.clone());
            }
            call.await?;
        }
        Kind::AlertRules => {
            app.api
                .alertingprovisioning()
                .update_alertrule(&o.uid, new)
                .await?;
        }
        Kind::Datasources => {
            app.api
                .datasource()
                .update_datasource_by_uid(&o.uid, new)
                .await?;
        }
    }
    Ok(())
}

/// Runs `grafctl replace`.
pub async fn replace(app: &App, args: ReplaceArgs) -> Result<Outcome, CliError> {
    let re = build_regex(&args.pattern, args.ignore_case)?;
    let kinds = kinds_or_all(&args.kinds);
    let mut failures = Vec::new();
    let objects = load_kinds(app, &kinds, &mut failures).await?;
    let mut planned: Vec<(Object, Value, Vec<jsondiff::Change>)> = Vec::new();
    for o in objects {
        let new = replace_in(&o.json, &re, &args.replacement, o.kind.identity_keys());
        let changes = jsondiff::diff(&o.json, &new);
        if !changes.is_empty() {
            planned.push((o, new, changes));
        }
    }
    let saving = !args.dry_run && !planned.is_empty();
    if app.out.format == Format::Table {
        let mut text = String::new();
        for (o, _, changes) in &planned {
            text.push_str(&format!(
                "{} {} ({}): {} change(s)\n",
                o.kind.name(),
                o.uid,
                crate::output::clean_cell(&o.title),
                changes.len()
            ));
            text.push_str(&jsondiff::render(changes));
        }
        app.out.write(&text)?;
        app.note(format!(
            "{} object(s) to change{}",
            planned.len(),
            if args.dry_run {
                " (dry run: nothing saved)"
            } else {
                ""
            }
        ));
    } else {
        let items: Vec<Value> = planned
            .iter()
            .map(|(o, _, c)| {
                json!({
                    "kind": o.kind.name(),
                    "uid": o.uid,
                    "title": o.title,
                    "changes": jsondiff::to_json(c),
                    "dryRun": args.dry_run,
                })
            })
            .collect();
        app.out.data(&Value::Array(items))?;
    }
    if !saving {
        return conclude(1, failures);
    }
    if !args.yes && !confirm(&format!("save {} object(s)?", planned.len()))? {
        app.note("nothing saved");
        return Ok(Outcome::ok());
    }
    let bar = app.progress.bar(planned.len() as u64, "saving");
    let results: Vec<(String, Result<(), CliError>)> = stream::iter(planned.iter())
        .map(|(o, new, _)| async move {
            (
                format!("{} {}", o.kind.name(), o.uid),
                save(app, o, new).await,
            )
        })
        .buffered(app.jobs)
        .inspect(|_| bar.inc(1))
        .collect()
        .await;
    bar.finish_and_clear();
    let mut saved = 0;
    for (what, r) in results {
        match r {
            Ok(()) => saved += 1,
            Err(e) => failures.push((what, e)),
        }
    }
    app.note(format!("saved {saved} object(s)"));
    conclude(saved, failures)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_string_values_with_paths() {
        let re = build_regex("prom", false).unwrap();
        let v = json!({"uid": "prom-1", "title": "x", "panels": [{"datasource": {"uid": "prom-1"}}, {"targets": [{"expr": "up", "x": 3}]}], "a b": "promql"});
        let m = find_in(&v, &re, &["uid"]);
        assert_eq!(
            m,
            vec![
                Match {
                    path: ".panels[0].datasource.uid".into(),
                    value: "prom-1".into()
                },
                Match {
                    path: "[\"a b\"]".into(),
                    value: "promql".into()
                },
            ]
        );
    }

    #[test]
    fn replaces_but_not_identity() {
        let re = build_regex("old-(\\d)", false).unwrap();
        let v = json!({"uid": "old-1", "panels": [{"datasource": {"uid": "old-1"}}], "n": 5});
        let out = replace_in(&v, &re, "new-$1", &["uid"]);
        assert_eq!(
            out,
            json!({"uid": "old-1", "panels": [{"datasource": {"uid": "new-1"}}], "n": 5})
        );
    }

    #[test]
    fn bad_regex_is_usage() {
        assert_eq!(build_regex("(", false).unwrap_err().exit_code(), 2);
        assert!(build_regex("ABC", true).unwrap().is_match("abc"));
    }
}
