//! `grafctl`, the command-line tool for Grafana, built on the
//! [`grafana_client`] crate. This library is the tool's implementation (the
//! `grafctl` binary is a thin `main` over [`run_cli`]); its API follows the
//! tool, not semver.
//!
//! Exit codes: 0 ok, 1 error, 2 usage error, 3 authentication or permission
//! refused (401/403), 4 partial failure (the failed items are listed at the
//! end). See [`error`].

#![warn(missing_docs)]

pub mod app;
pub mod bundle;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod fsutil;
pub mod jsondiff;
pub mod output;
pub mod progress;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::error::{CliError, Outcome};

/// Parses the command line, runs the command and returns the exit code.
pub fn run_cli() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // help and --version print and exit 0; usage errors exit 2
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    init_logging(cli.global.verbose);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(dispatch(cli));
    finish(result)
}

/// `-v` shows the client's request log (method, path, status; never a
/// credential), `-vv` debug detail.
fn init_logging(verbose: u8) {
    use tracing_subscriber::filter::LevelFilter;
    let level = match verbose {
        0 => return,
        1 => LevelFilter::INFO,
        2 => LevelFilter::DEBUG,
        _ => LevelFilter::TRACE,
    };
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

/// Runs the parsed command.
pub async fn dispatch(cli: Cli) -> Result<Outcome, CliError> {
    let g = cli.global;
    match cli.command {
        Command::Context(args) => commands::context::run(&g, args).await,
        Command::Snapshot(args) => {
            commands::snapshot::run(&crate::app::App::from_global(&g)?, args).await
        }
        Command::Dashboard(args) => {
            commands::dashboard::run(&crate::app::App::from_global(&g)?, args).await
        }
        Command::Find(args) => commands::find::run(&crate::app::App::from_global(&g)?, args).await,
        Command::Replace(args) => {
            commands::find::replace(&crate::app::App::from_global(&g)?, args).await
        }
        Command::Backup(args) => {
            commands::backup::run(&crate::app::App::from_global(&g)?, args).await
        }
        Command::Restore(args) => {
            commands::restore::run(&crate::app::App::from_global(&g)?, args).await
        }
        Command::Diff(args) => commands::diff::run(&g, args).await,
        Command::Sync(args) => commands::sync::run(&g, args).await,
    }
}

/// Prints the failures or the error and returns the exit code.
pub fn finish(result: Result<Outcome, CliError>) -> ExitCode {
    match result {
        Ok(outcome) if outcome.is_ok() => ExitCode::SUCCESS,
        Ok(outcome) => {
            eprintln!("{} failed:", outcome.failures.len());
            for f in &outcome.failures {
                eprintln!("  - {}", crate::output::clean_line(f));
            }
            ExitCode::from(crate::error::ErrorKind::Partial.exit_code())
        }
        Err(e) => {
            eprintln!("error: {}", crate::output::clean_line(&e.to_string()));
            ExitCode::from(e.exit_code())
        }
    }
}
