//! `grafana-emulator`: run the Grafana API emulator as a standalone server.
//!
//! ```text
//! grafana-emulator --listen 127.0.0.1:3000 [--admin-password P] [--seed demo] [--version V]
//! ```

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
    /// Grafana version to report (health, frontend settings).
    #[arg(long, default_value = grafana_emulator::DEFAULT_VERSION)]
    version: String,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Seed {
    /// The demo folder and dashboards.
    Demo,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let mut builder = Emulator::builder()
        .listen(args.listen)
        .admin_password(&args.admin_password)
        .version(&args.version);
    if matches!(args.seed, Some(Seed::Demo)) {
        builder = builder.seed_demo();
    }
    let emu = builder.start().await?;
    println!("Grafana emulator listening on {}", emu.url());
    tokio::signal::ctrl_c().await?;
    emu.shutdown().await;
    Ok(())
}
