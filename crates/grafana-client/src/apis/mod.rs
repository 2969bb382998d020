//! Grafana's Kubernetes-style App Platform API, `/apis`: dashboards (v1 and
//! v2), folders and playlists as typed objects, any other group as
//! [`DynamicObject`]s.
//!
//! ```no_run
//! # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
//! use grafana_client::apis::{ListParams, PostParams};
//! // Versions and namespace as this server wants them (GET /apis, /bootdata).
//! let apis = api.apis().detect().await?;
//! let dashboards = apis.dashboards_v1();
//! for d in dashboards.list_all(&ListParams::default().limit(100)).await? {
//!     println!("{} {:?}", d.name(), d.spec.title());
//! }
//! // Read-modify-write, retried on 409 Conflict with a fresh read.
//! let saved = dashboards.update("cpu", |d| d.spec.set_title("CPU")).await?;
//! // The stored versions, newest first, and one of them in full.
//! let history = dashboards.history("cpu").await?;
//! if let Some(rv) = history.get(1).and_then(|d| d.resource_version()) {
//!     let before = dashboards.get_at_version("cpu", rv).await?;
//! }
//! # Ok(()) }
//! ```
//!
//! The blocking client has the same methods; end each call with `.send()`
//! (and iterate [`Api::list_all`] instead of streaming it).
//!
//! # Versions
//!
//! [`Apis`] starts with Grafana 13's GA versions (dashboards `v1` and `v2`,
//! folders `v1`, playlists `v1`). [`Apis::detect`] (or
//! [`Apis::with_discovery`] given [`Apis::discover`]'s answer) picks the
//! versions the server serves instead, its preferred version first: on
//! Grafana 12 that is dashboards `v1beta1`/`v2beta1`, folders `v1beta1`,
//! playlists `v0alpha1`. [`Api::version`] overrides one resource's version.
//! Discovery answers are kept in the [`Apis`] value `detect` returns (ask again
//! for fresh ones); nothing is cached in the client.
//!
//! # Namespaces
//!
//! The namespace follows the client's organization: `default` for org 1 or
//! none, `org-N` for the others (never `org-1`); see [`namespace_for_org`].
//! On Grafana Cloud, [`Apis::detect`] reads `stacks-N` from `/bootdata`.
//! [`Apis::namespace`] overrides it.
//!
//! # Errors
//!
//! `/apis` answers errors as Kubernetes `Status` bodies; they are
//! [`Error::Api`](crate::Error::Api) like any other, with
//! [`ApiError::reason`](crate::ApiError::reason) and
//! [`ApiError::causes`](crate::ApiError::causes) besides the message.
//! [`Error::is_conflict`](crate::Error::is_conflict) (409),
//! [`is_already_exists`](crate::Error::is_already_exists),
//! [`is_not_found`](crate::Error::is_not_found) and
//! [`is_expired`](crate::Error::is_expired) (410 on an old `continue` token)
//! work on them.

mod api;
mod bridge;
mod dashboard;
mod discovery;
mod dynamic;
mod folder;
mod namespace;
mod object;
mod params;
mod playlist;
mod resource;
mod steps;

pub use api::{Api, History, HistoryForm, ListAll, ListIter, Update, DEFAULT_UPDATE_ATTEMPTS};
pub use bridge::{legacy_to_v1, v1_to_legacy, AnyDashboard, GetDashboardAny, ReadDashboard};
pub use dashboard::{
    is_v2, AutoGridLayoutSpec, Conversion, Dashboard, DashboardSpec, DashboardStatus, DashboardV2,
    DashboardV2Spec, Element, ElementReference, GridItemSpec, GridLayoutSpec, Kinded, Layout,
    LibraryPanelRef, PanelQuerySpec, PanelSpec, QueryGroupSpec, RowsLayoutSpec, SectionSpec,
    TabsLayoutSpec, TimeSettings, Variable, VariableSpec,
};
pub use discovery::{ApiGroup, ApiResourceInfo, ApiResourceList, Discovery, GroupVersion};
pub use dynamic::DynamicObject;
pub use folder::{Folder, FolderSpec};
pub use namespace::{namespace_for_org, parse_namespace, NamespaceOwner};
pub use object::{
    Deleted, List, ListMeta, Object, ObjectMeta, FOLDER_ANNOTATION, INTERNAL_ID_LABEL,
    MESSAGE_ANNOTATION,
};
pub use params::{DeleteParams, FieldValidation, ListParams, Patch, PatchParams, PostParams};
pub use playlist::{Playlist, PlaylistItem, PlaylistSpec};
pub use resource::{ApiResource, HasMetadata};
pub use steps::Flow;

use std::borrow::Cow;

use serde_json::Value;

use api::Target;
use steps::{flow_call, BoxFuture, Ctx, Steps};

use crate::call::{Call, Client, Plain, Request};
use crate::path::ApiPath;

/// Candidate versions per resource family, newest first.
const DASHBOARD_V1_VERSIONS: [&str; 3] = ["v1", "v1beta1", "v0alpha1"];
const DASHBOARD_V2_VERSIONS: [&str; 3] = ["v2", "v2beta1", "v2alpha1"];
const FOLDER_VERSIONS: [&str; 3] = ["v1", "v1beta1", "v0alpha1"];
const PLAYLIST_VERSIONS: [&str; 2] = ["v1", "v0alpha1"];

/// The entry point to `/apis`: `api.apis()` on either client. Cheap to
/// clone; holds the namespace and the version chosen per resource.
#[derive(Clone, Debug)]
pub struct Apis<C> {
    client: C,
    namespace: std::result::Result<String, String>,
    namespace_set: bool,
    dashboards_v1: Cow<'static, str>,
    dashboards_v2: Cow<'static, str>,
    folders: Cow<'static, str>,
    playlists: Cow<'static, str>,
}

impl<C: Client> Apis<C> {
    pub(crate) fn new(client: &C) -> Self {
        let namespace =
            namespace_for_org(client.default_org_id().unwrap_or(1)).map_err(|e| e.to_string());
        Apis {
            client: client.clone(),
            namespace,
            namespace_set: false,
            dashboards_v1: Cow::Borrowed("v1"),
            dashboards_v2: Cow::Borrowed("v2"),
            folders: Cow::Borrowed("v1"),
            playlists: Cow::Borrowed("v1"),
        }
    }

    /// Acts in this namespace instead (`default`, `org-2`, `stacks-12`).
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = Ok(namespace.into());
        self.namespace_set = true;
        self
    }

    /// The namespace in use; `None` when the client's org id maps to none
    /// (every call then fails with
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument)).
    pub fn current_namespace(&self) -> Option<&str> {
        self.namespace.as_deref().ok()
    }

    /// Picks each resource's version from discovery: the server's
    /// preferred version when it is of the family, else the newest served;
    /// a group the server does not serve keeps its version.
    pub fn with_discovery(mut self, discovery: &Discovery) -> Self {
        let pick = |group: &str, candidates: &[&'static str], current: &mut Cow<'static, str>| {
            if let Some(v) = discovery.pick(group, candidates) {
                *current = Cow::Borrowed(v);
            }
        };
        pick(
            "dashboard.grafana.app",
            &DASHBOARD_V1_VERSIONS,
            &mut self.dashboards_v1,
        );
        pick(
            "dashboard.grafana.app",
            &DASHBOARD_V2_VERSIONS,
            &mut self.dashboards_v2,
        );
        pick("folder.grafana.app", &FOLDER_VERSIONS, &mut self.folders);
        pick(
            "playlist.grafana.app",
            &PLAYLIST_VERSIONS,
            &mut self.playlists,
        );
        self
    }

    fn api<K>(&self, resource: ApiResource) -> Api<K, C>
    where
        K: serde::Serialize + serde::de::DeserializeOwned + Send + 'static,
    {
        Api::from_target(
            self.client.clone(),
            Target {
                resource,
                namespace: self.namespace.clone(),
            },
        )
    }

    /// Dashboards with the classic JSON spec (`v1`; `v1beta1` on Grafana 12).
    pub fn dashboards_v1(&self) -> Api<Dashboard, C> {
        self.api(ApiResource::DASHBOARDS_V1.with_version(self.dashboards_v1.clone()))
    }

    /// Dashboards with the schema-v2 spec (`v2`; `v2beta1` on Grafana 12).
    pub fn dashboards_v2(&self) -> Api<DashboardV2, C> {
        self.api(ApiResource::DASHBOARDS_V2.with_version(self.dashboards_v2.clone()))
    }

    /// Folders.
    pub fn folders(&self) -> Api<Folder, C> {
        self.api(ApiResource::FOLDERS.with_version(self.folders.clone()))
    }

    /// Playlists.
    pub fn playlists(&self) -> Api<Playlist, C> {
        self.api(ApiResource::PLAYLISTS.with_version(self.playlists.clone()))
    }

    /// Any resource, objects as JSON. The kind is left to the objects you
    /// write (see [`dynamic_resource`](Self::dynamic_resource) to set it).
    pub fn dynamic(
        &self,
        group: impl Into<Cow<'static, str>>,
        version: impl Into<Cow<'static, str>>,
        plural: impl Into<Cow<'static, str>>,
    ) -> Api<DynamicObject, C> {
        self.api(ApiResource::new(group, version, plural, ""))
    }

    /// Any resource given in full.
    pub fn dynamic_resource(&self, resource: ApiResource) -> Api<DynamicObject, C> {
        self.api(resource)
    }

    /// `GET /apis`: the groups the server serves and their preferred
    /// versions.
    pub fn discover(&self) -> Call<C, Plain<Discovery>> {
        Call::new(
            &self.client,
            Plain::new(Request::get(ApiPath::root().lit("apis"))),
        )
    }

    /// `GET /apis/<group>/<version>`: the resources of one group version.
    pub fn discover_group(&self, group: &str, version: &str) -> Call<C, Plain<ApiResourceList>> {
        let path = ApiPath::root()
            .lit("apis")
            .param("group", group)
            .param("version", version);
        Call::new(&self.client, Plain::new(Request::get(path)))
    }

    /// This handle set up for the server: versions from `GET /apis`
    /// ([`with_discovery`](Self::with_discovery)), and on Grafana Cloud the
    /// `stacks-N` namespace from `GET /bootdata` `settings.namespace` (a
    /// server without `/bootdata`, or whose namespace is not a stack, keeps
    /// the org's namespace). A namespace set with
    /// [`namespace`](Self::namespace) before is kept.
    pub fn detect(&self) -> Call<C, Flow<Detect<C>>> {
        flow_call(&self.client, Detect { apis: self.clone() })
    }

    /// Reads a dashboard through the legacy API, and when Grafana answers
    /// 406 (a v2 dashboard, Grafana 12+) follows the `/apis` path in its
    /// message. Either way `status.conversion` is honoured: a read that
    /// failed to convert or lost data is repeated at the stored version.
    /// Without a path in the message, the dashboard is read through
    /// [`read_dashboard`](Self::read_dashboard).
    ///
    /// A dashboard the legacy API returns is converted with
    /// [`legacy_to_v1`] (it has no `resourceVersion`).
    pub fn get_dashboard_any(&self, uid: &str) -> Call<C, Flow<GetDashboardAny>> {
        flow_call(
            &self.client,
            GetDashboardAny {
                uid: uid.to_owned(),
                target: self.dashboards_v1().target,
            },
        )
    }

    /// Reads a dashboard through `/apis` at the v1 version, and again at
    /// its stored version when `status.conversion` says the first read
    /// failed or lost data (a v2 dashboard read as v1).
    pub fn read_dashboard(&self, uid: &str) -> Call<C, Flow<ReadDashboard>> {
        flow_call(
            &self.client,
            ReadDashboard {
                uid: uid.to_owned(),
                target: self.dashboards_v1().target,
            },
        )
    }
}

/// The setup of [`Apis::detect`].
#[derive(Debug)]
pub struct Detect<C> {
    apis: Apis<C>,
}

impl<C: Client> Steps for Detect<C> {
    type Output = Apis<C>;

    fn run(self, ctx: Ctx) -> BoxFuture<Apis<C>> {
        Box::pin(async move {
            let mut apis = self.apis;
            let bootdata = ctx
                .execute::<Value>(Request::get(ApiPath::root().lit("bootdata")))
                .await;
            match bootdata {
                Ok(b) => {
                    if let (Some(ns), false) = (stack_namespace(&b), apis.namespace_set) {
                        apis.namespace = Ok(ns);
                    }
                }
                // Older servers have no /bootdata; a page that is no JSON is
                // no answer either.
                Err(crate::Error::Api(_) | crate::Error::Decode(_)) => {}
                Err(e) => return Err(e),
            }
            let discovery: Discovery = ctx
                .execute(Request::get(ApiPath::root().lit("apis")))
                .await?;
            Ok(apis.with_discovery(&discovery))
        })
    }
}

/// `apis()` on any [`Client`], for code generic over the client (both
/// clients also have it as an inherent method, no import needed).
///
/// ```
/// use grafana_client::apis::{Apis, ApisClient};
/// fn namespace_of<C: ApisClient>(client: &C) -> Option<String> {
///     client.apis().current_namespace().map(str::to_owned)
/// }
/// ```
pub trait ApisClient: Client {
    /// Grafana's Kubernetes-style `/apis`; see [`crate::apis`].
    fn apis(&self) -> Apis<Self> {
        Apis::new(self)
    }
}

impl<C: Client> ApisClient for C {}

/// The Grafana Cloud namespace in a `/bootdata` answer:
/// `settings.namespace` when it is a `stacks-N` namespace (grafana/grafanactl
/// `internal/config/stack_id.go` reads it the same way).
pub(crate) fn stack_namespace(bootdata: &Value) -> Option<String> {
    let ns = bootdata.pointer("/settings/namespace")?.as_str()?;
    matches!(parse_namespace(ns), Ok(NamespaceOwner::Stack(_))).then(|| ns.to_owned())
}

impl crate::GrafanaApi {
    /// Grafana's Kubernetes-style `/apis`: dashboards, folders, playlists and
    /// any other group. See [`crate::apis`].
    pub fn apis(&self) -> Apis<Self> {
        Apis::new(self)
    }
}

impl crate::blocking::GrafanaApi {
    /// Grafana's Kubernetes-style `/apis`: dashboards, folders, playlists and
    /// any other group. See [`crate::apis`].
    pub fn apis(&self) -> Apis<Self> {
        Apis::new(self)
    }
}

#[cfg(test)]
mod tests;
