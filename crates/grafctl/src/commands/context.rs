//! `grafctl context add|use|list|show|delete`: named contexts in the
//! configuration file (see [`crate::config`]). Secrets are never printed:
//! `show` and `list` mask them, and the file is written with mode 0600.

use std::io::Read;
use std::path::PathBuf;

use clap::Subcommand;
use serde_json::{json, Value};

use crate::cli::Global;
use crate::config::{self, ConfigFile, Context, EnvOverrides};
use crate::error::{CliError, Outcome};
use crate::output::{Output, Table};

/// `grafctl context` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: ContextCommand,
}

/// The context subcommands.
#[derive(Debug, Subcommand)]
pub enum ContextCommand {
    /// Add (or with --force replace) a context; the first one added becomes current.
    Add(AddArgs),
    /// Make a context the current one.
    Use {
        /// Context name.
        name: String,
    },
    /// List the contexts (secrets masked).
    List,
    /// Show one context, or the one in effect (secrets masked).
    Show {
        /// Context name [default: the one in effect, environment included].
        name: Option<String>,
    },
    /// Delete a context.
    Delete {
        /// Context name.
        name: String,
    },
}

/// `grafctl context add` arguments.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// Context name.
    pub name: String,
    /// Grafana's base URL, e.g. `https://grafana.example.com`.
    #[arg(long)]
    pub url: String,
    /// Token (visible in the shell history; prefer --token-stdin or --token-command).
    #[arg(long, conflicts_with_all = ["token_stdin", "token_command"])]
    pub token: Option<String>,
    /// Read the token from stdin.
    #[arg(long, conflicts_with_all = ["token_command", "password_stdin"])]
    pub token_stdin: bool,
    /// A shell command that prints the token (run at each use), e.g. `pass show grafana`.
    #[arg(long)]
    pub token_command: Option<String>,
    /// Basic-auth user.
    #[arg(long)]
    pub user: Option<String>,
    /// Basic-auth password (visible in the shell history; prefer --password-stdin).
    #[arg(long, requires = "user", conflicts_with = "password_stdin")]
    pub password: Option<String>,
    /// Read the basic-auth password from stdin.
    #[arg(long, requires = "user")]
    pub password_stdin: bool,
    /// Organization id.
    #[arg(long = "org-id", value_name = "ID")]
    pub org_id: Option<i64>,
    /// Do not verify TLS certificates.
    #[arg(long)]
    pub insecure_skip_verify: bool,
    /// Extra CA certificate (PEM) to trust.
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// Make it the current context.
    #[arg(long = "use")]
    pub make_current: bool,
    /// Replace a context of the same name.
    #[arg(long)]
    pub force: bool,
}

/// Runs `grafctl context ...` (needs no client).
pub async fn run(g: &Global, args: Args) -> Result<Outcome, CliError> {
    let path = config::config_path(g.config.as_deref())?;
    let mut file = ConfigFile::load(&path)?;
    let out = Output::new(g.output, g.no_color);
    match args.command {
        ContextCommand::Add(a) => {
            if file.contexts.contains_key(&a.name) && !a.force {
                return Err(CliError::general(format!("context {:?} exists", a.name))
                    .hint("pass --force to replace it"));
            }
            if a.name.trim().is_empty() {
                return Err(CliError::usage("a context needs a name"));
            }
            // checks the URL the way the client will read it
            grafana_client::GrafanaApi::builder()
                .url(&a.url)
                .build()
                .map_err(CliError::from)?;
            let token = if a.token_stdin {
                Some(read_stdin_secret("token")?)
            } else {
                a.token
            };
            let password = if a.password_stdin {
                Some(read_stdin_secret("password")?)
            } else {
                a.password
            };
            let ctx = Context {
                url: a.url,
                token,
                token_command: a.token_command,
                user: a.user,
                password,
                org: a.org_id,
                insecure_skip_verify: a.insecure_skip_verify,
                ca_file: a.ca_file,
            };
            file.contexts.insert(a.name.clone(), ctx);
            if a.make_current || file.current_context.is_none() {
                file.current_context = Some(a.name.clone());
            }
            file.save(&path)?;
            if !g.quiet {
                eprintln!("context {:?} saved in {}", a.name, path.display());
            }
        }
        ContextCommand::Use { name } => {
            file.get(&name)?;
            file.current_context = Some(name.clone());
            file.save(&path)?;
            if !g.quiet {
                eprintln!("current context is now {name:?}");
            }
        }
        ContextCommand::List => {
            let mut t = Table::new(&["CURRENT", "NAME", "URL", "AUTH", "ORG"]);
            let mut items = Vec::new();
            for (name, ctx) in &file.contexts {
                let current = file.current_context.as_deref() == Some(name);
                t.row(vec![
                    if current { "*".into() } else { String::new() },
                    name.clone(),
                    ctx.url.clone(),
                    ctx.auth_kind(),
                    ctx.org.map(|o| o.to_string()).unwrap_or_default(),
                ]);
                let mut m = ctx.masked();
                m["name"] = name.clone().into();
                m["current"] = current.into();
                items.push(m);
            }
            out.list(&t, &Value::Array(items))?;
        }
        ContextCommand::Show { name } => {
            let resolved = match &name {
                Some(n) => config::resolve(&file, Some(n), &EnvOverrides::from_env())?,
                None => config::resolve(&file, g.context.as_deref(), &EnvOverrides::from_env())?,
            };
            let mut m = json!({ "name": resolved.name });
            if let (Value::Object(dst), Value::Object(src)) = (&mut m, resolved.context.masked()) {
                dst.extend(src);
            }
            if let Some(org) = g.org.filter(|_| name.is_none()) {
                m["org"] = org.into();
            }
            if !resolved.from_env.is_empty() {
                m["from_env"] = resolved.from_env.clone().into();
            }
            m["config"] = path.display().to_string().into();
            out.object(&m)?;
        }
        ContextCommand::Delete { name } => {
            file.get(&name)?;
            file.contexts.remove(&name);
            if file.current_context.as_deref() == Some(name.as_str()) {
                file.current_context = None;
            }
            file.save(&path)?;
            if !g.quiet {
                eprintln!("context {name:?} deleted");
            }
        }
    }
    Ok(Outcome::ok())
}

fn read_stdin_secret(what: &str) -> Result<String, CliError> {
    let mut s = String::new();
    std::io::stdin()
        .take(64 * 1024)
        .read_to_string(&mut s)
        .map_err(|e| CliError::usage(format!("cannot read the {what} from stdin: {e}")))?;
    let s = s.trim().to_string();
    if s.is_empty() {
        return Err(CliError::usage(format!("stdin held no {what}")));
    }
    Ok(s)
}
