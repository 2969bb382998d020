//! The orchestrator: starts the emulator once (its own process), seeds it,
//! checks that our client and the baseline send identical requests, then
//! runs every workload for every contender, interleaved, for several rounds,
//! each contender in its own worker process.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use futures_util::{StreamExt as _, TryStreamExt as _};
use serde_json::json;

use crate::payload;
use crate::report::{Env, Report, Series};
use crate::stats::rotation;
use crate::w3::{self, Decoder, Payload, Payloads};
use crate::worker::{self, cpu_seconds_of, Measurement, RustContender, Workload};

/// Workload sizes and rounds.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Sizes {
    /// Rounds; contenders are interleaved within each.
    pub rounds: usize,
    /// W1: timed calls per measurement.
    pub w1_calls: usize,
    /// W2: dashboards fetched per measurement.
    pub w2_dashboards: usize,
    /// W2: size of each dashboard's JSON model, in bytes.
    pub w2_dashboard_bytes: usize,
    /// W2: requests (or threads) in flight.
    pub inflight: usize,
    /// Untimed warm-up operations per measurement.
    pub warmup: usize,
    /// W3: size of the large dashboard's JSON, in bytes.
    pub w3_dashboard_bytes: usize,
    /// W3: number of search hits.
    pub w3_hits: usize,
    /// W3: decodes per measurement.
    pub w3_iters: usize,
    /// W4: panels of the dashboard shared with data.
    pub w4_panels: usize,
    /// W4: snapshots per measurement.
    pub w4_snapshots: usize,
}

impl Sizes {
    /// The sizes.
    pub fn full() -> Sizes {
        Sizes {
            rounds: 5,
            w1_calls: 10_000,
            w2_dashboards: 2_000,
            w2_dashboard_bytes: 50_000,
            inflight: 32,
            warmup: 50,
            w3_dashboard_bytes: 5_000_000,
            w3_hits: 5_000,
            w3_iters: 10,
            w4_panels: 50,
            w4_snapshots: 20,
        }
    }

    /// Tiny sizes, so the harness is exercised in CI in seconds.
    pub fn smoke() -> Sizes {
        Sizes {
            rounds: 1,
            w1_calls: 20,
            w2_dashboards: 20,
            w2_dashboard_bytes: 50_000,
            inflight: 32,
            warmup: 2,
            w3_dashboard_bytes: 100_000,
            w3_hits: 50,
            w3_iters: 2,
            w4_panels: 50,
            w4_snapshots: 2,
        }
    }
}

/// A contender of the HTTP workloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contender {
    /// One of the Rust workers.
    Rust(RustContender),
    /// `python/contender.py` in the venv.
    Python,
}

impl Contender {
    /// Short id used as a key in the results.
    pub fn id(self) -> &'static str {
        match self {
            Contender::Rust(RustContender::Async) => "async",
            Contender::Rust(RustContender::AsyncSpawned) => "async-spawned",
            Contender::Rust(RustContender::Blocking) => "blocking",
            Contender::Rust(RustContender::Baseline) => "baseline",
            Contender::Rust(RustContender::RawHyper) => "raw-hyper",
            Contender::Python => "python",
        }
    }

    /// Name shown in the tables for this workload.
    pub fn label(self, w: Workload, inflight: usize) -> String {
        match (self, w) {
            (Contender::Rust(RustContender::Async), Workload::W1) => "grafana-client async".into(),
            (Contender::Rust(RustContender::Async), Workload::W2) => {
                format!("grafana-client async ({inflight} in flight)")
            }
            (Contender::Rust(RustContender::AsyncSpawned), Workload::W2) => {
                format!("grafana-client async, spawned (a task per request, {inflight} in flight)")
            }
            (Contender::Rust(RustContender::AsyncSpawned), w) => {
                format!("grafana-client async, spawned (no {w:?} run)")
            }
            (Contender::Rust(RustContender::Blocking), Workload::W1) => {
                "grafana-client blocking".into()
            }
            (Contender::Rust(RustContender::Blocking), Workload::W2) => {
                format!("grafana-client blocking ({inflight} threads, one client)")
            }
            (Contender::Rust(RustContender::Baseline), Workload::W1) => {
                "baseline: reqwest + serde_json::Value".into()
            }
            (Contender::Rust(RustContender::Baseline), Workload::W2) => {
                format!("baseline: reqwest + serde_json::Value ({inflight} in flight)")
            }
            (Contender::Rust(RustContender::RawHyper), Workload::W1) => {
                "emulator alone: raw hyper, no decoding".into()
            }
            (Contender::Rust(RustContender::RawHyper), Workload::W2) => {
                format!("emulator alone: raw hyper, {inflight} connections, no decoding")
            }
            (Contender::Python, Workload::W1) => "Python grafana-client (sync)".into(),
            (Contender::Python, Workload::W2) => {
                format!("Python grafana-client AsyncGrafanaApi ({inflight} in flight)")
            }
            (Contender::Rust(RustContender::Async), Workload::W4) => {
                "grafana-client async (share_dashboard().with_data(), 4 queries in flight)".into()
            }
            (Contender::Rust(RustContender::Blocking), Workload::W4) => {
                "grafana-client blocking (share_dashboard().with_data(), 4 queries in flight)"
                    .into()
            }
            (c, Workload::W4) => format!("{} (no W4 run)", c.id()),
        }
    }
}

/// Options of `run` and `smoke`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Sizes to run.
    pub sizes: Sizes,
    /// Create the venv if missing (always for `run`; `--python` for `smoke`).
    pub python_install: bool,
    /// Skip Python altogether.
    pub no_python: bool,
    /// Where to write the report (`None`: stdout only).
    pub out: Option<PathBuf>,
    /// An emulator binary to start instead of `grafana-bench serve-emulator`.
    pub emulator_bin: Option<PathBuf>,
    /// Longest wait for a quiet machine before each measurement, seconds.
    pub max_wait_secs: f64,
    /// The command line that reproduces this run (shown in the report).
    pub command: String,
    /// Workloads to run (`--only`); empty: all of them.
    pub only: Vec<Part>,
}

/// A workload `--only` can select.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Part {
    /// Sequential snapshot reads.
    W1,
    /// Dashboards with requests in flight.
    W2,
    /// Decoding in process.
    W3,
    /// Snapshots with data.
    W4,
}

impl Options {
    /// Whether this run includes workload `p`.
    fn wants(&self, p: Part) -> bool {
        self.only.is_empty() || self.only.contains(&p)
    }
}

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    p.canonicalize().unwrap_or(p)
}

/// The emulator process; killed (by its own pid) when dropped.
pub struct EmulatorProcess {
    child: Child,
    url: String,
}

impl EmulatorProcess {
    /// Starts the emulator on a free loopback port and waits until it
    /// listens.
    pub fn start(bin: Option<&Path>) -> Result<EmulatorProcess, String> {
        let mut cmd = match bin {
            Some(b) => Command::new(b),
            None => {
                let mut c = Command::new(std::env::current_exe().map_err(|e| e.to_string())?);
                c.arg("serve-emulator");
                c
            }
        };
        let mut child = cmd
            .args(["--listen", "127.0.0.1:0"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start the emulator: {e}"))?;
        let mut line = String::new();
        let stdout = child.stdout.take().ok_or("no emulator stdout")?;
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .ok_or_else(|| format!("unexpected emulator output: {line:?}"))?
            .to_string();
        let url = if url.ends_with('/') {
            url
        } else {
            format!("{url}/")
        };
        Ok(EmulatorProcess { child, url })
    }

    /// Base URL, ending with `/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// CPU seconds the emulator has used so far.
    pub fn cpu_seconds(&self) -> f64 {
        cpu_seconds_of(&self.child.id().to_string())
    }

    /// Peak RSS of the emulator, KiB.
    pub fn vmhwm_kb(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|n| n.parse().ok())
            })
            .unwrap_or(0)
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What seeding produced.
#[derive(Debug, Clone)]
pub struct Seeded {
    /// W1's snapshot key.
    pub key: String,
    /// Size of the W1 answer, bytes.
    pub w1_answer_bytes: usize,
    /// Size of one W2 answer, bytes.
    pub w2_answer_bytes: usize,
}

/// Seeds the emulator over HTTP as admin: W1's dashboard and snapshot,
/// W2's dashboards, and W4's TestData data source and dashboard.
pub fn seed(url: &str, sizes: &Sizes) -> Result<Seeded, String> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async {
        let err = |e: grafana_client::Error| e.to_string();
        let api = worker::our_async_client(url).map_err(err)?;
        let small = payload::dashboard("bench-w1", "Bench W1 dashboard", 1);
        api.dashboard()
            .update_dashboard(&json!({"dashboard": small, "overwrite": true}))
            .await
            .map_err(err)?;
        let dash = api
            .dashboard()
            .get_dashboard("bench-w1")
            .await
            .map_err(err)?;
        let snap = api
            .snapshots()
            .create_new_snapshot(&dash.dashboard)
            .name("Bench W1 snapshot")
            .await
            .map_err(err)?;
        let size = |path: String| {
            let url = format!("{url}{path}");
            async move {
                let client = worker::baseline_client().map_err(|e| e.to_string())?;
                worker::baseline_get(&client, &worker::baseline_headers(), &url)
                    .await
                    .map(|(_, n)| n)
            }
        };
        let w1_answer_bytes = size(format!("api/snapshots/{}", snap.key)).await?;
        futures_util::stream::iter(0..sizes.w2_dashboards)
            .map(|i| {
                let api = api.clone();
                let bytes = sizes.w2_dashboard_bytes;
                async move {
                    let uid = worker::w2_uid("bench-w2-", i);
                    let d = payload::dashboard(&uid, &format!("Bench W2 dashboard {i}"), bytes);
                    api.dashboard()
                        .update_dashboard(&json!({"dashboard": d, "overwrite": true}))
                        .await
                        .map(drop)
                }
            })
            .buffer_unordered(8)
            .try_collect::<Vec<()>>()
            .await
            .map_err(err)?;
        crate::w4::seed(&api, sizes.w4_panels).await?;
        let w2_answer_bytes = size(format!(
            "api/dashboards/uid/{}",
            worker::w2_uid("bench-w2-", 0)
        ))
        .await?;
        Ok(Seeded {
            key: snap.key,
            w1_answer_bytes,
            w2_answer_bytes,
        })
    })
}

/// The Python interpreter of the venv, or why Python is skipped.
fn python_setup(opts: &Options, root: &Path) -> Result<(PathBuf, serde_json::Value), String> {
    if opts.no_python {
        return Err("skipped: --no-python".into());
    }
    let venv = root.join(".bench/venv");
    let py = venv.join("bin/python");
    let script = root.join("crates/bench/python/contender.py");
    let versions = |py: &Path| -> Option<serde_json::Value> {
        let out = Command::new(py)
            .arg(&script)
            .arg("versions")
            .stderr(Stdio::null())
            .output()
            .ok()?;
        serde_json::from_slice(&out.stdout).ok()
    };
    if !py.exists() {
        if !opts.python_install {
            return Err(format!(
                "skipped: no virtualenv at {} (pass --python to create it)",
                venv.display()
            ));
        }
        eprintln!("creating {} ...", venv.display());
        let ok = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .map_err(|e| format!("skipped: python3 is not available ({e})"))?;
        if !ok.success() {
            return Err("skipped: `python3 -m venv` failed (is python3-venv installed?)".into());
        }
    }
    let wanted = |v: &serde_json::Value| v["grafana-client"] == "5.1.4";
    match versions(&py) {
        Some(v) if wanted(&v) => return Ok((py, v)),
        _ if !opts.python_install => {
            return Err("skipped: grafana-client 5.1.4 is not installed in .bench/venv (pass --python to install it)".into())
        }
        _ => {}
    }
    pip_install(&py, "grafana-client==5.1.4")?;
    match versions(&py) {
        Some(v) if wanted(&v) => Ok((py, v)),
        _ => Err("skipped: grafana-client 5.1.4 does not import after pip install".into()),
    }
}

/// CPU seconds, summed over all cores, the whole machine has been busy
/// (`/proc/stat`: everything but idle and iowait).
fn machine_busy_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let Some(line) = stat.lines().find(|l| l.starts_with("cpu ")) else {
        return 0.0;
    };
    let v: Vec<f64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    let total: f64 = v.iter().sum();
    let idle = v.get(3).copied().unwrap_or(0.0) + v.get(4).copied().unwrap_or(0.0);
    (total - idle) / 100.0
}

/// CPU seconds of this process and of its waited-for children
/// (`utime + stime + cutime + cstime`).
fn own_and_children_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit_once(") ").map_or("", |(_, r)| r);
    // Field 3 (state) is at index 0; utime, stime, cutime, cstime are
    // fields 14 to 17.
    let f: Vec<&str> = rest.split_whitespace().collect();
    (11..=14)
        .map(|i| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0))
        .sum::<f64>()
        / 100.0
}

/// Tracks CPU used on the machine by anything that is not this run (another
/// build, say), in cores.
struct ForeignLoad {
    started: Instant,
    busy: f64,
    ours: f64,
    emulator: f64,
}

impl ForeignLoad {
    fn start(emu: &EmulatorProcess) -> ForeignLoad {
        ForeignLoad {
            started: Instant::now(),
            busy: machine_busy_seconds(),
            ours: own_and_children_cpu_seconds(),
            emulator: emu.cpu_seconds(),
        }
    }

    /// Average cores used by others since `start` (after every child this
    /// run started has been waited for).
    fn cores(&self, emu: &EmulatorProcess) -> f64 {
        let wall = self.started.elapsed().as_secs_f64().max(1e-3);
        let foreign = (machine_busy_seconds() - self.busy)
            - (own_and_children_cpu_seconds() - self.ours)
            - (emu.cpu_seconds() - self.emulator);
        (foreign / wall).max(0.0)
    }
}

/// Waits (at most `max_wait_secs`; not at all when 0) until the machine is quiet: other
/// processes using less than 0.25 core over half a second. Returns the
/// seconds waited.
fn wait_until_quiet(emu: &EmulatorProcess, max_wait_secs: f64) -> f64 {
    if max_wait_secs <= 0.0 {
        return 0.0;
    }
    let started = Instant::now();
    let mut told = false;
    loop {
        let probe = ForeignLoad::start(emu);
        std::thread::sleep(std::time::Duration::from_millis(500));
        let load = probe.cores(emu);
        let waited = started.elapsed().as_secs_f64();
        if load < 0.25 || waited >= max_wait_secs {
            if told {
                eprintln!("... waited {waited:.0} s (other load now {load:.2} cores)");
            }
            return waited;
        }
        if !told {
            eprintln!("machine busy ({load:.2} cores used by other processes); waiting ...");
            told = true;
        }
    }
}

/// Whether a measurement during which other processes used `other` cores
/// is kept: when they used under 0.3 core, after the third try anyway, and
/// always when the run does not wait for a quiet machine (smoke).
fn keep(other: f64, tries: usize, opts: &Options) -> bool {
    other < 0.3 || tries >= 3 || opts.max_wait_secs <= 0.0
}

struct Ctx<'a> {
    url: &'a str,
    key: &'a str,
    sizes: &'a Sizes,
    python: Option<&'a Path>,
    script: PathBuf,
}

fn run_contender(c: Contender, w: Workload, ctx: &Ctx) -> Result<Measurement, String> {
    let count = match w {
        Workload::W1 => ctx.sizes.w1_calls,
        Workload::W2 => ctx.sizes.w2_dashboards,
        Workload::W4 => ctx.sizes.w4_snapshots,
    };
    let workload = clap::ValueEnum::to_possible_value(&w)
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    let mut cmd = match c {
        Contender::Rust(rc) => {
            let mut cmd = Command::new(std::env::current_exe().map_err(|e| e.to_string())?);
            let contender = clap::ValueEnum::to_possible_value(&rc)
                .map(|v| v.get_name().to_string())
                .unwrap_or_default();
            cmd.args(["worker", "--contender", &contender]);
            cmd.args(["--workload", &workload]);
            cmd
        }
        Contender::Python => {
            let mut cmd = Command::new(ctx.python.ok_or("no python")?);
            cmd.arg(&ctx.script);
            cmd.arg(&workload);
            cmd
        }
    };
    cmd.args(["--url", ctx.url, "--key", ctx.key]);
    cmd.args(["--count", &count.to_string()]);
    cmd.args(["--warmup", &ctx.sizes.warmup.to_string()]);
    cmd.args(["--inflight", &ctx.sizes.inflight.to_string()]);
    cmd.args(["--uid-prefix", "bench-w2-"]);
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot start {}: {e}", c.id()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "{} {:?} failed ({}): {}{}",
            c.id(),
            w,
            out.status,
            stdout.trim(),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let line = stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    serde_json::from_str(line).map_err(|e| format!("{} {:?}: bad output {line:?}: {e}", c.id(), w))
}

/// Runs everything and returns the report (also written to `opts.out`).
pub fn run(opts: &Options) -> Result<Report, String> {
    let started = Instant::now();
    let sizes = &opts.sizes;
    let root = workspace_root();

    eprintln!("checking that our client and the baseline send identical requests ...");
    let heads = crate::capture::compare_clients()?;
    for (what, ours, baseline) in &heads {
        if ours != baseline {
            return Err(format!(
                "{what}: request heads differ\nours:\n{ours}\nbaseline:\n{baseline}"
            ));
        }
    }

    let (python, python_versions, python_note) = match python_setup(opts, &root) {
        Ok((py, v)) => (Some(py), Some(v), None),
        Err(why) => {
            eprintln!("Python contender {why}");
            (None, None, Some(why))
        }
    };

    let emu = EmulatorProcess::start(opts.emulator_bin.as_deref())?;
    eprintln!("emulator at {}; seeding ...", emu.url());
    let seeded = seed(emu.url(), sizes)?;
    eprintln!(
        "seeded: W1 answer {} B, W2 answer {} B x {}",
        seeded.w1_answer_bytes, seeded.w2_answer_bytes, sizes.w2_dashboards
    );
    let ctx = Ctx {
        url: emu.url(),
        key: &seeded.key,
        sizes,
        python: python.as_deref(),
        script: root.join("crates/bench/python/contender.py"),
    };

    let mut w1: Vec<Contender> = vec![
        Contender::Rust(RustContender::Async),
        Contender::Rust(RustContender::Blocking),
        Contender::Rust(RustContender::Baseline),
        Contender::Rust(RustContender::RawHyper),
    ];
    if python.is_some() {
        w1.push(Contender::Python);
    }
    let mut w2 = w1.clone();
    w2.insert(1, Contender::Rust(RustContender::AsyncSpawned));
    let w4 = vec![
        Contender::Rust(RustContender::Async),
        Contender::Rust(RustContender::Blocking),
    ];
    let mut series: Vec<Series> = Vec::new();
    let mut push = |workload: &str, id: &str, label: String, m: Measurement| match series
        .iter_mut()
        .find(|s| s.workload == workload && s.id == id)
    {
        Some(s) => s.runs.push(m),
        None => series.push(Series {
            workload: workload.to_string(),
            id: id.to_string(),
            label,
            runs: vec![m],
            emulator_cpu: Vec::new(),
            foreign_load: Vec::new(),
        }),
    };
    let payloads = Payloads::new(sizes.w3_dashboard_bytes, sizes.w3_hits);
    let mut emulator_cpu: Vec<(String, String, f64)> = Vec::new();
    let mut foreign: Vec<(String, String, f64)> = Vec::new();
    let mut waited = 0.0;

    for round in 0..sizes.rounds {
        for (w, name, list) in [
            (Workload::W1, "W1", &w1),
            (Workload::W2, "W2", &w2),
            (Workload::W4, "W4", &w4),
        ] {
            let part = match w {
                Workload::W1 => Part::W1,
                Workload::W2 => Part::W2,
                Workload::W4 => Part::W4,
            };
            if !opts.wants(part) {
                continue;
            }
            for c in rotation(list, round) {
                let mut tries = 0;
                let (m, other, emu_cpu) = loop {
                    tries += 1;
                    waited += wait_until_quiet(&emu, opts.max_wait_secs);
                    let load = ForeignLoad::start(&emu);
                    let before = emu.cpu_seconds();
                    let m = run_contender(c, w, &ctx)?;
                    let other = load.cores(&emu);
                    let ops = (m.ops as usize + sizes.warmup + 1) as f64;
                    let emu_cpu = (emu.cpu_seconds() - before) / ops;
                    if keep(other, tries, opts) {
                        break (m, other, emu_cpu);
                    }
                    eprintln!("{name} {} discarded: other processes used {other:.2} cores meanwhile; again", c.id());
                };
                foreign.push((name.to_string(), c.id().to_string(), other));
                emulator_cpu.push((name.to_string(), c.id().to_string(), emu_cpu));
                eprintln!(
                    "round {}/{} {name} {:<10} {:>9.4} s  cpu {:>8.4} s  rss {:>7} KiB  other load {other:.2}",
                    round + 1,
                    sizes.rounds,
                    c.id(),
                    m.seconds,
                    m.cpu_seconds,
                    m.vmhwm_kb
                );
                push(name, c.id(), c.label(w, sizes.inflight), m);
            }
        }
        let w3 = if opts.wants(Part::W3) {
            &[
                (Payload::Dashboard, "W3-dashboard"),
                (Payload::Search, "W3-search"),
            ][..]
        } else {
            &[]
        };
        for &(p, name) in w3 {
            for d in rotation(&Decoder::ALL, round) {
                let id = format!("{d:?}").to_lowercase();
                let mut tries = 0;
                let (per, other) = loop {
                    tries += 1;
                    waited += wait_until_quiet(&emu, opts.max_wait_secs);
                    let load = ForeignLoad::start(&emu);
                    let per = w3::measure(d, p, &payloads, sizes.w3_iters)?;
                    let other = load.cores(&emu);
                    if keep(other, tries, opts) {
                        break (per, other);
                    }
                    eprintln!("{name} {id} discarded: other processes used {other:.2} cores meanwhile; again");
                };
                foreign.push((name.to_string(), id.clone(), other));
                eprintln!(
                    "round {}/{} {name} {:<40} {:>9.3} ms  other load {other:.2}",
                    round + 1,
                    sizes.rounds,
                    d.label(),
                    per * 1e3
                );
                push(
                    name,
                    &id,
                    d.label().to_string(),
                    Measurement {
                        seconds: per,
                        ops: 1,
                        bytes: payloads.bytes(p).len() as u64,
                        ..Measurement::default()
                    },
                );
            }
        }
    }
    for s in &mut series {
        let of = |list: &[(String, String, f64)]| -> Vec<f64> {
            list.iter()
                .filter(|(w, id, _)| *w == s.workload && *id == s.id)
                .map(|(_, _, c)| *c)
                .collect()
        };
        s.emulator_cpu = of(&emulator_cpu);
        s.foreign_load = of(&foreign);
    }

    let report = Report {
        env: Env::detect(&root, python_versions, python_note),
        sizes: sizes.clone(),
        command: opts.command.clone(),
        series,
        heads,
        w1_answer_bytes: seeded.w1_answer_bytes,
        w2_answer_bytes: seeded.w2_answer_bytes,
        w3_dashboard_bytes: payloads.dashboard.len(),
        w3_search_bytes: payloads.search.len(),
        emulator_peak_kb: emu.vmhwm_kb(),
        elapsed_secs: started.elapsed().as_secs_f64(),
        waited_secs: waited,
        notes: std::fs::read_to_string(root.join("crates/bench/profiling.md")).ok(),
    };
    drop(emu);
    let mut md = report.markdown();
    if let Some(out) = &opts.out {
        // keep the figures of the last `backup` run
        if let Some(old) = std::fs::read_to_string(out)
            .ok()
            .as_deref()
            .and_then(crate::backup::existing_section)
        {
            md = crate::backup::replace_section(&md, old);
        }
        std::fs::write(out, &md).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        eprintln!("wrote {}", out.display());
    }
    Ok(report)
}

/// `pip install -q <spec>` with the venv's python; a skip reason when pip is
/// missing or the install fails.
pub(crate) fn pip_install(py: &Path, spec: &str) -> Result<(), String> {
    eprintln!("pip install {spec} ...");
    let out = Command::new(py)
        .args(["-m", "pip", "install", "-q", spec])
        .output()
        .map_err(|e| format!("skipped: pip is not available ({e})"))?;
    if !out.status.success() {
        return Err(format!(
            "skipped: `pip install {spec}` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(())
}
