//! Server settings: the handful of `grafana.ini` options the emulator honours.

/// Emulated `grafana.ini` settings. Defaults follow Grafana's
/// `conf/defaults.ini` except where noted.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Settings {
    /// Password of the built-in `admin` user (server admin, Admin of org 1).
    /// Default `"admin"`.
    pub admin_password: String,
    /// Reported as `version` by `/api/health` and `buildInfo.version` by
    /// `/api/frontend/settings`. Default [`DEFAULT_VERSION`].
    pub version: String,
    /// Reported as `commit` by `/api/health` and `buildInfo.commit`.
    pub commit: String,
    /// `[snapshots] enabled`. Default `true`.
    pub snapshots_enabled: bool,
    /// `[snapshots] external_enabled`. Default `true`.
    pub external_snapshots_enabled: bool,
    /// `[snapshots] public_mode`. Default `false`.
    pub snapshots_public_mode: bool,
    /// `[snapshots] external_snapshot_url`. Default
    /// `https://snapshots.raintank.io`. The emulator never contacts it: an
    /// external snapshot is stored locally and given URLs under this base.
    pub external_snapshot_url: String,
    /// `[snapshots] external_snapshot_name`. Default
    /// `Publish to snapshots.raintank.io`.
    pub external_snapshot_name: String,
    /// `[server] root_url`, used for absolute URLs (snapshot `url` and
    /// `deleteUrl`). Must end with `/`. `None` (the default) means the
    /// emulator's own base URL plus `/`, so that the URLs can be followed;
    /// Grafana's default would be `http://localhost:3000/`.
    pub root_url: Option<String>,
    /// `[plugins] plugin_admin_enabled`. Default `false`: Grafana then does
    /// not register `POST /api/plugins/{id}/install` and `/uninstall`
    /// (`pkg/api/api.go` `registerRoutes`), which answer 404 `Not found`.
    pub plugin_admin_enabled: bool,
    /// Emulate Grafana Enterprise's extra routes (RBAC roles, team external
    /// groups, data-source permissions), minimally. Default `false`: open
    /// source Grafana, where they answer 404 `Not found`.
    pub enterprise: bool,
    /// The most items one `/apis` list page holds, whatever `limit` asks
    /// (`None`, the default: `limit`, or 500 without one). A capped page
    /// still carries `metadata.continue`, as Grafana's unified storage cuts
    /// pages by size.
    pub apis_max_page: Option<usize>,
}

/// The version string reported when none is configured.
pub const DEFAULT_VERSION: &str = "12.2.0";

/// The commit reported when none is configured.
pub const DEFAULT_COMMIT: &str = "0000000000000000000000000000000000000000";

impl Settings {
    /// [`Settings::version`] as `(major, minor)`; an unparsable part is 0
    /// (a `-pre` or `+security` suffix is ignored).
    pub fn version_tuple(&self) -> (u32, u32) {
        let mut parts = self
            .version
            .split(|c: char| !c.is_ascii_digit())
            .map(|p| p.parse::<u32>().unwrap_or(0));
        (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
    }
}

/// A version as given on the command line or to
/// [`EmulatorBuilder::version`](crate::EmulatorBuilder::version), made a full
/// `major.minor.patch`: `"11.6"` → `"11.6.0"`, `"13"` → `"13.0.0"`, and
/// `"12.x"` → [`DEFAULT_VERSION`] when its major is the default's (else the
/// `x` reads as 0). A suffix (`12.1.0-pre`, `+security-01`) is kept; text that
/// does not start with a number is returned as it is.
pub(crate) fn normalize_version(v: &str) -> String {
    let v = v.trim().trim_start_matches('v');
    let split = v.find(['-', '+']).unwrap_or(v.len());
    let (core, suffix) = v.split_at(split);
    let mut parts: Vec<&str> = core.split('.').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() || parts[0].parse::<u32>().is_err() {
        return v.to_string();
    }
    let default_major = DEFAULT_VERSION.split('.').next().unwrap_or("");
    if parts.len() >= 2 && parts[1] == "x" && parts[0] == default_major {
        return DEFAULT_VERSION.to_string();
    }
    while parts.len() < 3 {
        parts.push("0");
    }
    let parts: Vec<&str> = parts
        .into_iter()
        .map(|p| if p == "x" { "0" } else { p })
        .collect();
    format!("{}{}", parts.join("."), suffix)
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            admin_password: "admin".to_string(),
            version: DEFAULT_VERSION.to_string(),
            commit: DEFAULT_COMMIT.to_string(),
            snapshots_enabled: true,
            external_snapshots_enabled: true,
            snapshots_public_mode: false,
            external_snapshot_url: "https://snapshots.raintank.io".to_string(),
            external_snapshot_name: "Publish to snapshots.raintank.io".to_string(),
            root_url: None,
            plugin_admin_enabled: false,
            enterprise: false,
            apis_max_page: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_completed() {
        assert_eq!(normalize_version("11.6"), "11.6.0");
        assert_eq!(normalize_version("13.0"), "13.0.0");
        assert_eq!(normalize_version("13"), "13.0.0");
        assert_eq!(normalize_version("12.x"), DEFAULT_VERSION);
        assert_eq!(normalize_version("11.x"), "11.0.0");
        assert_eq!(normalize_version("v12.1.3"), "12.1.3");
        assert_eq!(normalize_version("12.1.0-pre"), "12.1.0-pre");
        assert_eq!(normalize_version("main"), "main");
    }
}
