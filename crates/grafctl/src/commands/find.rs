//! `grafctl find` and `grafctl replace`.

use crate::app::App;
use crate::error::{CliError, Outcome};

/// `grafctl find` arguments.
#[derive(Debug, clap::Args)]
pub struct FindArgs {}

/// `grafctl replace` arguments.
#[derive(Debug, clap::Args)]
pub struct ReplaceArgs {}

/// Runs `grafctl find`.
pub async fn run(_app: &App, _args: FindArgs) -> Result<Outcome, CliError> {
    Err(CliError::usage("grafctl find is not built yet"))
}

/// Runs `grafctl replace`.
pub async fn replace(_app: &App, _args: ReplaceArgs) -> Result<Outcome, CliError> {
    Err(CliError::usage("grafctl replace is not built yet"))
}
