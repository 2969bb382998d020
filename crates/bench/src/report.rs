//! The results and their markdown rendering (`BENCHMARKS.md`).

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use crate::orchestrator::Sizes;
use crate::stats::{fmt_num, fmt_ratio, ratio, Summary};
use crate::worker::Measurement;

/// The machine and the versions a run used.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// CPU model (`/proc/cpuinfo`).
    pub cpu: String,
    /// Logical cores.
    pub cores: usize,
    /// Memory, GiB.
    pub ram_gib: f64,
    /// Kernel release.
    pub kernel: String,
    /// `rustc -V`.
    pub rustc: String,
    /// `(crate, version)` from `Cargo.lock`.
    pub crates: Vec<(String, String)>,
    /// The Python contender's versions (`contender.py versions`).
    pub python: Option<serde_json::Value>,
    /// Why Python was skipped, when it was.
    pub python_note: Option<String>,
}

impl Env {
    /// Reads the machine and the versions.
    pub fn detect(
        root: &Path,
        python: Option<serde_json::Value>,
        python_note: Option<String>,
    ) -> Env {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find(|l| l.starts_with("model name"))
            .and_then(|l| l.split_once(':'))
            .map_or("unknown".to_string(), |(_, v)| v.trim().to_string());
        let cores = std::thread::available_parallelism().map_or(0, usize::from);
        let ram_gib = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|m| {
                m.lines()
                    .find(|l| l.starts_with("MemTotal:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|n| n.parse::<f64>().ok())
            })
            .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
        let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .map_or("unknown".into(), |s| s.trim().to_string());
        let rustc = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
            .arg("-V")
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "unknown".into());
        let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
        let crates = [
            "grafana-client",
            "reqwest",
            "hyper",
            "serde_json",
            "serde",
            "tokio",
        ]
        .iter()
        .map(|name| (name.to_string(), lock_version(&lock, name)))
        .collect();
        Env {
            cpu,
            cores,
            ram_gib,
            kernel,
            rustc,
            crates,
            python,
            python_note,
        }
    }
}

/// The version of `name` in a `Cargo.lock` (the first entry), or `?`.
pub fn lock_version(lock: &str, name: &str) -> String {
    let needle = format!("name = \"{name}\"\n");
    lock.find(&needle)
        .and_then(|i| lock[i + needle.len()..].lines().next())
        .and_then(|l| l.strip_prefix("version = \""))
        .and_then(|l| l.strip_suffix('"'))
        .unwrap_or("?")
        .to_string()
}

/// W1 goal: how many times faster than Python sync the async client should be.
const W1_PYTHON_GOAL: f64 = 15.0;
/// W2 goal: how many times Python async's throughput the async client should reach.
const W2_PYTHON_GOAL: f64 = 5.0;

/// Marks where the notes (`crates/bench/profiling.md`) start in a report, so
/// that [`replace_notes`] can refresh them without touching the figures.
pub const NOTES_MARKER: &str =
    "<!-- Everything below is crates/bench/profiling.md, copied by the harness. -->";

/// The notes as the report ends with them: the marker, then the notes.
pub fn notes_section(notes: &str) -> String {
    format!("{NOTES_MARKER}\n\n{}\n", notes.trim_end())
}

/// `report` with its notes (everything from [`NOTES_MARKER`] on) replaced by
/// `notes`, exactly as a run would have written them; `None` when the report
/// has no marker (written before the marker existed: re-run instead).
pub fn replace_notes(report: &str, notes: &str) -> Option<String> {
    let at = report.find(NOTES_MARKER)?;
    Some(format!("{}{}", &report[..at], notes_section(notes)))
}

/// Every measurement of one contender on one workload.
#[derive(Debug, Clone)]
pub struct Series {
    /// `W1`, `W2`, `W3-dashboard`, `W3-search`.
    pub workload: String,
    /// Contender id (`async`, `baseline`, `python`, …).
    pub id: String,
    /// Name shown in the tables.
    pub label: String,
    /// One measurement per round.
    pub runs: Vec<Measurement>,
    /// Emulator CPU seconds per request, per round (HTTP workloads).
    pub emulator_cpu: Vec<f64>,
    /// Cores used by other processes on the machine during each measurement.
    pub foreign_load: Vec<f64>,
}

impl Series {
    fn summary(&self, f: impl Fn(&Measurement) -> f64) -> Option<Summary> {
        Summary::of(&self.runs.iter().map(f).collect::<Vec<_>>())
    }

    /// Median etc. of the timed seconds.
    pub fn seconds(&self) -> Option<Summary> {
        self.summary(|m| m.seconds)
    }

    /// Median of client CPU seconds per op.
    fn cpu_per_op(&self) -> Option<f64> {
        self.summary(|m| m.cpu_seconds / m.ops.max(1) as f64)
            .map(|s| s.median)
    }

    /// Peak RSS (KiB) over the rounds: median and max.
    pub fn rss(&self) -> Option<Summary> {
        self.summary(|m| m.vmhwm_kb as f64)
    }
}

/// A full run's results.
#[derive(Debug, Clone)]
pub struct Report {
    /// Machine and versions.
    pub env: Env,
    /// Sizes run.
    pub sizes: Sizes,
    /// Command that reproduces the run.
    pub command: String,
    /// All series.
    pub series: Vec<Series>,
    /// `(call, our head, baseline head)` of the request check.
    pub heads: Vec<(String, String, String)>,
    /// Size of the W1 answer.
    pub w1_answer_bytes: usize,
    /// Size of one W2 answer.
    pub w2_answer_bytes: usize,
    /// Size of the W3 dashboard answer.
    pub w3_dashboard_bytes: usize,
    /// Size of the W3 search answer.
    pub w3_search_bytes: usize,
    /// Emulator's peak RSS at the end, KiB.
    pub emulator_peak_kb: u64,
    /// Wall time of the whole run.
    pub elapsed_secs: f64,
    /// Seconds spent waiting for a quiet machine.
    pub waited_secs: f64,
    /// Extra notes appended to the report (`crates/bench/profiling.md`).
    pub notes: Option<String>,
}

/// One goal of the issue and where the run stands.
#[derive(Debug, Clone)]
pub struct Goal {
    /// What is asked.
    pub goal: String,
    /// The measured value, formatted.
    pub measured: String,
    /// `Some(true)` met, `Some(false)` missed, `None` not measured.
    pub met: Option<bool>,
}

impl Report {
    /// The series of `workload` by contender id.
    pub fn get(&self, workload: &str, id: &str) -> Option<&Series> {
        self.series
            .iter()
            .find(|s| s.workload == workload && s.id == id)
    }

    fn median(&self, workload: &str, id: &str) -> Option<f64> {
        self.get(workload, id)
            .and_then(Series::seconds)
            .map(|s| s.median)
    }

    /// The issue's goals, evaluated on this run's medians.
    pub fn goals(&self) -> Vec<Goal> {
        let mut goals = Vec::new();
        let mut add = |goal: &str, value: Option<f64>, shown: String, ok: &dyn Fn(f64) -> bool| {
            goals.push(Goal {
                goal: goal.to_string(),
                measured: if value.is_some() {
                    shown
                } else {
                    "not measured".into()
                },
                met: value.map(ok),
            });
        };
        let r = ratio(self.median("W1", "async"), self.median("W1", "baseline"));
        add(
            "W1: async client ≤ 1.05× the bare baseline's time",
            r,
            format!("{} of the baseline's time", fmt_ratio(r)),
            &|r| r <= 1.05,
        );
        let r = ratio(self.median("W1", "python"), self.median("W1", "async"));
        add(
            &format!("W1: async client ≥ {W1_PYTHON_GOAL}× faster than Python sync"),
            r,
            format!("{} faster", fmt_ratio(r)),
            &|r| r >= W1_PYTHON_GOAL,
        );
        let r = ratio(self.median("W2", "baseline"), self.median("W2", "async"));
        add(
            "W2: async client ≥ 0.95× the bare baseline's throughput",
            r,
            format!("{} of the baseline's throughput", fmt_ratio(r)),
            &|r| r >= 0.95,
        );
        let r = ratio(self.median("W2", "python"), self.median("W2", "async"));
        add(
            &format!("W2: async client ≥ {W2_PYTHON_GOAL}× Python async's throughput"),
            r,
            format!("{} Python's throughput", fmt_ratio(r)),
            &|r| r >= W2_PYTHON_GOAL,
        );
        for (w, what) in [
            ("W3-dashboard", "5 MB dashboard"),
            ("W3-search", "search hits"),
        ] {
            let r = ratio(self.median(w, "client"), self.median(w, "value"));
            add(
                &format!("W3 ({what}): typed decoding (client path) ≤ 1.5× serde_json::Value"),
                r,
                format!("{} of Value's time", fmt_ratio(r)),
                &|r| r <= 1.5,
            );
        }
        for id in ["async", "blocking"] {
            let rss = self
                .get("W2", id)
                .and_then(Series::rss)
                .map(|s| s.max / 1024.0);
            add(
                &format!("W2: peak RSS of the {id} client ≤ 64 MB"),
                rss,
                format!("{} MiB (max over rounds)", fmt_num(rss.unwrap_or(0.0))),
                &|mb| mb <= 64.0,
            );
        }
        goals
    }

    /// The report as markdown.
    pub fn markdown(&self) -> String {
        let mut o = String::new();
        let s = &self.sizes;
        let e = &self.env;
        let _ = writeln!(o, "# Benchmarks\n");
        let _ = writeln!(
            o,
            "Whole-workload benchmarks of `grafana-client` against a bare reqwest baseline, \
             the Python `grafana-client` package and the emulator alone. Generated by the \
             harness in `crates/bench` (see its `src/main.rs` for the method); do not edit \
             by hand, re-run instead.\n"
        );
        let _ = writeln!(o, "## Reproduce\n");
        let _ = writeln!(o, "```sh\n{}\n```\n", self.command);
        let _ = writeln!(
            o,
            "{} rounds; contenders interleaved and rotated each round; each contender \
             runs in its own process (fresh connection pool, its own peak RSS), after \
             {} untimed warm-up calls. The emulator runs once, in its own process, for \
             the whole run. Figures are medians over the rounds, spread is min–max. \
             Before each measurement the harness waits (up to 2 minutes) until other \
             processes use less than a quarter of a core, records how much CPU they used \
             during the measurement (\"other load\"), and runs the measurement again \
             (up to 3 tries) when that was 0.3 core or more. Whole run: {:.0} s, of \
             which {:.0} s waiting for a quiet machine.\n",
            s.rounds, s.warmup, self.elapsed_secs, self.waited_secs
        );
        let _ = writeln!(o, "## Machine and versions\n");
        let _ = writeln!(o, "| | |\n|---|---|");
        let _ = writeln!(o, "| CPU | {} ({} cores) |", e.cpu, e.cores);
        let _ = writeln!(o, "| RAM | {:.1} GiB |", e.ram_gib);
        let _ = writeln!(o, "| Kernel | Linux {} |", e.kernel);
        let _ = writeln!(o, "| Rust | {} (release profile) |", e.rustc);
        let _ = writeln!(
            o,
            "| serde_json numbers | `float_roundtrip`{} |",
            if cfg!(feature = "exact-numbers") {
                ", `arbitrary_precision` (grafana-client's `exact-numbers`)"
            } else {
                " (grafana-client's default; no `arbitrary_precision`)"
            }
        );
        let crates: Vec<String> = e.crates.iter().map(|(n, v)| format!("{n} {v}")).collect();
        let _ = writeln!(o, "| Crates | {} |", crates.join(", "));
        match (&e.python, &e.python_note) {
            (Some(p), _) => {
                let _ = writeln!(
                    o,
                    "| Python | CPython {}, grafana-client {}, niquests {} (`.bench/venv`) |",
                    p["python"].as_str().unwrap_or("?"),
                    p["grafana-client"].as_str().unwrap_or("?"),
                    p["niquests"].as_str().unwrap_or("?")
                );
            }
            (None, Some(note)) => {
                let _ = writeln!(o, "| Python | {note} |");
            }
            (None, None) => {}
        }
        let _ = writeln!(o);

        self.w1_table(&mut o);
        self.w2_table(&mut o);
        self.w3_table(&mut o);
        self.w4_table(&mut o);

        let _ = writeln!(o, "## Goals\n");
        let _ = writeln!(o, "| Goal | Measured | Status |\n|---|---|---|");
        for g in self.goals() {
            let status = match g.met {
                Some(true) => "met",
                Some(false) => "**missed**",
                None => "not measured",
            };
            let _ = writeln!(o, "| {} | {} | {} |", g.goal, g.measured, status);
        }
        let _ = writeln!(o);
        let ceiling = |w: &str| ratio(self.median(w, "python"), self.median(w, "raw-hyper"));
        if let (Some(c1), Some(c2)) = (ceiling("W1"), ceiling("W2")) {
            let below: Vec<String> = [("W1", c1, W1_PYTHON_GOAL), ("W2", c2, W2_PYTHON_GOAL)]
                .iter()
                .filter(|(_, c, goal)| c < goal)
                .map(|(w, _, goal)| format!("{w}'s {goal}×"))
                .collect();
            let verdict = if below.is_empty() {
                format!(
                    "above the {W1_PYTHON_GOAL}× and {W2_PYTHON_GOAL}× asked for, so the emulator \
                     does not stop a client from reaching the ratios to Python"
                )
            } else {
                format!(
                    "so no client can reach {} against this emulator on this machine",
                    below.join(" or ")
                )
            };
            let _ = writeln!(
                o,
                "Ceiling set by the emulator on this machine: a client that costs nothing (the raw \
                 hyper loop, which does not even decode) is {} faster than Python on W1 and {} on W2, \
                 {verdict}. Client CPU time per call (tables above) is the figure the emulator does \
                 not cap.\n",
                fmt_ratio(Some(c1)),
                fmt_ratio(Some(c2))
            );
        }

        let _ = writeln!(o, "## Identical requests\n");
        let _ = writeln!(
            o,
            "Checked at the start of every run: a one-shot local TCP capture records the \
             request head each client sends; our client's and the baseline's must be \
             byte-identical (the run stops otherwise). The raw hyper loop sends the same \
             four headers.\n"
        );
        for (what, ours, baseline) in &self.heads {
            let same = if ours == baseline {
                "identical"
            } else {
                "DIFFERENT"
            };
            let _ = writeln!(o, "{what} ({same}):\n\n```http\n{}```\n", ours);
        }
        if let Some(notes) = &self.notes {
            o.push_str(&notes_section(notes));
        }
        o
    }

    /// "Other load" over every measurement of these workloads.
    fn foreign_line(&self, o: &mut String, prefix: &str) {
        let all: Vec<f64> = self
            .series
            .iter()
            .filter(|x| x.workload.starts_with(prefix))
            .flat_map(|x| x.foreign_load.iter().copied())
            .collect();
        if let Some(f) = Summary::of(&all) {
            let _ = writeln!(
                o,
                "\nOther load on the machine during these measurements: median {} cores, max {} cores.",
                fmt_num(f.median),
                fmt_num(f.max)
            );
        }
    }

    fn row_ratio_time(&self, w: &str, sr: &Series) -> (String, String) {
        let me = sr.seconds().map(|s| s.median);
        let vs_base = ratio(me, self.median(w, "baseline"));
        let vs_py = ratio(self.median(w, "python"), me);
        (fmt_ratio(vs_base), fmt_ratio(vs_py))
    }

    fn w1_table(&self, o: &mut String) {
        let s = &self.sizes;
        let _ = writeln!(
            o,
            "## W1: {} sequential `get_snapshot_by_key` calls\n\nPer-call overhead. Each answer is {} bytes of JSON (a one-panel dashboard snapshot). \
             \"vs baseline\" is time ÷ the baseline's time (lower is better); \"Python ÷ this\" is how many times faster than Python sync. \
             CPU columns: CPU time per call of the contender's process and of the emulator's.\n",
            s.w1_calls, self.w1_answer_bytes
        );
        let _ = writeln!(
            o,
            "| Contender | Median | Spread (min–max) | Per call | Client CPU / call | Emulator CPU / call | vs baseline | Python ÷ this |"
        );
        let _ = writeln!(o, "|---|---:|---:|---:|---:|---:|---:|---:|");
        for sr in self.series.iter().filter(|x| x.workload == "W1") {
            let Some(t) = sr.seconds() else { continue };
            let per = t.median / s.w1_calls.max(1) as f64 * 1e6;
            let cpu = sr
                .cpu_per_op()
                .map_or("–".into(), |c| format!("{} µs", fmt_num(c * 1e6)));
            let emu = Summary::of(&sr.emulator_cpu)
                .map_or("–".into(), |c| format!("{} µs", fmt_num(c.median * 1e6)));
            let (vb, vp) = self.row_ratio_time("W1", sr);
            let _ = writeln!(
                o,
                "| {} | {} s | {}–{} s | {} µs | {} | {} | {} | {} |",
                sr.label,
                fmt_num(t.median),
                fmt_num(t.min),
                fmt_num(t.max),
                fmt_num(per),
                cpu,
                emu,
                vb,
                vp
            );
        }
        if let Some(raw) = self.median("W1", "raw-hyper") {
            let _ = writeln!(
                o,
                "\nThe emulator alone answers {} requests/s to one sequential connection.",
                fmt_num(s.w1_calls as f64 / raw)
            );
        }
        self.foreign_line(o, "W1");
        let _ = writeln!(o);
    }

    fn w2_table(&self, o: &mut String) {
        let s = &self.sizes;
        let _ = writeln!(
            o,
            "## W2: {} dashboards of ~{} KB, {} requests in flight\n\nThroughput. Each answer is {} bytes. \
             \"vs baseline\" is throughput ÷ the baseline's (higher is better); \"÷ Python\" is throughput ÷ Python async's. \
             Peak RSS is the contender process's VmHWM: median over the rounds (max).\n",
            s.w2_dashboards,
            s.w2_dashboard_bytes / 1000,
            s.inflight,
            self.w2_answer_bytes
        );
        let _ = writeln!(
            o,
            "| Contender | Median | Spread (min–max) | Dashboards/s | MB/s | Peak RSS | Client CPU / dashboard | Emulator CPU / dashboard | vs baseline | ÷ Python |"
        );
        let _ = writeln!(o, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for sr in self.series.iter().filter(|x| x.workload == "W2") {
            let Some(t) = sr.seconds() else { continue };
            let per_s = s.w2_dashboards as f64 / t.median;
            let mbs = per_s * self.w2_answer_bytes as f64 / 1e6;
            let rss = sr.rss().map_or("–".into(), |r| {
                format!(
                    "{} MiB ({})",
                    fmt_num(r.median / 1024.0),
                    fmt_num(r.max / 1024.0)
                )
            });
            let cpu = sr
                .cpu_per_op()
                .map_or("–".into(), |c| format!("{} µs", fmt_num(c * 1e6)));
            let emu = Summary::of(&sr.emulator_cpu)
                .map_or("–".into(), |c| format!("{} µs", fmt_num(c.median * 1e6)));
            let me = Some(t.median);
            let vb = fmt_ratio(ratio(self.median("W2", "baseline"), me));
            let vp = fmt_ratio(ratio(self.median("W2", "python"), me));
            let _ = writeln!(
                o,
                "| {} | {} s | {}–{} s | {} | {} | {} | {} | {} | {} | {} |",
                sr.label,
                fmt_num(t.median),
                fmt_num(t.min),
                fmt_num(t.max),
                fmt_num(per_s),
                fmt_num(mbs),
                rss,
                cpu,
                emu,
                vb,
                vp
            );
        }
        if let Some(raw) = self.median("W2", "raw-hyper") {
            let _ = writeln!(
                o,
                "\nThe emulator alone serves {} dashboards/s ({} MB/s) to {} connections that do not decode. \
                 The machine has {} cores shared by the emulator and the contender, so every contender's \
                 CPU time per dashboard also slows the emulator down. Emulator peak RSS at the end of the run: {} MiB.",
                fmt_num(s.w2_dashboards as f64 / raw),
                fmt_num(s.w2_dashboards as f64 / raw * self.w2_answer_bytes as f64 / 1e6),
                s.inflight,
                self.env.cores,
                fmt_num(self.emulator_peak_kb as f64 / 1024.0)
            );
        }
        self.foreign_line(o, "W2");
        let _ = writeln!(o);
    }

    fn w4_table(&self, o: &mut String) {
        let s = &self.sizes;
        let rows = self
            .series
            .iter()
            .filter(|x| x.workload == "W4")
            .flat_map(|x| x.runs.iter().map(|m| m.rows))
            .max()
            .unwrap_or(0);
        let _ = writeln!(
            o,
            "## W4: snapshot with data of a {}-panel dashboard\n\n\
             `api.snapshots().share_dashboard(uid).with_data()`, {} snapshots per measurement, one after the other: \
             fetch the dashboard and the data source list, one `POST /api/ds/query` per panel (TestData random walk, \
             2 series, 6 h at `maxDataPoints` 1000: {} rows per snapshot), at most 4 in flight (the default), \
             assemble and post the snapshot. \"Query time\" is the query phase's wall time (`report.query_time`); \
             \"Client CPU\" is the worker's user + system time. All per snapshot, median over the rounds.\n",
            s.w4_panels, s.w4_snapshots, rows
        );
        let _ = writeln!(
            o,
            "| Contender | Per snapshot | Spread (min–max) | Query time | Client CPU | Peak RSS |"
        );
        let _ = writeln!(o, "|---|---:|---:|---:|---:|---:|");
        for sr in self.series.iter().filter(|x| x.workload == "W4") {
            let per = |m: &Measurement, v: f64| v / m.ops.max(1) as f64;
            let Some(t) = sr.summary(|m| per(m, m.seconds)) else {
                continue;
            };
            let q = sr
                .summary(|m| per(m, m.query_seconds))
                .map_or("–".into(), |q| format!("{} ms", fmt_num(q.median * 1e3)));
            let cpu = sr
                .summary(|m| per(m, m.cpu_seconds))
                .map_or("–".into(), |c| format!("{} ms", fmt_num(c.median * 1e3)));
            let rss = sr.rss().map_or("–".into(), |r| {
                format!(
                    "{} MiB ({})",
                    fmt_num(r.median / 1024.0),
                    fmt_num(r.max / 1024.0)
                )
            });
            let _ = writeln!(
                o,
                "| {} | {} ms | {}–{} ms | {} | {} | {} |",
                sr.label,
                fmt_num(t.median * 1e3),
                fmt_num(t.min * 1e3),
                fmt_num(t.max * 1e3),
                q,
                cpu,
                rss
            );
        }
        self.foreign_line(o, "W4");
        let _ = writeln!(o);
    }

    fn w3_table(&self, o: &mut String) {
        let s = &self.sizes;
        let _ = writeln!(
            o,
            "## W3: decoding, in process\n\nThe same bytes decoded {} times per round: a `GET /api/dashboards/uid` answer of {} bytes \
             (`DashboardWithMeta`) and a `GET /api/search` answer of {} hits, {} bytes (`Vec<SearchHit>`). \
             \"grafana-client decode path\" is what every call runs (status and content-type checks, \
             JSON path tracking for errors); \"vs Value\" is time ÷ `serde_json::Value`'s.\n",
            s.w3_iters, self.w3_dashboard_bytes, s.w3_hits, self.w3_search_bytes
        );
        let _ = writeln!(
            o,
            "| Payload | Decoder | Median per decode | Spread (min–max) | MB/s | vs Value |"
        );
        let _ = writeln!(o, "|---|---|---:|---:|---:|---:|");
        for (w, name, bytes) in [
            ("W3-dashboard", "dashboard", self.w3_dashboard_bytes),
            ("W3-search", "search hits", self.w3_search_bytes),
        ] {
            for sr in self.series.iter().filter(|x| x.workload == w) {
                let Some(t) = sr.seconds() else { continue };
                let _ = writeln!(
                    o,
                    "| {} | {} | {} ms | {}–{} ms | {} | {} |",
                    name,
                    sr.label,
                    fmt_num(t.median * 1e3),
                    fmt_num(t.min * 1e3),
                    fmt_num(t.max * 1e3),
                    fmt_num(bytes as f64 / t.median / 1e6),
                    fmt_ratio(ratio(Some(t.median), self.median(w, "value")))
                );
            }
        }
        self.foreign_line(o, "W3");
        let _ = writeln!(o);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_versions_are_read() {
        let lock = "[[package]]\nname = \"reqwest\"\nversion = \"0.13.5\"\nsource = \"x\"\n";
        assert_eq!(lock_version(lock, "reqwest"), "0.13.5");
        assert_eq!(lock_version(lock, "hyper"), "?");
    }

    fn series(w: &str, id: &str, secs: &[f64], rss_kb: u64) -> Series {
        Series {
            workload: w.into(),
            id: id.into(),
            label: id.into(),
            runs: secs
                .iter()
                .map(|&s| Measurement {
                    seconds: s,
                    ops: 1,
                    vmhwm_kb: rss_kb,
                    ..Measurement::default()
                })
                .collect(),
            emulator_cpu: vec![],
            foreign_load: vec![],
        }
    }

    #[test]
    fn goals_use_medians_and_say_met_or_missed() {
        let report = Report {
            env: Env::default(),
            sizes: Sizes::smoke(),
            command: "x".into(),
            series: vec![
                series("W1", "async", &[1.0, 1.02, 5.0], 0),
                series("W1", "baseline", &[1.0, 1.0, 1.0], 0),
                series("W1", "python", &[20.0, 20.0, 20.0], 0),
                series("W2", "async", &[2.0], 70 * 1024),
                series("W2", "baseline", &[1.0], 0),
            ],
            heads: vec![],
            w1_answer_bytes: 1,
            w2_answer_bytes: 1,
            w3_dashboard_bytes: 1,
            w3_search_bytes: 1,
            emulator_peak_kb: 0,
            elapsed_secs: 0.0,
            waited_secs: 0.0,
            notes: None,
        };
        let goals = report.goals();
        let met: Vec<Option<bool>> = goals.iter().map(|g| g.met).collect();
        // W1 vs baseline (1.02×), W1 vs Python (19.6×), W2 vs baseline (0.5×),
        // W2 vs Python (absent), W3 ×2 (absent), RSS async (70 MiB), RSS blocking (absent).
        assert_eq!(
            met,
            [
                Some(true),
                Some(true),
                Some(false),
                None,
                None,
                None,
                Some(false),
                None
            ]
        );
        assert_eq!(goals[0].measured, "1.02× of the baseline's time");
        let md = report.markdown();
        assert!(md.contains("| W1: async client ≤ 1.05× the bare baseline's time | 1.02× of the baseline's time | met |"));
        assert!(md.contains("**missed**"));
    }

    #[test]
    fn notes_are_replaced_after_the_marker_only() {
        let report = format!("figures 1.23\n{}", notes_section("old notes\n\n"));
        let updated = replace_notes(&report, "new notes").unwrap();
        assert_eq!(
            updated,
            format!("figures 1.23\n{NOTES_MARKER}\n\nnew notes\n")
        );
        assert!(replace_notes("no marker", "x").is_none());
    }

    #[test]
    fn ceiling_says_whether_the_emulator_caps_the_python_goals() {
        let mut report = Report {
            env: Env::default(),
            sizes: Sizes::smoke(),
            command: "x".into(),
            series: vec![
                series("W1", "python", &[10.0], 0),
                series("W1", "raw-hyper", &[1.0], 0),
                series("W2", "python", &[10.0], 0),
                series("W2", "raw-hyper", &[1.0], 0),
            ],
            heads: vec![],
            w1_answer_bytes: 1,
            w2_answer_bytes: 1,
            w3_dashboard_bytes: 1,
            w3_search_bytes: 1,
            emulator_peak_kb: 0,
            elapsed_secs: 0.0,
            waited_secs: 0.0,
            notes: Some("the notes".into()),
        };
        let md = report.markdown();
        assert!(md.contains("so no client can reach W1's 15× against this emulator"));
        assert!(md.ends_with(&notes_section("the notes")));
        report.series[1] = series("W1", "raw-hyper", &[0.5], 0);
        let md = report.markdown();
        assert!(md.contains("above the 15× and 5× asked for"));
    }
}
