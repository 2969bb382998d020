use serde::Serialize;
use serde_json::json;

use super::options::{plain, setters, RequestExt};
use crate::call::{Call, Client, Endpoint, Plain, Request};
use crate::error::{Error, Result};
use crate::models::{DashboardRef, DashboardSaved, DashboardVersion, DashboardVersionList};
use crate::paging::{Cursor, Page, Paged};
use crate::path::{ApiPath, PathBuilder};

/// Grafana's page size for the version list when `limit` is unset or 0.
const DEFAULT_LIMIT: i64 = 1000;

/// `api.dashboard_versions()`: a dashboard's version history
/// (`/api/dashboards/uid/{uid}/versions`, `…/restore`, `…/calculate-diff`).
///
/// The generic methods take the dashboard as a [`DashboardRef`]: a uid
/// (`&str`, `String`) or a numeric id (`i64`; Grafana has deprecated and
/// lately removed the id routes). The `*_by_uid` and `*_by_id` methods are
/// the Python package's wrappers of them.
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// let history = api
///     .dashboard_versions()
///     .get_dashboard_versions("demo-overview")
///     .limit(10)
///     .await?;
/// for v in history.versions() {
///     println!("{:?} by {:?}: {:?}", v.version, v.created_by, v.message);
/// }
/// let one = api.dashboard_versions().get_dashboard_version("demo-overview", 3).await?;
/// println!("{:?}", one.data);
/// api.dashboard_versions().restore_dashboard("demo-overview", 3).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct DashboardVersions<C> {
    client: C,
}

/// `api/dashboards/id/{id}` or `api/dashboards/uid/{uid}`.
fn dashboard_path(dashboard: DashboardRef) -> PathBuilder {
    match dashboard {
        DashboardRef::Id(id) => ApiPath::api()
            .lit("dashboards/id")
            .param("dashboard_id", id.to_string()),
        DashboardRef::Uid(uid) => ApiPath::api()
            .lit("dashboards/uid")
            .param("dashboard_uid", uid),
    }
}

impl<C: Client> DashboardVersions<C> {
    pub(crate) fn new(client: C) -> Self {
        DashboardVersions { client }
    }

    /// The dashboard's path below the API root, encoded: `/dashboards/uid/{uid}`
    /// or `/dashboards/id/{id}` (without `/api`, as the Python package's static
    /// helper returns it). Sends nothing; an empty, `.` or `..` uid is an
    /// [`Error::InvalidArgument`].
    pub fn api_path(&self, dashboard: impl Into<DashboardRef>) -> Result<String> {
        let path = dashboard_path(dashboard.into()).finish()?;
        Ok(path
            .encoded()
            .strip_prefix("api")
            .unwrap_or(path.encoded())
            .to_owned())
    }

    /// `GET /api/dashboards/{uid|id}/{dashboard}/versions`: the dashboard's
    /// versions, newest first. Options: [`limit`](Call::limit),
    /// `start` (how many of the newest to skip; Grafana 12 and
    /// later ignore it) and [`continue_token`](Call::continue_token) (the
    /// previous answer's [`continue_token`](DashboardVersionList::continue_token),
    /// Grafana 11.6 and later).
    ///
    /// For every version, use [`.all()`](Call::all),
    /// [`.into_stream()`](Call::into_stream) (async) or iterate the call
    /// (blocking): they follow `continueToken` where Grafana gives one
    /// (Grafana 12 and later) and `start` otherwise (up to 11.6), with
    /// `limit` as the page size (Grafana's default 1000), and stop if the
    /// server answers a page again.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// let every_version = api
    ///     .dashboard_versions()
    ///     .get_dashboard_versions("demo-overview")
    ///     .limit(100)
    ///     .all()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// By id, Grafana 13 answers 400 `uid is required` (its handler reads
    /// only `:uid`); pass the uid. [`restore_dashboard`](Self::restore_dashboard)
    /// still takes either.
    ///
    /// The Python package sends `limit` and `start` as a form body of the GET,
    /// which Grafana ignores; this sends them as query parameters.
    pub fn get_dashboard_versions(
        &self,
        dashboard: impl Into<DashboardRef>,
    ) -> Call<C, GetDashboardVersions> {
        Call::new(
            &self.client,
            GetDashboardVersions {
                dashboard: dashboard.into(),
                limit: None,
                start: None,
                continue_token: None,
            },
        )
    }

    /// [`get_dashboard_versions`](Self::get_dashboard_versions) by numeric id.
    ///
    /// Grafana 13 answers 400 `uid is required`: its `GetDashboardVersions`
    /// handler (`pkg/api/dashboard.go`) reads only `:uid`, although the id
    /// route is still registered. Up to Grafana 12 the id route works.
    #[deprecated(
        note = "Grafana 13 answers 400 `uid is required` on the id route; use get_dashboard_versions_by_uid"
    )]
    pub fn get_dashboard_versions_by_id(&self, dashboard_id: i64) -> Call<C, GetDashboardVersions> {
        self.get_dashboard_versions(dashboard_id)
    }

    /// [`get_dashboard_versions`](Self::get_dashboard_versions) by uid.
    pub fn get_dashboard_versions_by_uid(
        &self,
        dashboard_uid: &str,
    ) -> Call<C, GetDashboardVersions> {
        self.get_dashboard_versions(dashboard_uid)
    }

    /// `GET /api/dashboards/{uid|id}/{dashboard}/versions/{version_id}`: one
    /// version, with its dashboard JSON in [`data`](DashboardVersion::data).
    /// By id, Grafana 13 answers 400 `uid is required`; pass the uid.
    pub fn get_dashboard_version(
        &self,
        dashboard: impl Into<DashboardRef>,
        version_id: i64,
    ) -> Call<C, Plain<DashboardVersion>> {
        let path = dashboard_path(dashboard.into())
            .lit("versions")
            .param("version_id", version_id.to_string());
        plain(&self.client, Request::get(path))
    }

    /// [`get_dashboard_version`](Self::get_dashboard_version) by numeric id.
    ///
    /// Grafana 13 answers 400 `uid is required`: its `GetDashboardVersion`
    /// handler (`pkg/api/dashboard.go`) reads only `:uid`. Up to Grafana 12
    /// the id route works.
    #[deprecated(
        note = "Grafana 13 answers 400 `uid is required` on the id route; use get_dashboard_version_by_uid"
    )]
    pub fn get_dashboard_version_by_id(
        &self,
        dashboard_id: i64,
        version_id: i64,
    ) -> Call<C, Plain<DashboardVersion>> {
        self.get_dashboard_version(dashboard_id, version_id)
    }

    /// [`get_dashboard_version`](Self::get_dashboard_version) by uid.
    pub fn get_dashboard_version_by_uid(
        &self,
        dashboard_uid: &str,
        version_id: i64,
    ) -> Call<C, Plain<DashboardVersion>> {
        self.get_dashboard_version(dashboard_uid, version_id)
    }

    /// `POST /api/dashboards/{uid|id}/{dashboard}/restore` with
    /// `{"version": version_id}`: saves that version as the newest one.
    pub fn restore_dashboard(
        &self,
        dashboard: impl Into<DashboardRef>,
        version_id: i64,
    ) -> Call<C, Plain<DashboardSaved>> {
        let path = dashboard_path(dashboard.into()).lit("restore");
        let request = Request::post(path).json(&json!({ "version": version_id }));
        plain(&self.client, request)
    }

    /// [`restore_dashboard`](Self::restore_dashboard) by numeric id.
    pub fn restore_dashboard_by_id(
        &self,
        dashboard_id: i64,
        version_id: i64,
    ) -> Call<C, Plain<DashboardSaved>> {
        self.restore_dashboard(dashboard_id, version_id)
    }

    /// [`restore_dashboard`](Self::restore_dashboard) by uid.
    pub fn restore_dashboard_by_uid(
        &self,
        dashboard_uid: &str,
        version_id: i64,
    ) -> Call<C, Plain<DashboardSaved>> {
        self.restore_dashboard(dashboard_uid, version_id)
    }

    /// `POST /api/dashboards/calculate-diff`: the difference between two
    /// dashboard versions, as the HTML fragment Grafana renders (`text/html`).
    /// Option: [`diff_type`](Call::diff_type), `json` (the default, always
    /// sent) or `basic`; anything else is refused unsent, as in the Python
    /// package.
    ///
    /// Served up to Grafana 12 (`registerRoutes`, `CalculateDashboardDiff`);
    /// the newest `pkg/api/dashboard.go` has no handler for it, so Grafana 13
    /// may answer 404. There is no server-side replacement: fetch both
    /// versions with [`get_dashboard_version`](Self::get_dashboard_version)
    /// and compare their [`data`](DashboardVersion::data).
    pub fn calculate_diff(
        &self,
        base_dashboard_id: i64,
        base_version_id: i64,
        new_dashboard_id: i64,
        new_version_id: i64,
    ) -> Call<C, CalculateDiff> {
        Call::new(
            &self.client,
            CalculateDiff {
                base: (base_dashboard_id, base_version_id),
                new: (new_dashboard_id, new_version_id),
                diff_type: None,
            },
        )
    }
}

/// [`DashboardVersions::get_dashboard_versions`]'s endpoint and options (the query).
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct GetDashboardVersions {
    #[serde(skip)]
    dashboard: DashboardRef,
    limit: Option<i64>,
    start: Option<i64>,
    #[serde(skip_serializing_if = "none_or_empty")]
    continue_token: Option<String>,
}

setters! { GetDashboardVersions;
    /// At most this many versions.
    limit: value i64;
    /// Skip this many of the newest versions (Grafana up to 11.6; 12 and
    /// later ignore it and page with [`continue_token`](Self::continue_token)).
    start: value i64;
    /// Resume after the page whose answer gave this token
    /// ([`DashboardVersionList::continue_token`]; Grafana 11.6 and later).
    /// An empty token is not sent.
    continue_token: into String;
}

/// An unset or empty continue token is not sent.
fn none_or_empty(token: &Option<String>) -> bool {
    token.as_deref().is_none_or(str::is_empty)
}

impl Endpoint for GetDashboardVersions {
    type Output = DashboardVersionList;

    fn into_request(self) -> Request {
        Request::get(dashboard_path(self.dashboard.clone()).lit("versions")).query_options(&self)
    }
}

impl Paged for GetDashboardVersions {
    type Item = DashboardVersion;

    /// Page `page` (from 1) by `start`: the first page starts where
    /// `start` says (or at the newest), each next one
    /// `limit` further.
    fn with_page(mut self, page: u32) -> Self {
        let size = self.limit.filter(|l| *l > 0).unwrap_or(DEFAULT_LIMIT);
        let skip = i64::from(page.saturating_sub(1)).saturating_mul(size);
        if skip > 0 {
            self.start = Some(self.start.unwrap_or(0).saturating_add(skip));
        }
        self
    }

    fn per_page(&self) -> Option<u32> {
        let size = self.limit.filter(|l| *l > 0).unwrap_or(DEFAULT_LIMIT);
        u32::try_from(size).ok()
    }

    fn page(output: DashboardVersionList) -> Page<DashboardVersion> {
        Page {
            items: output.into_versions(),
            total: None,
        }
    }

    fn continue_token(output: &DashboardVersionList) -> Option<String> {
        output.continue_token().map(str::to_owned)
    }

    /// The previous answer's token when it gave one (and no `start`), else
    /// `start` moved past the versions seen.
    fn next_page(mut self, cursor: &Cursor) -> Self {
        match &cursor.continue_token {
            Some(token) => {
                self.continue_token = Some(token.clone());
                self.start = None;
            }
            None if cursor.seen > 0 => {
                let seen = i64::try_from(cursor.seen).unwrap_or(i64::MAX);
                self.start = Some(self.start.unwrap_or(0).saturating_add(seen));
            }
            None => {}
        }
        self
    }

    /// Version numbers decrease, newest first.
    fn order_key(item: &DashboardVersion) -> Option<i64> {
        item.version
    }
}

/// [`DashboardVersions::calculate_diff`]'s endpoint and options.
#[derive(Debug)]
pub struct CalculateDiff {
    base: (i64, i64),
    new: (i64, i64),
    diff_type: Option<String>,
}

setters! { CalculateDiff;
    /// `json` (the default) or `basic`.
    diff_type: into String;
}

impl Endpoint for CalculateDiff {
    type Output = String;

    fn into_request(self) -> Request {
        let body = match self.diff_type.as_deref().unwrap_or("json") {
            diff_type @ ("json" | "basic") => Ok(json!({
                "base": {"dashboardId": self.base.0, "version": self.base.1},
                "new": {"dashboardId": self.new.0, "version": self.new.1},
                "diffType": diff_type,
            })),
            other => Err(Error::invalid_argument(
                "diff_type",
                format!("must be `json` or `basic`, not `{other}`"),
            )),
        };
        Request::post(ApiPath::api().lit("dashboards/calculate-diff"))
            .try_json(body)
            .text()
    }
}
