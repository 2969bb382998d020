//! `grafctl backup` (not built yet).

use crate::app::App;
use crate::error::{CliError, Outcome};

/// `grafctl backup` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `grafctl backup`.
pub async fn run(_app: &App, _args: Args) -> Result<Outcome, CliError> {
    Err(CliError::usage("grafctl backup is not built yet"))
}
