//! `grafctl backup [--all-orgs] [--components ...] <dir>`: one file per
//! object, in the layout of [`crate::bundle`].
//!
//! Objects are read `--jobs` at a time and each is written (atomically) as
//! soon as it arrives, so memory stays flat however many dashboards there
//! are; dashboards are listed through search's pages (beyond its 5,000 per
//! request). Running it again over the same directory rewrites only what
//! changed (same object, same bytes) and removes the files of objects that
//! are gone, so the directory can live in git.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use futures_util::{stream, StreamExt};
use serde_json::Value;

use crate::app::App;
use crate::bundle::{self, live, Manifest};
use crate::error::{conclude, CliError, Outcome};
use crate::fsutil;
use crate::output::Table;

/// `grafctl backup` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory to write the backup to (created when missing).
    pub dir: PathBuf,
    /// Every org of the instance (needs a server admin, e.g. basic auth),
    /// not only the context's.
    #[arg(long)]
    pub all_orgs: bool,
    /// What to back up, comma-separated: folders, datasources,
    /// library-panels, dashboards, templates, contact-points, mute-timings,
    /// policies, alert-rules, users, teams, service-accounts, annotations
    /// [default: all but annotations].
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub components: Vec<String>,
}

/// Runs `grafctl backup`.
pub async fn run(app: &App, args: Args) -> Result<Outcome, CliError> {
    let kinds = bundle::parse_components(&args.components)?;
    let version = app.api.version().await.unwrap_or_default();
    let orgs = live::orgs(&app.api, args.all_orgs).await?;
    std::fs::create_dir_all(&args.dir).map_err(|e| CliError::io(&args.dir, e))?;
    let bar = app.progress.bar(0, "backing up");
    let mut failures: Vec<(String, CliError)> = Vec::new();
    let mut done = 0usize;
    let mut manifest = Manifest {
        grafana_version: version,
        orgs: Vec::new(),
    };
    let mut table = Table::new(&["ORG", "KIND", "OBJECTS"]);
    for org in &orgs {
        let api = if args.all_orgs {
            app.api.with_org_id(org.id)
        } else {
            app.api.clone()
        };
        let dir_name = org.dir_name();
        let org_dir = args.dir.join(&dir_name);
        let mut counts = BTreeMap::new();
        for &kind in &kinds {
            let items = match live::list(&api, kind).await {
                Ok(items) => items,
                Err(e) => {
                    failures.push((format!("{} {}", org.name, kind.name()), e));
                    continue;
                }
            };
            bar.inc_length(items.len() as u64);
            let results: Vec<(String, Result<Option<PathBuf>, CliError>)> = stream::iter(items)
                .map(|item| {
                    let api = &api;
                    let org_dir = &org_dir;
                    async move {
                        let r = async {
                            match live::get(api, kind, &item).await? {
                                Some(doc) => bundle::write_object(org_dir, kind, &doc).map(Some),
                                None => Ok(None), // deleted meanwhile
                            }
                        }
                        .await;
                        (item.key, r)
                    }
                })
                .buffer_unordered(app.jobs)
                .inspect(|_| bar.inc(1))
                .collect()
                .await;
            let mut written = HashSet::new();
            let failed_before = failures.len();
            for (key, r) in results {
                match r {
                    Ok(Some(path)) => {
                        written.insert(path);
                        done += 1;
                    }
                    Ok(None) => {}
                    Err(e) => failures.push((format!("{} {} {key}", org.name, kind.name()), e)),
                }
            }
            if failures.len() == failed_before {
                remove_stale(&org_dir.join(kind.name()), &written)?;
            }
            table.row(vec![
                org.name.clone(),
                kind.name().to_string(),
                written.len().to_string(),
            ]);
            counts.insert(kind.name().to_string(), written.len());
        }
        manifest.orgs.push((org.clone(), dir_name, counts));
    }
    bar.finish_and_clear();
    let manifest_json = manifest.to_json();
    fsutil::write_atomic(
        &args.dir.join(bundle::MANIFEST),
        fsutil::stable_json(&manifest_json).as_bytes(),
        false,
    )?;
    app.out.list(&table, &manifest_json)?;
    app.note(format!(
        "backed up {done} objects from {} org(s) to {}",
        orgs.len(),
        args.dir.display()
    ));
    conclude(done, failures)
}

/// Removes the `.json` files of `dir` that this run did not write (objects
/// deleted since the last backup into the same directory).
fn remove_stale(dir: &Path, written: &HashSet<PathBuf>) -> Result<(), CliError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(CliError::io(dir, e)),
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "json") && !written.contains(&p) {
            std::fs::remove_file(&p).map_err(|err| CliError::io(&p, err))?;
        }
    }
    Ok(())
}

/// The manifest of a backup as JSON (for `-o json` consumers and tests).
pub fn manifest_json(dir: &Path) -> Result<Value, CliError> {
    Ok(Manifest::read(dir)?.to_json())
}
