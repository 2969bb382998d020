//! `grafctl snapshot share|list|get|delete`.
//!
//! `share` uses the client's [`share_dashboard`](grafana_client::elements::Snapshots::share_dashboard):
//! with `--with-data` it runs every panel's queries the way Grafana's
//! *Share → Snapshot* does and embeds the results, so the snapshot shows
//! data without access to the data sources.

use std::collections::BTreeMap;

use clap::Subcommand;
use serde_json::{json, Value};

use crate::app::App;
use crate::error::{CliError, Outcome};
use crate::output::Table;

/// `grafctl snapshot` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: SnapshotCommand,
}

/// The snapshot subcommands.
#[derive(Debug, Subcommand)]
pub enum SnapshotCommand {
    /// Share a saved dashboard as a snapshot; prints its URL and delete key.
    Share(ShareArgs),
    /// List the snapshots.
    List {
        /// Only snapshots whose name matches (SQL LIKE: `%` and `_` are wildcards).
        #[arg(long)]
        query: Option<String>,
        /// At most this many (server default 1000).
        #[arg(long)]
        limit: Option<u32>,
    },
    /// Print one snapshot (dashboard and meta) as JSON or YAML.
    Get {
        /// Snapshot key.
        key: String,
    },
    /// Delete a snapshot by its key or by its delete key.
    Delete {
        /// Snapshot key.
        #[arg(required_unless_present = "delete_key", conflicts_with = "delete_key")]
        key: Option<String>,
        /// Delete key (works without other credentials).
        #[arg(long)]
        delete_key: Option<String>,
    },
}

/// `grafctl snapshot share` arguments.
#[derive(Debug, clap::Args)]
pub struct ShareArgs {
    /// Dashboard uid.
    pub uid: String,
    /// Run the panels' queries and embed the data.
    #[arg(long)]
    pub with_data: bool,
    /// Start of the time range (`now-6h`, epoch ms, RFC 3339) [default: the dashboard's].
    #[arg(long, requires = "to", allow_hyphen_values = true)]
    pub from: Option<String>,
    /// End of the time range [default: the dashboard's].
    #[arg(long, requires = "from", allow_hyphen_values = true)]
    pub to: Option<String>,
    /// Template variable value, NAME=VALUE; repeat for several values of one variable.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Lifetime: seconds, or a number with s, m, h, d or w (7d); 0 or `never` for none.
    #[arg(long, value_parser = parse_duration_secs)]
    pub expires: Option<i64>,
    /// Snapshot name [default: the dashboard's title].
    #[arg(long)]
    pub name: Option<String>,
    /// Only this panel (by id).
    #[arg(long)]
    pub panel: Option<i64>,
    /// Publish to the external snapshot server configured in Grafana.
    #[arg(long)]
    pub external: bool,
    /// Fail (post nothing) when any query fails, instead of sharing what worked.
    #[arg(long)]
    pub strict: bool,
}

/// Parses `90`, `90s`, `15m`, `12h`, `7d`, `2w`, `never` into seconds.
pub fn parse_duration_secs(s: &str) -> Result<i64, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("never") {
        return Ok(0);
    }
    let (num, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => s.split_at(i),
        None => (s, "s"),
    };
    let n: i64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a duration (e.g. 3600, 30m, 12h, 7d, never)"))?;
    let mult = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => {
            return Err(format!(
                "unknown unit {unit:?} in {s:?} (use s, m, h, d or w)"
            ))
        }
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("{s:?} is too long"))
}

/// `NAME=VALUE` pairs grouped by name, in order.
pub fn parse_vars(vars: &[String]) -> Result<BTreeMap<String, Vec<String>>, CliError> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for v in vars {
        let (k, val) = v
            .split_once('=')
            .ok_or_else(|| CliError::usage(format!("--var {v:?}: expected NAME=VALUE")))?;
        let k = k.trim().trim_start_matches('$');
        if k.is_empty() {
            return Err(CliError::usage(format!("--var {v:?}: the name is empty")));
        }
        out.entry(k.to_string()).or_default().push(val.to_string());
    }
    Ok(out)
}

/// Runs `grafctl snapshot ...`.
pub async fn run(app: &App, args: Args) -> Result<Outcome, CliError> {
    match args.command {
        SnapshotCommand::Share(a) => share(app, a).await,
        SnapshotCommand::List { query, limit } => {
            let mut call = app.api.snapshots().get_dashboard_snapshots();
            if let Some(q) = query {
                call = call.query(q);
            }
            if let Some(l) = limit {
                call = call.limit(l);
            }
            let items = call.await?;
            let mut t = Table::new(&["KEY", "NAME", "EXTERNAL", "CREATED", "EXPIRES"]);
            for s in &items {
                t.row(vec![
                    s.key.clone(),
                    s.name.clone(),
                    s.external.to_string(),
                    s.created.clone().unwrap_or_default(),
                    s.expires.clone().unwrap_or_default(),
                ]);
            }
            let json = serde_json::to_value(&items)
                .map_err(|e| CliError::general(format!("cannot encode the list: {e}")))?;
            app.out.list(&t, &json)?;
            Ok(Outcome::ok())
        }
        SnapshotCommand::Get { key } => {
            let snap = app.api.snapshots().get_snapshot_by_key(&key).await?;
            let json = serde_json::to_value(&snap)
                .map_err(|e| CliError::general(format!("cannot encode the snapshot: {e}")))?;
            app.out.document(&json)?;
            Ok(Outcome::ok())
        }
        SnapshotCommand::Delete { key, delete_key } => {
            let msg = match (key, delete_key) {
                (_, Some(dk)) => {
                    app.api
                        .snapshots()
                        .delete_snapshot_by_delete_key(&dk)
                        .await?
                }
                (Some(k), None) => app.api.snapshots().delete_snapshot_by_key(&k).await?,
                (None, None) => return Err(CliError::usage("give a key or --delete-key")),
            };
            app.note(if msg.message.is_empty() {
                "snapshot deleted"
            } else {
                msg.message.as_str()
            });
            Ok(Outcome::ok())
        }
    }
}

async fn share(app: &App, a: ShareArgs) -> Result<Outcome, CliError> {
    let vars = parse_vars(&a.vars)?;
    let mut share = app
        .api
        .snapshots()
        .share_dashboard(&a.uid)
        .concurrency(app.jobs)
        .fail_on_error(a.strict);
    if a.with_data {
        share = share.with_data();
    }
    if let (Some(from), Some(to)) = (a.from, a.to) {
        share = share.time_range(from, to);
    }
    for (k, v) in vars {
        share = share.var(k, v);
    }
    if let Some(e) = a.expires {
        share = share.expires(e);
    }
    if let Some(n) = a.name {
        share = share.name(n);
    }
    if let Some(p) = a.panel {
        share = share.panel(p);
    }
    if a.external {
        share = share.external(true);
    }
    let spinner = app.progress.spinner("sharing");
    let shared = share.await;
    spinner.finish_and_clear();
    let shared = shared.map_err(|e| CliError::from(e).context(format!("dashboard {}", a.uid)))?;
    let s = &shared.snapshot;
    let r = &shared.report;
    let mut outcome = Outcome::ok();
    for p in r.failed_panels() {
        outcome.fail(
            format!(
                "panel {:?} ({})",
                p.title,
                p.id.map(|i| i.to_string()).unwrap_or_default()
            ),
            p.errors.join("; "),
        );
    }
    for e in &r.errors {
        outcome.fail("snapshot", e);
    }
    let json = json!({
        "url": s.url,
        "key": s.key,
        "deleteKey": s.delete_key,
        "deleteUrl": s.delete_url,
        "withData": r.with_data,
        "panels": r.panels.len(),
        "queries": r.queried,
        "frames": r.frames,
        "rows": r.rows,
        "annotations": r.annotations,
        "panelsWithoutData": r.panels_without_data().iter().map(|p| Value::from(p.title.clone())).collect::<Vec<_>>(),
    });
    app.out.object(&json)?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration_secs("3600"), Ok(3600));
        assert_eq!(parse_duration_secs("30m"), Ok(1800));
        assert_eq!(parse_duration_secs("7d"), Ok(604_800));
        assert_eq!(parse_duration_secs("2w"), Ok(1_209_600));
        assert_eq!(parse_duration_secs("never"), Ok(0));
        assert!(parse_duration_secs("7y").is_err());
        assert!(parse_duration_secs("d").is_err());
        assert!(parse_duration_secs("99999999999999999999d").is_err());
    }

    #[test]
    fn vars_group_by_name() {
        let v = parse_vars(&["host=a".into(), "$host=b".into(), "env=".into()]).unwrap();
        assert_eq!(v["host"], vec!["a", "b"]);
        assert_eq!(v["env"], vec![""]);
        assert_eq!(parse_vars(&["x".into()]).unwrap_err().exit_code(), 2);
    }
}
