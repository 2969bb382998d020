//! Plans and their application: what a restore or a sync would do to each
//! object (create, update, delete, or leave it unchanged), and doing it.
//!
//! Planning and applying are one pass over the same code: with
//! `apply == false` ([`Options::apply`]) the pass only reads, so a printed
//! plan is exactly the list of writes the applying pass makes (on an
//! unchanged target). Objects are compared as normalised documents
//! ([`super::normalize`]), so a target that already holds them gets no
//! write at all: no 409 or 412 from Grafana, and a second run reports
//! everything "unchanged".

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use futures_util::{stream, StreamExt};
use grafana_client::GrafanaApi;
use serde_json::{json, Value};

use super::remap::Remap;
use super::{live, read_doc, Item, Kind};
use crate::error::CliError;
use crate::jsondiff;

/// Where objects come from: a bundle's org directory or an instance's org.
#[derive(Clone)]
pub enum Side {
    /// `<bundle>/org-<id>-<name>`.
    Dir(PathBuf),
    /// A client set to the org.
    Live(GrafanaApi),
}

impl Side {
    /// The objects of `kind` (documents read later by [`Side::doc`]).
    pub async fn list(&self, kind: Kind) -> Result<Vec<Item>, CliError> {
        match self {
            Side::Dir(dir) => {
                let items = super::list_dir(dir, kind)?;
                Ok(if kind == Kind::Folders {
                    super::parents_first(items)
                } else {
                    items
                })
            }
            Side::Live(api) => live::list(api, kind).await,
        }
    }

    /// The normalised document of `item`.
    pub async fn doc(&self, kind: Kind, item: &Item) -> Result<Option<Value>, CliError> {
        if let Some(d) = &item.doc {
            return Ok(Some(d.clone()));
        }
        match self {
            Side::Dir(_) => match &item.path {
                Some(p) => read_doc(p, kind).map(Some),
                None => Ok(None),
            },
            Side::Live(api) => live::get(api, kind, item).await,
        }
    }
}

/// What planning (and applying) one object gave: its action and number of
/// changed fields, `None` when it was skipped (gone, or outside `--folder`).
type StepResult = Result<Option<(Action, usize)>, CliError>;

/// What happens to one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// Only in the source: created.
    Create,
    /// In both, different: the target is updated.
    Update,
    /// Only in the target, with `--prune`: deleted.
    Delete,
    /// In both, equal: nothing is sent.
    Unchanged,
}

impl Action {
    /// `create`, `update`, `delete`, `unchanged`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Unchanged => "unchanged",
        }
    }
}

/// One object's line of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The org (name) in the target.
    pub org: String,
    /// The kind.
    pub kind: Kind,
    /// The key (uid, name, login).
    pub key: String,
    /// Title or name.
    pub title: String,
    /// What is (or would be) done.
    pub action: Action,
    /// Number of differing fields (updates).
    pub changes: usize,
    /// Why it failed, when applying or reading it failed.
    pub error: Option<String>,
}

impl Step {
    /// The step as JSON.
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "org": self.org, "kind": self.kind.name(), "key": self.key,
            "title": self.title, "action": self.action.as_str(), "changes": self.changes,
        });
        if let Some(e) = &self.error {
            v["error"] = json!(e);
        }
        v
    }
}

/// How a plan runs.
#[derive(Clone, Default)]
pub struct Options {
    /// Write to the target (else only plan).
    pub apply: bool,
    /// Delete what the target has and the source lacks.
    pub prune: bool,
    /// Requests in flight.
    pub jobs: usize,
    /// Data-source uids to rewrite in what is copied.
    pub remap: Remap,
    /// Only objects in these folders (uids; sync's `--folder`): the folders
    /// themselves, dashboards, library panels and alert rules in them.
    pub folders: Option<BTreeSet<String>>,
}

/// Whether `doc` (of `kind`) passes the folder filter.
fn in_folders(kind: Kind, doc: &Value, key: &str, folders: &Option<BTreeSet<String>>) -> bool {
    let Some(set) = folders else {
        return true;
    };
    let folder = match kind {
        Kind::Folders => return set.contains(key),
        Kind::Dashboards | Kind::LibraryPanels => doc.get("folderUid"),
        Kind::AlertRules => doc.get("folderUID"),
        _ => return true,
    };
    folder
        .and_then(Value::as_str)
        .is_some_and(|f| set.contains(f))
}

/// Plans (and with [`Options::apply`] applies) copying the `kinds` of
/// `source` into the `target` org (named `org` in the report). Kinds go in
/// dependency order; deletions (`--prune`) come last, in reverse order.
pub async fn run(
    source: &Side,
    target: &GrafanaApi,
    org: &str,
    kinds: &[Kind],
    opts: &Options,
    progress: &indicatif::ProgressBar,
) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut deletions: Vec<(Kind, Vec<Item>)> = Vec::new();
    let step = |kind: Kind, item: &Item, action, changes, error: Option<String>| Step {
        org: org.to_string(),
        kind,
        key: item.key.clone(),
        title: item.title.clone(),
        action,
        changes,
        error,
    };
    for &kind in kinds {
        let src = match source.list(kind).await {
            Ok(s) => s,
            Err(e) => {
                steps.push(failed_kind(org, kind, e));
                continue;
            }
        };
        let tgt = match live::list(target, kind).await {
            Ok(t) => t,
            Err(e) => {
                steps.push(failed_kind(org, kind, e));
                continue;
            }
        };
        progress.inc_length(src.len() as u64);
        let tgt: BTreeMap<String, Item> = tgt.into_iter().map(|i| (i.key.clone(), i)).collect();
        let mut seen = BTreeSet::new();
        let one = |item: Item| {
            let tgt = &tgt;
            async move {
                let r = async {
                    let Some(mut doc) = source.doc(kind, &item).await? else {
                        return Ok(None);
                    };
                    if !in_folders(kind, &doc, &item.key, &opts.folders) {
                        return Ok(None);
                    }
                    opts.remap.apply(&mut doc);
                    let existing = tgt.get(&item.key);
                    let old = match existing {
                        Some(t) => live::get(target, kind, t).await?,
                        None => None,
                    };
                    let (action, changes) = match &old {
                        None => (Action::Create, 0),
                        Some(o) => {
                            let d = jsondiff::diff_with(o, &doc, &super::ignored);
                            if d.is_empty() {
                                (Action::Unchanged, 0)
                            } else {
                                (Action::Update, d.len())
                            }
                        }
                    };
                    if opts.apply && action != Action::Unchanged {
                        let existing = if old.is_some() { existing } else { None };
                        live::put(target, kind, &doc, existing, old.as_ref()).await?;
                    }
                    Ok::<_, CliError>(Some((action, changes)))
                }
                .await;
                progress.inc(1);
                (item, r)
            }
        };
        let results: Vec<(Item, StepResult)> = if kind == Kind::Folders || kind == Kind::Users {
            // parents before children; users one at a time (org membership)
            let mut out = Vec::new();
            for item in src {
                out.push(one(item).await);
            }
            out
        } else {
            stream::iter(src)
                .map(one)
                .buffer_unordered(opts.jobs.max(1))
                .collect()
                .await
        };
        let mut kind_steps = Vec::new();
        for (item, r) in results {
            seen.insert(item.key.clone());
            match r {
                Ok(Some((action, changes))) => {
                    kind_steps.push(step(kind, &item, action, changes, None))
                }
                Ok(None) => {}
                Err(e) => {
                    kind_steps.push(step(kind, &item, Action::Create, 0, Some(e.to_string())))
                }
            }
        }
        if kind != Kind::Folders {
            kind_steps.sort_by(|a, b| a.key.cmp(&b.key));
        }
        steps.extend(kind_steps);
        if opts.prune && kind.prunable() {
            let gone: Vec<Item> = tgt
                .into_values()
                .filter(|t| !seen.contains(&t.key))
                .filter(|t| {
                    // with a folder filter, only prune inside those folders
                    opts.folders.is_none()
                        || t.doc
                            .as_ref()
                            .is_some_and(|d| in_folders(kind, d, &t.key, &opts.folders))
                })
                .collect();
            deletions.push((kind, gone));
        }
    }
    for (kind, gone) in deletions.into_iter().rev() {
        let mut gone = gone;
        if kind == Kind::Folders {
            // children before parents
            gone = super::parents_first(gone);
            gone.reverse();
        }
        for item in gone {
            let error = if opts.apply {
                live::delete(target, kind, &item)
                    .await
                    .err()
                    .map(|e| e.to_string())
            } else {
                None
            };
            steps.push(step(kind, &item, Action::Delete, 0, error));
        }
    }
    steps
}

fn failed_kind(org: &str, kind: Kind, e: CliError) -> Step {
    Step {
        org: org.to_string(),
        kind,
        key: "*".into(),
        title: String::new(),
        action: Action::Unchanged,
        changes: 0,
        error: Some(e.to_string()),
    }
}

/// Counts per action, e.g. `2 create, 1 update, 0 delete, 40 unchanged`.
pub fn summary(steps: &[Step]) -> String {
    let n = |a: Action| {
        steps
            .iter()
            .filter(|s| s.error.is_none() && s.action == a)
            .count()
    };
    let failed = steps.iter().filter(|s| s.error.is_some()).count();
    let mut s = format!(
        "{} create, {} update, {} delete, {} unchanged",
        n(Action::Create),
        n(Action::Update),
        n(Action::Delete),
        n(Action::Unchanged)
    );
    if failed > 0 {
        s.push_str(&format!(", {failed} failed"));
    }
    s
}

/// Prints the steps (table: ORG KIND ACTION KEY TITLE; JSON/YAML: the list)
/// and returns the failures as the command's outcome.
pub fn report(
    out: &crate::output::Output,
    steps: &[Step],
    show_unchanged: bool,
) -> Result<crate::error::Outcome, CliError> {
    let mut t = crate::output::Table::new(&["ORG", "KIND", "ACTION", "KEY", "TITLE"]);
    for s in steps {
        if !show_unchanged && s.action == Action::Unchanged && s.error.is_none() {
            continue;
        }
        let action = if s.error.is_some() {
            "failed"
        } else {
            s.action.as_str()
        };
        t.row(vec![
            s.org.clone(),
            s.kind.name().to_string(),
            action.to_string(),
            s.key.clone(),
            s.title.clone(),
        ]);
    }
    let json = Value::Array(steps.iter().map(Step::to_json).collect());
    out.list(&t, &json)?;
    let mut outcome = crate::error::Outcome::ok();
    for s in steps {
        if let Some(e) = &s.error {
            outcome.fail(format!("{} {} {}", s.org, s.kind.name(), s.key), e);
        }
    }
    Ok(outcome)
}
