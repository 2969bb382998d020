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
        }
    }
}
