//! The backup workload: `grafctl backup` / `grafctl restore` against
//! grafana-backup-tool (`grafana-backup save` / `restore`, PyPI
//! `grafana-backup` 1.4.2) on the same emulator data.
//!
//! ```text
//! cargo run --release -p grafana-bench -- backup                    # 10,000 dashboards, writes BENCHMARKS.md's section
//! cargo run --release -p grafana-bench -- backup --dashboards 500 --out b.md
//! ```
//!
//! Method: the emulator runs as its own process (`grafana-bench
//! serve-emulator`), seeded over HTTP as admin with `--folders` folders,
//! `--dashboards` dashboards of ~`--dashboard-bytes` each (the W2 payload,
//! spread over the folders), five data sources (one with a secret) and
//! `--alert-rules` alert rules. Each tool then runs once as a fresh process
//! whose wall time and peak RSS (`ru_maxrss` of that child, from `wait4`)
//! are measured:
//!
//! - backup: `grafctl -q backup --components folders,datasources,dashboards,alert-rules`
//!   (release build, `--jobs 8` by default) and `grafana-backup save --no-archive
//!   --components folders,dashboards,datasources,alert-rules`;
//! - restore, each into a fresh emulator: `grafctl -q restore --components
//!   folders,datasources,dashboards <dir>` and `grafana-backup restore
//!   --components folders,datasources,dashboards <archive>` (the archive is
//!   its own save output packed with `tar czf`, untimed; its restore unpacks
//!   it, which is part of its restore). Alert rules are left out of both
//!   restores: grafana-backup-tool's rule restore first reads the rule and
//!   stops with a Python `JSONDecodeError` on the 404 with an empty body
//!   that Grafana (and the emulator) answer for a rule that does not exist.
//!
//! grafana-backup-tool's settings: `GRAFANA_URL`, `GRAFANA_HEADERS`
//! (`Authorization:Basic ...`, the admin), `BACKUP_DIR`, `DEBUG=false`, and
//! `API_AUTH_CHECK=false` because its auth pre-check reads
//! `/api/auth/keys`, which Grafana 12 removed (API keys became service
//! accounts): with the check on it stops with a Python error before saving
//! anything. Every restored instance is checked: the number of dashboards
//! must equal what was seeded.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;

use crate::orchestrator::{workspace_root, EmulatorProcess};
use crate::{payload, worker};

/// What both restores restore (grafana-backup-tool's alert-rule restore
/// crashes, see the module docs).
const RESTORED: &str = "folders,datasources,dashboards";

/// Start marker of the section in BENCHMARKS.md.
pub const START: &str = "<!-- backup-benchmark:start -->";
/// End marker of the section in BENCHMARKS.md.
pub const END: &str = "<!-- backup-benchmark:end -->";

/// `grafana-bench backup` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Dashboards to seed and back up.
    #[arg(long, default_value_t = 10_000)]
    pub dashboards: usize,
    /// Folders they are spread over.
    #[arg(long, default_value_t = 100)]
    pub folders: usize,
    /// Size of each dashboard's JSON model, bytes.
    #[arg(long, default_value_t = 50_000)]
    pub dashboard_bytes: usize,
    /// Alert rules to seed.
    #[arg(long, default_value_t = 100)]
    pub alert_rules: usize,
    /// grafctl's `--jobs`.
    #[arg(long, default_value_t = 8)]
    pub jobs: usize,
    /// Leave grafana-backup-tool out.
    #[arg(long)]
    pub no_python: bool,
    /// Report file whose backup section is replaced (default: BENCHMARKS.md
    /// at the workspace root); `-` prints the section only.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// A debug build of grafctl (for quick runs; figures are for release).
    #[arg(long)]
    pub debug: bool,
}

impl Args {
    /// Tiny sizes for the CI smoke run.
    pub fn smoke() -> Args {
        Args {
            dashboards: 20,
            folders: 4,
            dashboard_bytes: 5_000,
            alert_rules: 4,
            jobs: 8,
            no_python: false,
            out: Some(PathBuf::from("-")),
            debug: true,
        }
    }
}

/// One measured run of a tool.
#[derive(Debug, Clone, Copy, Default)]
pub struct Run {
    /// Wall time, seconds.
    pub secs: f64,
    /// Peak RSS, KiB.
    pub peak_kb: u64,
}

/// Runs `cmd` to its end; its wall time and peak RSS (`wait4`'s
/// `ru_maxrss` of exactly this child).
pub fn measure(cmd: &mut Command, what: &str) -> Result<Run, String> {
    let started = Instant::now();
    let child = cmd
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("{what}: cannot start: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not waited for yet (std's Child is
    // dropped without waiting); status and usage are valid pointers.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let secs = started.elapsed().as_secs_f64();
    drop(child);
    if rc != pid {
        return Err(format!("{what}: wait4 failed"));
    }
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    if !ok {
        return Err(format!("{what}: exited with status {status}"));
    }
    Ok(Run {
        secs,
        // Linux reports ru_maxrss in KiB
        peak_kb: u64::try_from(usage.ru_maxrss).unwrap_or(0),
    })
}

fn folder_uid(i: usize) -> String {
    format!("bench-f-{i:03}")
}

/// Seeds folders, data sources, dashboards and alert rules.
pub fn seed(url: &str, a: &Args) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async {
        let err = |e: grafana_client::Error| e.to_string();
        let api = worker::our_async_client(url).map_err(err)?;
        let folders = a.folders.max(1);
        for i in 0..folders {
            api.raw()
                .post("api/folders")
                .body(&json!({"uid": folder_uid(i), "title": format!("Bench folder {i}")}))
                .await
                .map_err(err)?;
        }
        for (i, (uid, kind)) in [
            ("prometheus-main", "prometheus"),
            ("loki-main", "loki"),
            ("tempo-main", "tempo"),
            ("pg-main", "postgres"),
            ("testdata-main", "grafana-testdata-datasource"),
        ]
        .into_iter()
        .enumerate()
        {
            api.raw()
                .post("api/datasources")
                .body(
                    &json!({"uid": uid, "name": format!("Bench {kind} {i}"), "type": kind,
                    "access": "proxy", "url": format!("http://{kind}:9000"),
                    "jsonData": {"timeInterval": "15s"},
                    "secureJsonData": {"password": "bench-secret"}}),
                )
                .await
                .map_err(err)?;
        }
        futures_util::stream::iter(0..a.dashboards)
            .map(|i| {
                let api = api.clone();
                let bytes = a.dashboard_bytes;
                async move {
                    let uid = worker::w2_uid("bench-bk-", i);
                    let d = payload::dashboard(&uid, &format!("Bench backup dashboard {i}"), bytes);
                    api.raw()
                        .post("api/dashboards/db")
                        .body(
                            &json!({"dashboard": d, "folderUid": folder_uid(i % folders),
                            "overwrite": true}),
                        )
                        .await
                        .map(drop)
                }
            })
            .buffer_unordered(8)
            .try_collect::<Vec<()>>()
            .await
            .map_err(err)?;
        for i in 0..a.alert_rules {
            api.raw()
                .post("api/v1/provisioning/alert-rules")
                .body(&json!({
                    "uid": format!("bench-rule-{i:04}"), "title": format!("Bench rule {i}"),
                    "folderUID": folder_uid(i % folders), "ruleGroup": "bench",
                    "condition": "B", "for": "5m", "noDataState": "NoData",
                    "execErrState": "Error", "orgID": 1,
                    "data": [
                        {"refId": "A", "datasourceUid": "prometheus-main",
                         "relativeTimeRange": {"from": 600, "to": 0},
                         "model": {"refId": "A", "expr": format!("up{{job=\"svc-{i}\"}}")}},
                        {"refId": "B", "datasourceUid": "__expr__",
                         "relativeTimeRange": {"from": 0, "to": 0},
                         "model": {"refId": "B", "type": "threshold", "expression": "A",
                                   "conditions": [{"evaluator": {"params": [1], "type": "lt"}}]}}
                    ]
                }))
                .await
                .map_err(err)?;
        }
        Ok(())
    })
}

/// The number of dashboards an instance holds (search, every page).
fn count_dashboards(url: &str) -> Result<usize, String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async {
        let api = worker::our_async_client(url).map_err(|e| e.to_string())?;
        let hits: Vec<_> = api
            .search()
            .search_dashboards()
            .type_("dash-db")
            .limit(5000)
            .into_stream()
            .try_collect()
            .await
            .map_err(|e| e.to_string())?;
        Ok(hits.len())
    })
}

fn check_count(url: &str, want: usize, what: &str) -> Result<(), String> {
    let got = count_dashboards(url)?;
    if got != want {
        return Err(format!(
            "{what}: the instance holds {got} dashboards, not {want}"
        ));
    }
    Ok(())
}

/// Builds grafctl and returns its path.
fn build_grafctl(debug: bool) -> Result<PathBuf, String> {
    let root = workspace_root();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&root)
        .args(["build", "-q", "-p", "grafctl"]);
    if !debug {
        cmd.arg("--release");
    }
    eprintln!(
        "building grafctl ({}) ...",
        if debug { "debug" } else { "release" }
    );
    let ok = cmd.status().map_err(|e| format!("cannot run cargo: {e}"))?;
    if !ok.success() {
        return Err("cargo build -p grafctl failed".into());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    Ok(target
        .join(if debug { "debug" } else { "release" })
        .join("grafctl"))
}

/// `.bench/venv/bin/python` with grafana-backup 1.4.2, installed if
/// missing; `Err` says why the tool is skipped.
fn python_setup(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join(".bench/venv");
    let py = venv.join("bin/python");
    let tool = venv.join("bin/grafana-backup");
    if !py.exists() {
        eprintln!("creating {} ...", venv.display());
        let ok = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .map_err(|e| format!("skipped: python3 is not available ({e})"))?;
        if !ok.success() {
            return Err("skipped: `python3 -m venv` failed".into());
        }
    }
    let installed = Command::new(&py)
        .args(["-m", "pip", "show", "grafana-backup"])
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("Version: 1.4.2"));
    if !installed || !tool.exists() {
        crate::orchestrator::pip_install(&py, "grafana-backup==1.4.2")?;
    }
    Ok(tool)
}

/// What one run of the workload measured.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// grafctl backup.
    pub ours_backup: Run,
    /// grafctl restore.
    pub ours_restore: Run,
    /// grafana-backup save, or why it was skipped.
    pub theirs_backup: Option<Result<Run, String>>,
    /// grafana-backup restore.
    pub theirs_restore: Option<Result<Run, String>>,
    /// Bytes grafctl wrote.
    pub ours_bytes: u64,
    /// Emulator peak RSS while serving the backups, KiB.
    pub emulator_peak_kb: u64,
    /// Seeding time, seconds.
    pub seed_secs: f64,
}

fn dir_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                total += e.metadata().map_or(0, |m| m.len());
            }
        }
    }
    total
}

fn count_ext(dir: &Path, ext: &str) -> usize {
    let mut n = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                n += 1;
            }
        }
    }
    n
}

fn grafctl_cmd(bin: &Path, url: &str, home: &Path, jobs: usize) -> Command {
    let mut c = Command::new(bin);
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("GRAFANA_URL", url)
        .env("GRAFANA_USER", "admin")
        .env("GRAFANA_PASSWORD", "admin")
        .args(["-q", "--jobs", &jobs.to_string()])
        .stdout(Stdio::null());
    c
}

fn backup_tool_cmd(tool: &Path, url: &str, backup_dir: &Path, cwd: &Path) -> Command {
    let mut c = Command::new(tool);
    c.current_dir(cwd)
        .env("GRAFANA_URL", url.trim_end_matches('/'))
        .env("GRAFANA_HEADERS", "Authorization:Basic YWRtaW46YWRtaW4=")
        .env("BACKUP_DIR", backup_dir)
        .env("DEBUG", "false")
        .env("API_AUTH_CHECK", "false")
        .stdout(Stdio::null());
    c
}

/// Runs the workload.
pub fn measure_all(a: &Args) -> Result<Figures, String> {
    let root = workspace_root();
    let grafctl = build_grafctl(a.debug)?;
    let python = if a.no_python {
        Err("skipped: --no-python".to_string())
    } else {
        python_setup(&root)
    };
    let work = std::env::temp_dir().join(format!("grafana-bench-backup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let result = (|| {
        let mut f = Figures::default();
        let emu = EmulatorProcess::start(None)?;
        let url = emu.url().to_string();
        eprintln!(
            "seeding {} dashboards of ~{} bytes in {} folders ...",
            a.dashboards, a.dashboard_bytes, a.folders
        );
        let t = Instant::now();
        seed(&url, a)?;
        f.seed_secs = t.elapsed().as_secs_f64();
        // grafctl backup
        let ours = work.join("grafctl-backup");
        eprintln!("grafctl backup ...");
        f.ours_backup = measure(
            grafctl_cmd(&grafctl, &url, &work, a.jobs)
                .args([
                    "backup",
                    "--components",
                    "folders,datasources,dashboards,alert-rules",
                ])
                .arg(&ours),
            "grafctl backup",
        )?;
        let manifest: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(ours.join("manifest.json")).map_err(|e| e.to_string())?,
        )
        .map_err(|e| e.to_string())?;
        if manifest["orgs"][0]["counts"]["dashboards"] != json!(a.dashboards) {
            return Err(format!(
                "grafctl backup: manifest counts {} dashboards, not {}",
                manifest["orgs"][0]["counts"]["dashboards"], a.dashboards
            ));
        }
        f.ours_bytes = dir_bytes(&ours);
        // grafana-backup save
        let theirs = work.join("gbt-out");
        if let Ok(tool) = &python {
            eprintln!("grafana-backup save ...");
            let r = measure(
                backup_tool_cmd(tool, &url, &theirs, &work).args([
                    "save",
                    "--no-archive",
                    "--components=folders,dashboards,datasources,alert-rules",
                ]),
                "grafana-backup save",
            )
            .and_then(|r| {
                let n = count_ext(&theirs, "dashboard");
                if n == a.dashboards {
                    Ok(r)
                } else {
                    Err(format!(
                        "grafana-backup save wrote {n} dashboards, not {}",
                        a.dashboards
                    ))
                }
            });
            f.theirs_backup = Some(r);
        }
        f.emulator_peak_kb = emu.vmhwm_kb();
        drop(emu);
        // grafctl restore into a fresh instance
        {
            let emu = EmulatorProcess::start(None)?;
            eprintln!("grafctl restore ...");
            f.ours_restore = measure(
                grafctl_cmd(&grafctl, emu.url(), &work, a.jobs)
                    .args(["restore", "--components", RESTORED])
                    .arg(&ours),
                "grafctl restore",
            )?;
            check_count(emu.url(), a.dashboards, "grafctl restore")?;
        }
        // grafana-backup restore into a fresh instance
        if let (Ok(tool), Some(Ok(_))) = (&python, &f.theirs_backup) {
            let archive = work.join("gbt.tar.gz");
            let ok = Command::new("tar")
                .arg("czf")
                .arg(&archive)
                .arg("-C")
                .arg(&theirs)
                .arg(".")
                .status()
                .map_err(|e| format!("tar: {e}"))?;
            let r = if !ok.success() {
                Err("tar czf failed".to_string())
            } else {
                let emu = EmulatorProcess::start(None)?;
                eprintln!("grafana-backup restore ...");
                measure(
                    backup_tool_cmd(tool, emu.url(), &work.join("gbt-restore"), &work)
                        .args(["restore", "--components=folders,datasources,dashboards"])
                        .arg(&archive),
                    "grafana-backup restore",
                )
                .and_then(|r| {
                    check_count(emu.url(), a.dashboards, "grafana-backup restore").map(|_| r)
                })
            };
            f.theirs_restore = Some(r);
        }
        Ok(f)
    })();
    let _ = std::fs::remove_dir_all(&work);
    let mut f = result?;
    if let Err(why) = python {
        f.theirs_backup = Some(Err(why.clone()));
        f.theirs_restore = Some(Err(why));
    }
    Ok(f)
}

fn mb(kb: u64) -> String {
    format!("{:.0}", kb as f64 / 1024.0)
}

/// The BENCHMARKS.md section for `f`.
pub fn section(a: &Args, f: &Figures, command: &str) -> String {
    let mut s = String::new();
    s.push_str(START);
    s.push_str("\n## Backup and restore: grafctl vs grafana-backup-tool\n\n");
    s.push_str(&format!(
        "{} dashboards (~{} KB each, {} MB written by grafctl) in {} folders, 5 data sources, \
         {} alert rules, served by the emulator (its own process; peak RSS {} MB while serving \
         the backups; seeding took {:.0} s). One run per tool, each a fresh process; wall time \
         and peak RSS (`ru_maxrss`) of that process. Written by `{command}`.\n\n",
        a.dashboards,
        a.dashboard_bytes / 1000,
        f.ours_bytes / 1_000_000,
        a.folders,
        a.alert_rules,
        mb(f.emulator_peak_kb),
        f.seed_secs
    ));
    s.push_str(&format!(
        "| | grafctl ({}) | grafana-backup-tool 1.4.2 | speed-up | RSS ratio |\n",
        if a.debug { "debug build" } else { "release" }
    ));
    s.push_str("|---|---:|---:|---:|---:|\n");
    let row = |name: &str, ours: Run, theirs: &Option<Result<Run, String>>| -> String {
        match theirs {
            Some(Ok(t)) => format!(
                "| {name} | {:.2} s, {} MB | {:.2} s, {} MB | {:.1}× | {:.2} |\n",
                ours.secs,
                mb(ours.peak_kb),
                t.secs,
                mb(t.peak_kb),
                t.secs / ours.secs.max(1e-9),
                ours.peak_kb as f64 / (t.peak_kb.max(1)) as f64
            ),
            Some(Err(why)) => format!(
                "| {name} | {:.2} s, {} MB | {why} | | |\n",
                ours.secs,
                mb(ours.peak_kb)
            ),
            None => format!(
                "| {name} | {:.2} s, {} MB | not run | | |\n",
                ours.secs,
                mb(ours.peak_kb)
            ),
        }
    };
    s.push_str(&row("backup", f.ours_backup, &f.theirs_backup));
    s.push_str(&row(
        "restore (into a fresh instance)",
        f.ours_restore,
        &f.theirs_restore,
    ));
    let goal = |ours: Run, theirs: &Option<Result<Run, String>>| match theirs {
        Some(Ok(t)) => {
            let fast = t.secs / ours.secs.max(1e-9) >= 10.0;
            let small = ours.peak_kb * 3 <= t.peak_kb;
            format!(
                "{} (≥ 10× faster: {}; ≤ 1/3 of its peak RSS: {})",
                if fast && small { "met" } else { "not met" },
                if fast { "yes" } else { "no" },
                if small { "yes" } else { "no" }
            )
        }
        _ => "not measured".to_string(),
    };
    s.push_str(&format!(
        "\nGoal, backup: {}. Restore: {}.\n\n",
        goal(f.ours_backup, &f.theirs_backup),
        goal(f.ours_restore, &f.theirs_restore)
    ));
    s.push_str(
        "What each does: grafctl writes one normalised, sorted-key JSON file per object \
         (`--jobs` requests in flight) and its restore compares each object with the \
         instance (a read per object) before writing; grafana-backup-tool saves its own \
         files one request at a time (`save --no-archive`; its default also packs them into \
         a .tar.gz) and its restore unpacks the archive and posts every object. Its auth \
         pre-check is turned off (`API_AUTH_CHECK=false`): it reads `/api/auth/keys`, gone \
         since Grafana 12, and stops with a Python error otherwise. Components: folders, data \
         sources, dashboards and alert rules for the backups; folders, data sources and \
         dashboards for the restores (its alert-rule restore stops with a `JSONDecodeError` \
         on Grafana's empty 404 for a rule that does not exist yet). The machine is shared \
         (2 cores, other builds running), so figures move between runs.\n",
    );
    s.push_str(END);
    s.push('\n');
    s
}

/// `report` with its backup section replaced by `section` (or appended).
pub fn replace_section(report: &str, section: &str) -> String {
    match (report.find(START), report.find(END)) {
        (Some(a), Some(b)) if b > a => {
            let mut end = b + END.len();
            if report[end..].starts_with('\n') {
                end += 1;
            }
            format!("{}{}{}", &report[..a], section, &report[end..])
        }
        _ if report.contains(crate::report::NOTES_MARKER) => {
            // before the notes, which run to the end of the report
            let at = report
                .find(crate::report::NOTES_MARKER)
                .unwrap_or(report.len());
            format!("{}{}\n{}", &report[..at], section, &report[at..])
        }
        _ => {
            let mut out = report.trim_end().to_string();
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(section);
            out
        }
    }
}

/// The backup section of an existing report, so that a full `run`, which
/// rewrites BENCHMARKS.md, keeps the figures of the last `backup` run.
pub fn existing_section(report: &str) -> Option<&str> {
    let a = report.find(START)?;
    let b = report[a..].find(END)? + a + END.len();
    Some(&report[a..b])
}

/// `grafana-bench backup`.
pub fn run(a: &Args, command: &str) -> Result<(), String> {
    let f = measure_all(a)?;
    let sec = section(a, &f, command);
    match a.out.as_deref() {
        Some(p) if p == Path::new("-") => {
            print!("{sec}");
            let _ = std::io::stdout().flush();
        }
        out => {
            let path = out
                .map(Path::to_path_buf)
                .unwrap_or_else(|| workspace_root().join("BENCHMARKS.md"));
            let old = std::fs::read_to_string(&path).unwrap_or_default();
            std::fs::write(&path, replace_section(&old, &sec))
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            print!("{sec}");
            eprintln!("wrote the backup section of {}", path.display());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_is_replaced_or_appended() {
        let s = format!("{START}\nnew\n{END}\n");
        assert_eq!(replace_section("# R\n", &s), format!("# R\n\n{s}"));
        let old = format!("# R\n\n{START}\nold\n{END}\n\n## After\n");
        assert_eq!(replace_section(&old, &s), format!("# R\n\n{s}\n## After\n"));
        assert_eq!(
            existing_section(&old),
            Some(&old[5..old.find(END).unwrap() + END.len()])
        );
    }
}
