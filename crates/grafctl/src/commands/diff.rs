//! `grafctl diff <A> <B>`: compares two backups, two instances, or a backup
//! and an instance, object by object.
//!
//! Each side is a backup directory (one with a `manifest.json`), or a
//! context: `ctx:NAME`, or a bare NAME that is not a directory. Objects are
//! matched by kind and key (uid, name, login) and compared normalised
//! ([`crate::bundle::normalize`]), so what Grafana sets itself (ids,
//! versions, timestamps, `created`/`updated`, provenance) never shows.
//! Orgs are matched by name (when each side has one org, those two).
//!
//! Exit code: 0 when both sides are equal, 1 when they differ (or on an
//! error).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use futures_util::{stream, StreamExt};
use serde_json::{json, Value};

use crate::app::App;
use crate::bundle::plan::Side;
use crate::bundle::{self, live, Item, Kind, Manifest, OrgRef};
use crate::cli::Global;
use crate::error::{CliError, Outcome};
use crate::jsondiff;
use crate::output::{Format, Output};

/// `grafctl diff` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old side: a backup directory, `ctx:NAME` or a context name.
    pub a: String,
    /// The new side: a backup directory, `ctx:NAME` or a context name.
    pub b: String,
    /// For a context side: every org (server admin), not only the context's.
    #[arg(long)]
    pub all_orgs: bool,
    /// What to compare, comma-separated (as for backup) [default: all but annotations].
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub components: Vec<String>,
}

/// One side of a comparison: its orgs, each readable as a [`Side`].
pub struct Opened {
    /// What the user gave (for messages).
    pub label: String,
    /// The orgs and where to read them.
    pub orgs: Vec<(OrgRef, Side)>,
    /// The app, for a context side.
    pub app: Option<App>,
}

/// Opens `spec` (directory, `ctx:NAME` or NAME).
pub async fn open(g: &Global, spec: &str, all_orgs: bool) -> Result<Opened, CliError> {
    let as_dir = Path::new(spec);
    let ctx = if let Some(name) = spec.strip_prefix("ctx:") {
        Some(name)
    } else if as_dir.join(bundle::MANIFEST).is_file() {
        None
    } else if as_dir.is_dir() {
        return Err(CliError::usage(format!(
            "{spec}: a directory without manifest.json (not a grafctl backup)"
        ))
        .hint("use ctx:NAME for a context"));
    } else {
        Some(spec)
    };
    match ctx {
        None => {
            let m = Manifest::read(as_dir)?;
            let orgs = m
                .orgs
                .into_iter()
                .map(|(o, dir, _)| (o, Side::Dir(as_dir.join(dir))))
                .collect();
            Ok(Opened {
                label: spec.to_string(),
                orgs,
                app: None,
            })
        }
        Some(name) => {
            let app = App::for_context(g, name)?;
            let orgs = live::orgs(&app.api, all_orgs).await?;
            let orgs = orgs
                .into_iter()
                .map(|o| {
                    let api = if all_orgs {
                        app.api.with_org_id(o.id)
                    } else {
                        app.api.clone()
                    };
                    (o, Side::Live(api))
                })
                .collect();
            Ok(Opened {
                label: spec.to_string(),
                orgs,
                app: Some(app),
            })
        }
    }
}

/// Pairs the orgs of two sides: the only org of each, else by name
/// (`None` on the side that lacks it).
pub fn pair_orgs<'a>(
    a: &'a [(OrgRef, Side)],
    b: &'a [(OrgRef, Side)],
) -> Vec<(String, Option<&'a Side>, Option<&'a Side>)> {
    if a.len() == 1 && b.len() == 1 {
        return vec![(a[0].0.name.clone(), Some(&a[0].1), Some(&b[0].1))];
    }
    let names: BTreeSet<&str> = a.iter().chain(b).map(|(o, _)| o.name.as_str()).collect();
    names
        .into_iter()
        .map(|n| {
            let find =
                |s: &'a [(OrgRef, Side)]| s.iter().find(|(o, _)| o.name == n).map(|(_, x)| x);
            (n.to_string(), find(a), find(b))
        })
        .collect()
}

/// One object that differs.
#[derive(Debug, Clone)]
pub struct Difference {
    /// Org name.
    pub org: String,
    /// Kind.
    pub kind: Kind,
    /// Key.
    pub key: String,
    /// Title.
    pub title: String,
    /// `only-a`, `only-b` or `changed`.
    pub status: &'static str,
    /// The field changes (`changed`).
    pub changes: Vec<jsondiff::Change>,
}

async fn items(side: Option<&Side>, kind: Kind) -> Result<BTreeMap<String, Item>, CliError> {
    match side {
        None => Ok(BTreeMap::new()),
        Some(s) => Ok(s
            .list(kind)
            .await?
            .into_iter()
            .map(|i| (i.key.clone(), i))
            .collect()),
    }
}

/// The differences between two sides' org, kind by kind.
pub async fn compare(
    org: &str,
    a: Option<&Side>,
    b: Option<&Side>,
    kinds: &[Kind],
    jobs: usize,
) -> Result<Vec<Difference>, CliError> {
    let mut out = Vec::new();
    for &kind in kinds {
        let ia = items(a, kind).await?;
        let ib = items(b, kind).await?;
        let keys: BTreeSet<&String> = ia.keys().chain(ib.keys()).collect();
        let results: Vec<Result<Option<Difference>, CliError>> = stream::iter(keys)
            .map(|key| {
                let (ia, ib) = (&ia, &ib);
                async move {
                    let diff = |status, title: &str, changes| Difference {
                        org: org.to_string(),
                        kind,
                        key: key.clone(),
                        title: title.to_string(),
                        status,
                        changes,
                    };
                    match (ia.get(key), ib.get(key), a, b) {
                        (Some(x), Some(y), Some(sa), Some(sb)) => {
                            let da = sa.doc(kind, x).await?.unwrap_or(Value::Null);
                            let db = sb.doc(kind, y).await?.unwrap_or(Value::Null);
                            let changes = jsondiff::diff_with(&da, &db, &bundle::ignored);
                            Ok(if changes.is_empty() {
                                None
                            } else {
                                Some(diff("changed", &y.title, changes))
                            })
                        }
                        (Some(x), None, ..) => Ok(Some(diff("only-a", &x.title, Vec::new()))),
                        (None, Some(y), ..) => Ok(Some(diff("only-b", &y.title, Vec::new()))),
                        _ => Ok(None),
                    }
                }
            })
            .buffered(jobs.max(1))
            .collect()
            .await;
        for r in results {
            if let Some(d) = r? {
                out.push(d);
            }
        }
    }
    Ok(out)
}

/// Runs `grafctl diff`.
pub async fn run(global: &Global, args: Args) -> Result<Outcome, CliError> {
    let kinds = bundle::parse_components(&args.components)?;
    let a = open(global, &args.a, args.all_orgs).await?;
    let b = open(global, &args.b, args.all_orgs).await?;
    let jobs = usize::from(global.jobs.max(1));
    let mut diffs = Vec::new();
    for (org, sa, sb) in pair_orgs(&a.orgs, &b.orgs) {
        diffs.extend(compare(&org, sa, sb, &kinds, jobs).await?);
    }
    let out = Output::new(global.output, global.no_color);
    match out.format {
        Format::Table => {
            let mut text = String::new();
            for d in &diffs {
                let (mark, note) = match d.status {
                    "only-a" => ("-", format!(" (only in {})", a.label)),
                    "only-b" => ("+", format!(" (only in {})", b.label)),
                    _ => ("~", String::new()),
                };
                text.push_str(&crate::output::clean_line(&format!(
                    "{mark} {} {} {} {:?}{note}",
                    d.org,
                    d.kind.name(),
                    d.key,
                    d.title
                )));
                text.push('\n');
                for line in jsondiff::render(&d.changes).lines() {
                    text.push_str("    ");
                    text.push_str(&crate::output::clean_line(line));
                    text.push('\n');
                }
            }
            out.write(&text)?;
        }
        _ => {
            let json: Vec<Value> = diffs
                .iter()
                .map(|d| {
                    json!({"org": d.org, "kind": d.kind.name(), "key": d.key, "title": d.title,
                        "status": d.status, "changes": jsondiff::to_json(&d.changes)})
                })
                .collect();
            out.data(&Value::Array(json))?;
        }
    }
    if diffs.is_empty() {
        if !global.quiet {
            eprintln!("no differences");
        }
        Ok(Outcome::ok())
    } else {
        Err(CliError::general(format!(
            "{} object(s) differ between {} and {}",
            diffs.len(),
            a.label,
            b.label
        )))
    }
}
