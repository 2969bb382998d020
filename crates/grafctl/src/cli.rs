//! The command line: global options and the command tree (clap derive).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands;
use crate::output::Format;

const AFTER_HELP: &str = "\
Connection:
  The context comes from --context NAME, else from the environment, else from the
  configuration file's current context (grafctl context use NAME). Environment
  variables win over the file's current context (not over --context):
    GRAFANA_URL or GRAFANA_SERVER   Grafana's URL (starts a one-shot context named `env`)
    GRAFANA_TOKEN                   service-account or API token
    GRAFANA_USER, GRAFANA_PASSWORD  basic auth (when there is no token)
    GRAFANA_ORG_ID                  organization id (X-Grafana-Org-Id)
    GRAFCTL_CONFIG                  configuration file (as --config)
    NO_COLOR                        no colour (as --no-color)

Exit codes:
  0 ok, 1 error, 2 usage error, 3 authentication or permission refused (401/403),
  4 partial failure (the failed items are listed at the end)";

/// grafctl: share, export, find and replace, back up and restore Grafana.
#[derive(Debug, Parser)]
#[command(name = "grafctl", version, about, after_long_help = AFTER_HELP, after_help = AFTER_HELP)]
pub struct Cli {
    /// Options for every command.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// Configuration file [default: $XDG_CONFIG_HOME/grafctl/config.toml].
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Context to use (overrides GRAFANA_* variables and the current context).
    #[arg(long, global = true, value_name = "NAME")]
    pub context: Option<String>,
    /// Organization id to act in (overrides the context's).
    #[arg(long, global = true, value_name = "ID")]
    pub org: Option<i64>,
    /// Output format.
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = Format::Table)]
    pub output: Format,
    /// Requests in flight at once for work over many objects.
    #[arg(long, global = true, default_value_t = 8, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: u16,
    /// More detail on stderr (-v: requests, -vv: debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// No progress bars and no notes on stderr (errors still are).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// No colour.
    #[arg(long, global = true)]
    pub no_color: bool,
}

impl Default for Global {
    fn default() -> Self {
        Global {
            config: None,
            context: None,
            org: None,
            output: Format::Table,
            jobs: 8,
            verbose: 0,
            quiet: false,
            no_color: false,
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage named contexts (Grafana URL, credentials, org) in the config file.
    Context(commands::context::Args),
    /// Share a dashboard as a snapshot (optionally with its data), list, get, delete.
    Snapshot(commands::snapshot::Args),
    /// Get, list, export, import dashboards; versions, diff and restore.
    Dashboard(commands::dashboard::Args),
    /// Find a regex in dashboards, library panels, alert rules and data sources.
    Find(commands::find::FindArgs),
    /// Replace a regex in dashboards, library panels, alert rules and data sources.
    Replace(commands::find::ReplaceArgs),
    /// Back up an instance to a directory.
    Backup(commands::backup::Args),
    /// Restore a backup directory into an instance.
    Restore(commands::restore::Args),
    /// Compare two backups or instances.
    Diff(commands::diff::Args),
    /// Copy objects from one context to another.
    Sync(commands::sync::Args),
}
