//! `grafana-bench`: whole-workload benchmarks of `grafana-client`.
//!
//! ```text
//! cargo run --release -p grafana-bench -- run      # full run, writes BENCHMARKS.md
//! cargo run -p grafana-bench -- smoke              # tiny sizes, 1 round (CI)
//! cargo run -p grafana-bench -- notes              # re-copy profiling.md into BENCHMARKS.md
//! cargo run --release -p grafana-bench -- run --only w2 --rounds 3 --out w2.md
//!                                                  # some workloads only
//! ```
//!
//! # Method
//!
//! The orchestrator (`run`, `smoke`):
//!
//! 1. checks, with a one-shot local TCP capture, that our client and the
//!    bare baseline send byte-identical request heads;
//! 2. starts the emulator once, as its own process (`grafana-bench
//!    serve-emulator`, the same library code as the `grafana-emulator`
//!    binary, with request recording off since nothing reads the log;
//!    `--emulator-bin` starts another binary instead);
//! 3. seeds it over HTTP as admin: a one-panel dashboard and its snapshot
//!    (W1), the W2 dashboards (`bench-w2-00000`, …) of ~50 KB each, and
//!    W4's TestData data source and 50-panel dashboard;
//! 4. runs, each round, W1 then W2 for every contender, in an order rotated
//!    every round (A B C D, then B C D A, …), then W3 for every decoder.
//!    Every W1/W2 measurement is a fresh process (`grafana-bench worker` or
//!    `python3 crates/bench/python/contender.py` in `.bench/venv`) that
//!    reports its timings and its own peak RSS (`VmHWM`) as JSON on stdout;
//!    W4 (a snapshot with data of the 50-panel dashboard,
//!    `share_dashboard().with_data()`, see `w4.rs`) runs for the async and
//!    the blocking client only;
//! 5. writes medians, min–max spreads and ratios as markdown.
//!
//! Contenders: our async client (W2: `buffer_unordered` on one task); our
//! async client with a spawned task per request (W2 only, `JoinSet` bounded
//! to the same number in flight, as `examples/concurrent.rs` shows); our
//! blocking client (W2: 32 threads sharing
//! one client); the baseline (reqwest + `serde_json::Value`, same pool size,
//! timeouts, user-agent and headers); the Python `grafana-client` 5.1.4
//! (sync for W1, `AsyncGrafanaApi` with `asyncio.gather` for W2), installed
//! into `.bench/venv` by the harness and skipped with a message when that
//! fails; and a raw hyper HTTP/1 loop that does not decode, to show what the
//! emulator alone can serve.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

mod backup;
mod capture;
mod orchestrator;
mod payload;
mod report;
mod stats;
mod w3;
mod w4;
mod worker;

use orchestrator::{Options, Sizes};

/// Whole-workload benchmarks of grafana-client.
#[derive(Debug, Parser)]
#[command(name = "grafana-bench")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Full run (issue sizes, 5 rounds); writes BENCHMARKS.md.
    Run(RunArgs),
    /// Tiny sizes, one round, every workload and contender (Python only if
    /// .bench/venv exists or --python is given). Prints the report.
    Smoke(RunArgs),
    /// Backup and restore of many dashboards: grafctl vs grafana-backup-tool;
    /// writes BENCHMARKS.md's backup section.
    Backup(backup::Args),
    /// (Internal) One contender's measurement; prints one JSON line.
    Worker(worker::WorkerArgs),
    /// (Profiling) Seeds a running emulator like a run does; prints the W1
    /// snapshot key.
    Seed {
        /// Base URL of the emulator.
        #[arg(long)]
        url: String,
        /// W2 dashboards to create.
        #[arg(long, default_value_t = 2_000)]
        w2_dashboards: usize,
    },
    /// Refreshes the notes at the end of a report (BENCHMARKS.md by default)
    /// from crates/bench/profiling.md, as a run would write them, leaving
    /// every measured figure untouched: for notes that discuss the figures
    /// of the run that wrote the report.
    Notes {
        /// Report file (default: BENCHMARKS.md at the workspace root).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// (Internal) Serves the emulator until killed or stdin closes.
    ServeEmulator {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:0")]
        listen: SocketAddr,
    },
}

#[derive(Debug, Clone, Args)]
struct RunArgs {
    /// Rounds (default: 5 for run, 1 for smoke).
    #[arg(long)]
    rounds: Option<usize>,
    /// W1 calls per measurement.
    #[arg(long)]
    w1_calls: Option<usize>,
    /// W2 dashboards per measurement.
    #[arg(long)]
    w2_dashboards: Option<usize>,
    /// Create .bench/venv and install grafana-client 5.1.4 if missing.
    #[arg(long)]
    python: bool,
    /// Leave Python out.
    #[arg(long, conflicts_with = "python")]
    no_python: bool,
    /// Report file (default: BENCHMARKS.md at the workspace root for a full
    /// run, none for smoke or `--only`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Start this emulator binary instead of `grafana-bench serve-emulator`.
    #[arg(long)]
    emulator_bin: Option<PathBuf>,
    /// Longest wait for a quiet machine before each measurement, in seconds
    /// (default: 120 for run, 0 for smoke).
    #[arg(long)]
    max_wait: Option<f64>,
    /// Run only these workloads (comma-separated: w1,w2,w3,w4); the report
    /// then has only their tables and goes to stdout unless `--out` is given.
    #[arg(long, value_enum, value_delimiter = ',')]
    only: Vec<orchestrator::Part>,
}

fn options(args: &RunArgs, full: bool) -> Options {
    let mut sizes = if full { Sizes::full() } else { Sizes::smoke() };
    let mut command = if full {
        "cargo run --release -p grafana-bench -- run".to_string()
    } else {
        "cargo run -p grafana-bench -- smoke".to_string()
    };
    if let Some(r) = args.rounds {
        sizes.rounds = r.max(1);
        command += &format!(" --rounds {r}");
    }
    if let Some(n) = args.w1_calls {
        sizes.w1_calls = n.max(1);
        command += &format!(" --w1-calls {n}");
    }
    if let Some(n) = args.w2_dashboards {
        sizes.w2_dashboards = n.max(1);
        command += &format!(" --w2-dashboards {n}");
    }
    if args.no_python {
        command += " --no-python";
    }
    if let Some(w) = args.max_wait {
        command += &format!(" --max-wait {w}");
    }
    if !args.only.is_empty() {
        let names: Vec<String> = args
            .only
            .iter()
            .filter_map(clap::ValueEnum::to_possible_value)
            .map(|v| v.get_name().to_string())
            .collect();
        command += &format!(" --only {}", names.join(","));
    }
    let out = match (&args.out, full) {
        (Some(p), _) => Some(p.clone()),
        // A partial run never replaces the full report.
        (None, true) if args.only.is_empty() => {
            Some(orchestrator::workspace_root().join("BENCHMARKS.md"))
        }
        (None, true) => None,
        (None, false) => None,
    };
    Options {
        sizes,
        python_install: full || args.python,
        no_python: args.no_python,
        out,
        emulator_bin: args.emulator_bin.clone(),
        max_wait_secs: args
            .max_wait
            .unwrap_or(if full { 120.0 } else { 0.0 })
            .max(0.0),
        command,
        only: args.only.clone(),
    }
}

fn serve_emulator(listen: SocketAddr) -> std::io::Result<()> {
    // Exit when the orchestrator goes away (its end of stdin closes), so a
    // crashed run leaves no emulator behind.
    std::thread::spawn(|| {
        let mut buf = [0u8; 512];
        while std::io::Read::read(&mut std::io::stdin(), &mut buf).is_ok_and(|n| n > 0) {}
        std::process::exit(0);
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        // Nothing reads this process's request log (it is only reachable
        // through the handle inside this process), so recording would only
        // cost CPU per request and memory over a run.
        let emu = grafana_emulator::Emulator::builder()
            .listen(listen)
            .record_requests(false)
            .start()
            .await?;
        println!("Grafana emulator listening on {}", emu.url());
        std::future::pending::<()>().await;
        Ok(())
    })
}

fn refresh_notes(out: Option<PathBuf>) -> Result<(), String> {
    let root = orchestrator::workspace_root();
    let out = out.unwrap_or_else(|| root.join("BENCHMARKS.md"));
    let notes_path = root.join("crates/bench/profiling.md");
    let notes = std::fs::read_to_string(&notes_path)
        .map_err(|e| format!("cannot read {}: {e}", notes_path.display()))?;
    let report =
        std::fs::read_to_string(&out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    let updated = report::replace_notes(&report, &notes).ok_or_else(|| {
        format!(
            "{} has no notes marker (written by an older harness): re-run the benchmark",
            out.display()
        )
    })?;
    std::fs::write(&out, updated).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    eprintln!("refreshed the notes of {}", out.display());
    Ok(())
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.cmd {
        Cmd::Run(args) => orchestrator::run(&options(&args, true)).map(|r| {
            println!("{}", r.markdown());
        }),
        Cmd::Smoke(args) => orchestrator::run(&options(&args, false)).and_then(|r| {
            println!("{}", r.markdown());
            let mut b = backup::Args::smoke();
            b.no_python =
                args.no_python || !orchestrator::workspace_root().join(".bench/venv").exists();
            backup::run(&b, "cargo run -p grafana-bench -- smoke")?;
            println!("smoke run: every workload ran for every contender");
            Ok(())
        }),
        Cmd::Backup(args) => {
            let mut command = "cargo run --release -p grafana-bench -- backup".to_string();
            if args.dashboards != 10_000 {
                command += &format!(" --dashboards {}", args.dashboards);
            }
            backup::run(&args, &command)
        }
        Cmd::Worker(args) => worker::run(&args).map(|m| {
            println!(
                "{}",
                serde_json::to_string(&m).expect("a measurement serializes")
            );
        }),
        Cmd::Seed { url, w2_dashboards } => {
            let sizes = Sizes {
                w2_dashboards,
                ..Sizes::full()
            };
            orchestrator::seed(&url, &sizes).map(|s| println!("{}", s.key))
        }
        Cmd::Notes { out } => refresh_notes(out),
        Cmd::ServeEmulator { listen } => serve_emulator(listen).map_err(|e| e.to_string()),
    };
    if let Err(e) = result {
        eprintln!("grafana-bench: {e}");
        std::process::exit(1);
    }
}
