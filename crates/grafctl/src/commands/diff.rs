//! `grafctl diff` (not built yet).

use crate::cli::Global;
use crate::error::{CliError, Outcome};

/// `grafctl diff` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `grafctl diff`; it talks to two instances, so it builds its own
/// [`App`](crate::app::App)s from the global options
/// (`App::from_global`, `App::for_context`).
pub async fn run(_global: &Global, _args: Args) -> Result<Outcome, CliError> {
    Err(CliError::usage("grafctl diff is not built yet"))
}
