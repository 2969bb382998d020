//! What an `/apis` resource is: its group, version, plural and kind
//! ([`ApiResource`]), and the metadata access every object type gives
//! ([`HasMetadata`]).

use std::borrow::Cow;

use super::object::ObjectMeta;

/// The coordinates of a Kubernetes-style resource on Grafana's `/apis`:
/// `/apis/<group>/<version>/namespaces/<namespace>/<plural>`.
///
/// The constants name the kinds this crate types; any other resource is
/// reachable with [`ApiResource::new`] and a
/// [`DynamicObject`](super::DynamicObject).
///
/// ```
/// use grafana_client::apis::ApiResource;
/// let rules = ApiResource::new("rules.alerting.grafana.app", "v0alpha1", "alertrules", "AlertRule");
/// assert_eq!(rules.api_version(), "rules.alerting.grafana.app/v0alpha1");
/// assert!(!rules.dry_run_trusted());
/// assert_eq!(ApiResource::DASHBOARDS_V1.with_version("v1beta1").version, "v1beta1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ApiResource {
    /// API group (`dashboard.grafana.app`).
    pub group: Cow<'static, str>,
    /// Version (`v1`, `v1beta1`, `v2`, ...).
    pub version: Cow<'static, str>,
    /// The plural resource name used in paths (`dashboards`).
    pub plural: Cow<'static, str>,
    /// The object kind (`Dashboard`).
    pub kind: Cow<'static, str>,
}

/// The groups whose server-side `dryRun` Grafana honours. Other groups were
/// found to write for real on some storage modes (grafana/grafana-app-sdk
/// issue 1442); grafana/gcx keeps the same allowlist
/// (`internal/resources/remote/dryrun_allowlist.go`).
const DRY_RUN_GROUPS: [(&str, &str); 3] = [
    ("dashboard.grafana.app", "dashboards"),
    ("folder.grafana.app", "folders"),
    ("playlist.grafana.app", "playlists"),
];

impl ApiResource {
    /// Dashboards, `dashboard.grafana.app/v1` (Grafana 13; the spec is the
    /// classic dashboard JSON). Grafana 12 serves the same schema as `v1beta1`.
    pub const DASHBOARDS_V1: ApiResource =
        ApiResource::fixed("dashboard.grafana.app", "v1", "dashboards", "Dashboard");
    /// Dashboards, `dashboard.grafana.app/v2` (Grafana 13; schema v2, dynamic
    /// dashboards). Grafana 12 serves `v2beta1`/`v2alpha1`.
    pub const DASHBOARDS_V2: ApiResource =
        ApiResource::fixed("dashboard.grafana.app", "v2", "dashboards", "Dashboard");
    /// Folders, `folder.grafana.app/v1` (Grafana 13; `v1beta1` on 12).
    pub const FOLDERS: ApiResource =
        ApiResource::fixed("folder.grafana.app", "v1", "folders", "Folder");
    /// Playlists, `playlist.grafana.app/v1` (Grafana 13; `v0alpha1` before).
    pub const PLAYLISTS: ApiResource =
        ApiResource::fixed("playlist.grafana.app", "v1", "playlists", "Playlist");

    const fn fixed(
        group: &'static str,
        version: &'static str,
        plural: &'static str,
        kind: &'static str,
    ) -> Self {
        ApiResource {
            group: Cow::Borrowed(group),
            version: Cow::Borrowed(version),
            plural: Cow::Borrowed(plural),
            kind: Cow::Borrowed(kind),
        }
    }

    /// Any resource.
    pub fn new(
        group: impl Into<Cow<'static, str>>,
        version: impl Into<Cow<'static, str>>,
        plural: impl Into<Cow<'static, str>>,
        kind: impl Into<Cow<'static, str>>,
    ) -> Self {
        ApiResource {
            group: group.into(),
            version: version.into(),
            plural: plural.into(),
            kind: kind.into(),
        }
    }

    /// The same resource at another version.
    pub fn with_version(mut self, version: impl Into<Cow<'static, str>>) -> Self {
        self.version = version.into();
        self
    }

    /// `<group>/<version>`, the objects' `apiVersion`.
    pub fn api_version(&self) -> String {
        format!("{}/{}", self.group, self.version)
    }

    /// Whether Grafana honours `dryRun=All` for this resource (dashboards,
    /// folders and playlists). Dry-run writes to other resources are refused
    /// before sending, because Grafana may perform them for real.
    pub fn dry_run_trusted(&self) -> bool {
        DRY_RUN_GROUPS
            .iter()
            .any(|(g, p)| *g == self.group && *p == self.plural)
    }
}

/// An object with Kubernetes metadata: every `/apis` object type.
pub trait HasMetadata {
    /// The object's metadata.
    fn metadata(&self) -> &ObjectMeta;
    /// The object's metadata, to change.
    fn metadata_mut(&mut self) -> &mut ObjectMeta;
}
