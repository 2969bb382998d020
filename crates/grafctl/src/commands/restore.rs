//! `grafctl restore <dir> [--plan|--dry-run] [--prune] [--components ...]`:
//! an idempotent upsert of a backup into an instance.
//!
//! Kinds go in dependency order (folders, parents first; data sources;
//! library panels; dashboards; notification templates, contact points,
//! mute timings, the policy tree, alert rules; users, teams, service
//! accounts; annotations). Each object is compared with the instance's
//! (both normalised): equal ones are left alone ("unchanged", nothing is
//! sent), others are created or updated (dashboards with `overwrite`, so no
//! 412). `--prune` also deletes what the instance has and the backup lacks
//! (never users, service accounts, the policy tree or annotations).
//! `--plan` (or `--dry-run`) prints the same per-object list and writes
//! nothing.
//!
//! A backup of one org is restored into the context's org; a backup of
//! several (`backup --all-orgs`) into the orgs of the same names, created
//! when missing (this needs a server admin).

use std::path::PathBuf;

use crate::app::App;
use crate::bundle::plan::{self, Action, Options, Side, Step};
use crate::bundle::{self, live, Kind, Manifest};
use crate::error::{CliError, Outcome};

/// `grafctl restore` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A directory written by `grafctl backup`.
    pub dir: PathBuf,
    /// Print what would be created, updated, deleted or left unchanged, and
    /// change nothing.
    #[arg(long)]
    pub plan: bool,
    /// The same as --plan.
    #[arg(long)]
    pub dry_run: bool,
    /// Delete objects the instance has and the backup lacks.
    #[arg(long)]
    pub prune: bool,
    /// What to restore, comma-separated (as for backup) [default: all but annotations].
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub components: Vec<String>,
}

/// Runs `grafctl restore`.
pub async fn run(app: &App, args: Args) -> Result<Outcome, CliError> {
    let manifest = Manifest::read(&args.dir)?;
    let mut kinds = bundle::parse_components(&args.components)?;
    if args.components.is_empty() {
        // a backup made with annotations restores them too
        let has_annotations = manifest
            .orgs
            .iter()
            .any(|(_, dir, _)| args.dir.join(dir).join(Kind::Annotations.name()).is_dir());
        if has_annotations {
            kinds.push(Kind::Annotations);
        }
    }
    let apply = !(args.plan || args.dry_run);
    let opts = Options {
        apply,
        prune: args.prune,
        jobs: app.jobs,
        ..Options::default()
    };
    if manifest.orgs.is_empty() {
        return Err(CliError::general(format!(
            "{}: the backup holds no org",
            args.dir.display()
        )));
    }
    let bar = app
        .progress
        .bar(0, if apply { "restoring" } else { "planning" });
    let mut steps: Vec<Step> = Vec::new();
    let single = manifest.orgs.len() == 1;
    for (org, dir, _) in &manifest.orgs {
        let source = Side::Dir(args.dir.join(dir));
        let target = if single {
            Some(app.api.clone())
        } else {
            live::org_by_name(&app.api, &org.name, apply)
                .await?
                .map(|id| app.api.with_org_id(id))
        };
        match target {
            Some(api) => {
                steps.extend(plan::run(&source, &api, &org.name, &kinds, &opts, &bar).await);
            }
            None => steps.extend(all_create(&source, &org.name, &kinds).await),
        }
    }
    bar.finish_and_clear();
    let outcome = plan::report(&app.out, &steps, true)?;
    let verb = if apply { "restored" } else { "plan" };
    app.note(format!("{verb}: {}", plan::summary(&steps)));
    Ok(outcome)
}

/// The plan for an org the instance does not have yet: every object is
/// created.
async fn all_create(source: &Side, org: &str, kinds: &[Kind]) -> Vec<Step> {
    let mut steps = Vec::new();
    for &kind in kinds {
        match source.list(kind).await {
            Ok(items) => steps.extend(items.into_iter().map(|i| Step {
                org: org.to_string(),
                kind,
                key: i.key,
                title: i.title,
                action: Action::Create,
                changes: 0,
                error: None,
            })),
            Err(e) => steps.push(Step {
                org: org.to_string(),
                kind,
                key: "*".into(),
                title: String::new(),
                action: Action::Unchanged,
                changes: 0,
                error: Some(e.to_string()),
            }),
        }
    }
    steps
}
