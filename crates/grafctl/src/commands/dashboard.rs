//! `grafctl dashboard`.

use crate::app::App;
use crate::error::{CliError, Outcome};

/// `grafctl dashboard` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `grafctl dashboard`.
pub async fn run(_app: &App, _args: Args) -> Result<Outcome, CliError> {
    Err(CliError::usage("grafctl dashboard is not built yet"))
}
