//! `grafctl restore` (not built yet).

use crate::app::App;
use crate::error::{CliError, Outcome};

/// `grafctl restore` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `grafctl restore`.
pub async fn run(_app: &App, _args: Args) -> Result<Outcome, CliError> {
    Err(CliError::usage("grafctl restore is not built yet"))
}
