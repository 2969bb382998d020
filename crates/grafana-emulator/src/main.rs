//! `grafana-emulator`: run the Grafana API emulator as a standalone server.
//!
//! ```text
//! grafana-emulator --listen 127.0.0.1:3000 [--admin-password P] [--seed demo]
//!                  [--grafana-version 11.6|12.x|13.0] [--plugin-admin-enabled] [--enterprise]
//! ```
//!
//! `--version` is an alias of `--grafana-version`.

use std::net::SocketAddr;

use clap::{Parser, ValueEnum};
use grafana_emulator::Emulator;

/// An in-memory stand-in for the Grafana HTTP API.
#[derive(Debug, Parser)]
#[command(name = "grafana-emulator")]
struct Args {
    /// Address to listen on.
    #[arg(
        long,
        default_value = "127.0.0.1:3000",
        env = "GRAFANA_EMULATOR_LISTEN"
    )]
    listen: SocketAddr,
    /// Password of the built-in `admin` user.
    #[arg(long, default_value = "admin", env = "GRAFANA_EMULATOR_ADMIN_PASSWORD")]
    admin_password: String,
    /// Data to seed.
    #[arg(long, value_enum)]
    seed: Option<Seed>,
    /// Grafana version to emulate (`11.6`, `12.x`, `13.0` or a full
    /// `x.y.z`): reported by health, frontend settings and bootdata, and
    /// followed where releases answer differently.
    #[arg(
        long = "grafana-version",
        visible_alias = "version",
        default_value = grafana_emulator::DEFAULT_VERSION,
        env = "GRAFANA_EMULATOR_VERSION"
    )]
    grafana_version: String,
    /// Serve plugin install/uninstall (`[plugins] plugin_admin_enabled`).
    #[arg(long)]
    plugin_admin_enabled: bool,
    /// Serve the Grafana Enterprise routes the client uses (RBAC roles, team
    /// groups, data-source permissions), minimally.
    #[arg(long)]
    enterprise: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Seed {
    /// A small realistic instance: two orgs, users, a team, a service
    /// account, TestData and Prometheus-like data sources, nested folders,
    /// dashboards (rows, a library panel, template variables), annotations
    /// and an alert rule with its contact point and policy.
    Demo,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let mut builder = Emulator::builder()
        .listen(args.listen)
        .admin_password(&args.admin_password)
        .version(&args.grafana_version)
        .plugin_admin_enabled(args.plugin_admin_enabled)
        .enterprise(args.enterprise);
    if matches!(args.seed, Some(Seed::Demo)) {
        builder = builder.seed_demo();
    }
    let emu = builder.start().await?;
    println!(
        "Grafana emulator (Grafana {}) listening on {}",
        emu.settings().version,
        emu.url()
    );
    tokio::signal::ctrl_c().await?;
    emu.shutdown().await;
    Ok(())
}
