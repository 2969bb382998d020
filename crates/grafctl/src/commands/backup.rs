//! `grafctl backup [--all-orgs] [--components ...] <dir>`: one file per
//! object, in the layout of [`crate::bundle`].
//!
//! Objects are read `--jobs` at a time, each on its own task of the
//! multi-thread runtime (so decoding, sorting and writing use every core),
//! and each is written (atomically) as soon as it arrives, so memory stays flat however many dashboards there
//! are; dashboards are listed through search's pages (beyond its 5,000 per
//! request). Running it again over the same directory rewrites only what
//! changed (same object, same bytes) and removes the files of objects that
//! are gone, so the directory can live in git.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use std::sync::Arc;

use grafana_client::GrafanaApi;
use indicatif::ProgressBar;
use serde_json::Value;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::app::App;
use crate::bundle::{self, live, Item, Kind, Manifest};
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
            let results = fetch_and_write(app, &api, &org_dir, kind, items, &bar).await;
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

/// Reads every item (at most `app.jobs` at a time, each on its own task so
/// the decoding of large answers runs on every core) and writes each one's
/// file as soon as it arrives (on the blocking pool: serializing a large
/// dashboard and writing it must not stall the runtime's workers). Gives
/// each item's key with the file written, `None` when the object was
/// deleted meanwhile, or the error.
async fn fetch_and_write(
    app: &App,
    api: &GrafanaApi,
    org_dir: &Path,
    kind: Kind,
    items: Vec<Item>,
    bar: &ProgressBar,
) -> Vec<(String, Result<Option<PathBuf>, CliError>)> {
    let limit = Arc::new(Semaphore::new(app.jobs.max(1)));
    let org_dir = Arc::new(org_dir.to_path_buf());
    let mut tasks = JoinSet::new();
    let mut results = Vec::with_capacity(items.len());
    let reap =
        |joined: Result<(String, Result<Option<PathBuf>, CliError>), tokio::task::JoinError>,
         results: &mut Vec<_>| {
            bar.inc(1);
            match joined {
                Ok(r) => results.push(r),
                Err(e) => results.push((
                    String::new(),
                    Err(CliError::general(format!("a backup task failed: {e}"))),
                )),
            }
        };
    for mut item in items {
        // the semaphore is never closed, so acquiring cannot fail
        let Ok(permit) = Arc::clone(&limit).acquire_owned().await else {
            break;
        };
        while let Some(joined) = tasks.try_join_next() {
            reap(joined, &mut results);
        }
        let api = api.clone();
        let org_dir = Arc::clone(&org_dir);
        tasks.spawn(async move {
            let r = async {
                let doc = match item.doc.take() {
                    Some(doc) => Some(doc),
                    None => live::get(&api, kind, &item).await?,
                };
                match doc {
                    Some(doc) => tokio::task::spawn_blocking(move || {
                        bundle::write_object(&org_dir, kind, &doc).map(Some)
                    })
                    .await
                    .map_err(|e| CliError::general(format!("a backup write failed: {e}")))?,
                    None => Ok(None), // deleted meanwhile
                }
            }
            .await;
            drop(permit);
            (item.key, r)
        });
    }
    while let Some(joined) = tasks.join_next().await {
        reap(joined, &mut results);
    }
    results
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
