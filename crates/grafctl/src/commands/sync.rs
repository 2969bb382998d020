//! `grafctl sync --from CTX --to CTX`: copies objects from one instance to
//! another, data-source uids remapped.
//!
//! The plan (create, update, unchanged and, with `--prune`, delete per
//! object; see [`crate::bundle::plan`]) is printed first; it is applied
//! with `--yes`, or after a "y" at the prompt when stdin is a terminal.
//! Data-source references in dashboards (panels, their targets, rows,
//! templating, annotations), library panels and alert rules are rewritten
//! with `--map-datasource OLD=NEW` (repeatable) and/or
//! `--map-datasources-by-name` (a source data source maps to the target's
//! one of the same name). `--folder UID` (repeatable) narrows the copy to
//! those folders and what is in them.

use std::collections::BTreeSet;
use std::io::{BufRead, IsTerminal, Write};

use crate::app::App;
use crate::bundle::plan::{self, Action, Options, Side};
use crate::bundle::remap::Remap;
use crate::bundle::{self, live, Kind};
use crate::cli::Global;
use crate::error::{CliError, Outcome};
use crate::output::Output;

/// `grafctl sync` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The context to copy from.
    #[arg(long, value_name = "CTX")]
    pub from: String,
    /// The context to copy to.
    #[arg(long, value_name = "CTX")]
    pub to: String,
    /// Only this folder (uid) and what is in it (repeatable).
    #[arg(long = "folder", value_name = "UID")]
    pub folders: Vec<String>,
    /// Rewrite data-source uid OLD to NEW (repeatable).
    #[arg(long = "map-datasource", value_name = "OLD=NEW")]
    pub map_datasource: Vec<String>,
    /// Map each source data source to the target's one of the same name.
    #[arg(long)]
    pub map_datasources_by_name: bool,
    /// What to copy, comma-separated (as for backup)
    /// [default: folders,library-panels,dashboards,alert-rules].
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub components: Vec<String>,
    /// Delete what the target has and the source lacks (inside --folder, if given).
    #[arg(long)]
    pub prune: bool,
    /// Apply without asking.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// The kinds sync copies by default.
pub const DEFAULT_KINDS: [Kind; 4] = [
    Kind::Folders,
    Kind::LibraryPanels,
    Kind::Dashboards,
    Kind::AlertRules,
];

/// `old uid -> new uid` for every source data source whose name the target
/// also has (under another uid).
pub async fn remap_by_name(from: &App, to: &App, remap: &mut Remap) -> Result<(), CliError> {
    let names = |items: Vec<bundle::Item>| -> Vec<(String, String)> {
        items.into_iter().map(|i| (i.key, i.title)).collect()
    };
    let src = names(live::list(&from.api, Kind::Datasources).await?);
    let dst = names(live::list(&to.api, Kind::Datasources).await?);
    for (uid, name) in &src {
        if let Some((new_uid, _)) = dst.iter().find(|(_, n)| n == name) {
            if new_uid != uid {
                remap.add(uid, new_uid);
            }
        }
    }
    Ok(())
}

/// Runs `grafctl sync`.
pub async fn run(global: &Global, args: Args) -> Result<Outcome, CliError> {
    let kinds = if args.components.is_empty() {
        DEFAULT_KINDS.to_vec()
    } else {
        bundle::parse_components(&args.components)?
    };
    let from = App::for_context(global, &args.from)?;
    let to = App::for_context(global, &args.to)?;
    let mut remap = Remap::from_pairs(&args.map_datasource)?;
    if args.map_datasources_by_name {
        remap_by_name(&from, &to, &mut remap).await?;
    }
    for (old, new) in remap.pairs() {
        from.note(format!("data source {old} -> {new}"));
    }
    let org = live::orgs(&to.api, false).await?;
    let org_name = org.first().map(|o| o.name.clone()).unwrap_or_default();
    let folders = if args.folders.is_empty() {
        None
    } else {
        Some(args.folders.iter().cloned().collect::<BTreeSet<_>>())
    };
    let mut opts = Options {
        apply: false,
        prune: args.prune,
        jobs: from.jobs,
        remap,
        folders,
    };
    let source = Side::Live(from.api.clone());
    let bar = from.progress.bar(0, "planning");
    let steps = plan::run(&source, &to.api, &org_name, &kinds, &opts, &bar).await;
    bar.finish_and_clear();
    let out = Output::new(global.output, global.no_color);
    let changes = steps
        .iter()
        .filter(|s| s.error.is_none() && s.action != Action::Unchanged)
        .count();
    let interactive = !args.yes && std::io::stdin().is_terminal();
    if args.yes && changes > 0 && steps.iter().all(|s| s.error.is_none()) {
        // applied below; the applied list is the plan's
    } else {
        let outcome = plan::report(&out, &steps, true)?;
        from.note(format!("plan: {}", plan::summary(&steps)));
        if changes == 0 || !outcome.is_ok() {
            return Ok(outcome);
        }
        if !interactive || !confirm(&args)? {
            from.note("nothing applied (pass --yes to apply)");
            return Ok(outcome);
        }
    }
    opts.apply = true;
    let bar = from.progress.bar(0, "syncing");
    let done = plan::run(&source, &to.api, &org_name, &kinds, &opts, &bar).await;
    bar.finish_and_clear();
    let outcome = plan::report(&out, &done, true)?;
    from.note(format!("applied: {}", plan::summary(&done)));
    Ok(outcome)
}

/// A "y" typed at the prompt.
fn confirm(args: &Args) -> Result<bool, CliError> {
    let mut err = std::io::stderr();
    let _ = write!(err, "apply the changes to {}? [y/N] ", args.to);
    let _ = err.flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::general(format!("cannot read the answer: {e}")))?;
    Ok(matches!(line.trim(), "y" | "Y" | "yes"))
}
