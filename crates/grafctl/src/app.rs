//! What every command that talks to Grafana runs with: the client, the
//! output, the concurrency limit and the progress bars.

use grafana_client::{BasicAuth, GrafanaApi, TokenAuth};

use crate::cli::Global;
use crate::config::{self, ConfigFile, EnvOverrides, Resolved};
use crate::error::CliError;
use crate::output::Output;
use crate::progress::Progress;

/// A command's environment.
pub struct App {
    /// The client for the chosen context (and `--org`).
    pub api: GrafanaApi,
    /// Where results go.
    pub out: Output,
    /// At most this many requests in flight (`--jobs`).
    pub jobs: usize,
    /// Progress bars (hidden with `-q` or without a terminal).
    pub progress: Progress,
    /// `-v` count.
    pub verbose: u8,
    /// `-q`.
    pub quiet: bool,
    /// Name of the context in use (`env` for the environment's).
    pub context_name: String,
}

impl App {
    /// The app for the context the global options, the environment and the
    /// configuration file choose (see `grafctl --help`).
    pub fn from_global(g: &Global) -> Result<App, CliError> {
        let path = config::config_path(g.config.as_deref())?;
        let file = ConfigFile::load(&path)?;
        let resolved = config::resolve(&file, g.context.as_deref(), &EnvOverrides::from_env())?;
        Self::build(g, resolved)
    }

    /// The app for the named context of the configuration file, whatever
    /// `--context` and the environment say (for commands that talk to two
    /// instances).
    pub fn for_context(g: &Global, name: &str) -> Result<App, CliError> {
        let path = config::config_path(g.config.as_deref())?;
        let file = ConfigFile::load(&path)?;
        let resolved = config::resolve(&file, Some(name), &EnvOverrides::from_env())?;
        Self::build(g, resolved)
    }

    fn build(g: &Global, resolved: Resolved) -> Result<App, CliError> {
        let Resolved {
            name,
            context: ctx,
            from_env,
        } = resolved;
        if ctx.url.trim().is_empty() {
            return Err(CliError::usage(format!("context {name:?} has no url"))
                .hint("grafctl context add NAME --url URL"));
        }
        let mut b = GrafanaApi::builder()
            .url(&ctx.url)
            .user_agent(concat!("grafctl/", env!("CARGO_PKG_VERSION")));
        if let Some(token) = &ctx.token {
            b = b.auth(TokenAuth::new(token.clone()));
        } else if let Some(cmd) = &ctx.token_command {
            b = b.auth(TokenAuth::new(config::run_token_command(cmd)?));
        } else if let Some(user) = &ctx.user {
            b = b.auth(BasicAuth::new(
                user.clone(),
                ctx.password.clone().unwrap_or_default(),
            ));
        }
        if let Some(org) = g.org.or(ctx.org) {
            b = b.organization_id(org);
        }
        if ctx.insecure_skip_verify {
            b = b.verify(false);
        }
        if let Some(ca) = &ctx.ca_file {
            b = b.ca_file(ca.clone());
        }
        let api = b
            .build()
            .map_err(|e| CliError::from(e).context(format!("context {name:?}")))?;
        if g.verbose > 0 {
            let via = if from_env.is_empty() {
                String::new()
            } else {
                format!(" (from {})", from_env.join(", "))
            };
            eprintln!(
                "using context {name:?}: {} as {}{via}",
                api.base_url(),
                ctx.auth_kind()
            );
        }
        Ok(App {
            api,
            out: Output::new(g.output, g.no_color),
            jobs: usize::from(g.jobs.max(1)),
            progress: Progress::new(g.quiet),
            verbose: g.verbose,
            quiet: g.quiet,
            context_name: name,
        })
    }

    /// A note on stderr for people (not shown with `-q`).
    pub fn note(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }
}
