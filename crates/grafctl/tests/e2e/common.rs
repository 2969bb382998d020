//! Helpers: an emulator with the demo data, a private config directory,
//! and a `grafctl` command pointed at them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use grafana_emulator::blocking::BlockingEmulator;
use grafana_emulator::{Emulator, Role};
use serde_json::Value;
use tempfile::TempDir;

/// Environment variables that must not leak in from the developer's shell.
const CLEARED: &[&str] = &[
    "GRAFANA_URL",
    "GRAFANA_SERVER",
    "GRAFANA_TOKEN",
    "GRAFANA_USER",
    "GRAFANA_PASSWORD",
    "GRAFANA_ORG_ID",
    "GRAFCTL_CONFIG",
    "NO_COLOR",
    "RUST_LOG",
];

/// An emulator with the demo data, an Admin token for org 1 and a temporary
/// home directory (config under `<home>/config/grafctl/config.toml`).
pub struct Env {
    pub emu: BlockingEmulator,
    pub token: String,
    pub home: TempDir,
}

impl Env {
    pub fn new() -> Self {
        Self::with(Emulator::builder().seed_demo())
    }

    pub fn with(builder: grafana_emulator::EmulatorBuilder) -> Self {
        let emu = builder.start_blocking().expect("emulator starts");
        let token = emu.create_service_account_token(1, Role::Admin);
        let home = tempfile::tempdir().expect("temp dir");
        Env { emu, token, home }
    }

    pub fn url(&self) -> String {
        self.emu.url()
    }

    pub fn config_path(&self) -> PathBuf {
        self.home
            .path()
            .join("config")
            .join("grafctl")
            .join("config.toml")
    }

    pub fn dir(&self, name: &str) -> PathBuf {
        let p = self.home.path().join(name);
        std::fs::create_dir_all(&p).expect("mkdir");
        p
    }

    /// `grafctl` with no connection settings (only the private home).
    pub fn bare(&self) -> Command {
        let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("grafctl");
        for k in CLEARED {
            cmd.env_remove(k);
        }
        cmd.env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join("config"));
        cmd
    }

    /// `grafctl` talking to the emulator through GRAFANA_URL/GRAFANA_TOKEN.
    pub fn cmd(&self) -> Command {
        let mut cmd = self.bare();
        cmd.env("GRAFANA_URL", self.url())
            .env("GRAFANA_TOKEN", &self.token);
        cmd
    }

    /// Runs `grafctl -o json ARGS` (must succeed) and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self
            .cmd()
            .args(["-o", "json"])
            .args(args)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "grafctl {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "grafctl {args:?}: stdout is not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }
}

/// Runs `cmd` and returns (exit code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The file names in `dir`, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
