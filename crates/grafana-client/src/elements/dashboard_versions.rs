use serde_json::json;

use crate::call::{Call, Client, Endpoint, Plain, Request};
use crate::error::{Error, Result};
use crate::models::{DashboardRef, DashboardSaved, DashboardVersion, DashboardVersionList};
use crate::path::{ApiPath, PathBuilder};

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
    /// versions, newest first. Options: [`limit`](Call::limit) and
    /// [`start`](Call::start) (how many of the newest to skip).
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
            },
        )
    }

    /// [`get_dashboard_versions`](Self::get_dashboard_versions) by numeric id.
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
    pub fn get_dashboard_version(
        &self,
        dashboard: impl Into<DashboardRef>,
        version_id: i64,
    ) -> Call<C, Plain<DashboardVersion>> {
        let path = dashboard_path(dashboard.into())
            .lit("versions")
            .param("version_id", version_id.to_string());
        Call::new(&self.client, Plain::new(Request::get(path)))
    }

    /// [`get_dashboard_version`](Self::get_dashboard_version) by numeric id.
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
        Call::new(&self.client, Plain::new(request))
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
                diff_type: String::from("json"),
            },
        )
    }
}

/// [`DashboardVersions::get_dashboard_versions`]'s endpoint and options.
#[derive(Debug)]
pub struct GetDashboardVersions {
    dashboard: DashboardRef,
    limit: Option<i64>,
    start: Option<i64>,
}

impl<C: Client> Call<C, GetDashboardVersions> {
    /// At most this many versions.
    pub fn limit(mut self, limit: i64) -> Self {
        self.endpoint.limit = Some(limit);
        self
    }

    /// Skip this many of the newest versions.
    pub fn start(mut self, start: i64) -> Self {
        self.endpoint.start = Some(start);
        self
    }
}

impl Endpoint for GetDashboardVersions {
    type Output = DashboardVersionList;

    fn into_request(self) -> Request {
        Request::get(dashboard_path(self.dashboard).lit("versions"))
            .query_opt("limit", self.limit)
            .query_opt("start", self.start)
    }
}

/// [`DashboardVersions::calculate_diff`]'s endpoint and options.
#[derive(Debug)]
pub struct CalculateDiff {
    base: (i64, i64),
    new: (i64, i64),
    diff_type: String,
}

impl<C: Client> Call<C, CalculateDiff> {
    /// `json` (the default) or `basic`.
    pub fn diff_type(mut self, diff_type: impl Into<String>) -> Self {
        self.endpoint.diff_type = diff_type.into();
        self
    }
}

impl Endpoint for CalculateDiff {
    type Output = String;

    fn into_request(self) -> Request {
        let body = match self.diff_type.as_str() {
            "json" | "basic" => Ok(json!({
                "base": {"dashboardId": self.base.0, "version": self.base.1},
                "new": {"dashboardId": self.new.0, "version": self.new.1},
                "diffType": self.diff_type,
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
