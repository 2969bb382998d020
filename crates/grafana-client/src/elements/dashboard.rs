use serde::Serialize;
use serde_json::Value;

use crate::call::{Call, Client, Endpoint, Plain, Request};
use crate::error::{Error, Result};
use crate::models::{DashboardDeleted, DashboardSaved, DashboardWithMeta};
use crate::path::ApiPath;

/// `api.dashboard()`: dashboards by uid.
#[derive(Debug, Clone)]
pub struct Dashboard<C> {
    client: C,
}

impl<C: Client> Dashboard<C> {
    pub(crate) fn new(client: C) -> Self {
        Dashboard { client }
    }

    /// `GET /api/dashboards/uid/{uid}`: the dashboard and its metadata.
    ///
    /// The uid is percent-encoded as one path segment (the Python package
    /// sends it verbatim); an empty, `.` or `..` uid is refused unsent.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// let dash = api.dashboard().get_dashboard("demo-overview").await?;
    /// println!("{:?} in folder {:?}", dash.title(), dash.meta.folder_title);
    /// # Ok(()) }
    /// ```
    pub fn get_dashboard(&self, dashboard_uid: &str) -> Call<C, Plain<DashboardWithMeta>> {
        let path = ApiPath::api()
            .lit("dashboards/uid")
            .param("dashboard_uid", dashboard_uid);
        Call::new(&self.client, Plain::new(Request::get(path)))
    }

    /// `POST /api/dashboards/db`: creates or updates a dashboard.
    ///
    /// `dashboard` is the save command (`{"dashboard": {...}, "folderUid": ...,
    /// "overwrite": ..., "message": ...}`), as any serializable value. As in the
    /// Python package, when it carries a `meta` object (a fetched
    /// [`DashboardWithMeta`]) and no top-level `folderUid`/`folderId`, the
    /// folder is taken from `meta`, so a fetched dashboard is saved back into
    /// its folder.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// let mut dash = api.dashboard().get_dashboard("demo-overview").await?;
    /// dash.dashboard["title"] = "Renamed".into();
    /// let saved = api.dashboard().update_dashboard(&dash).await?;
    /// println!("now version {}", saved.version);
    /// # Ok(()) }
    /// ```
    pub fn update_dashboard(
        &self,
        dashboard: &(impl Serialize + ?Sized),
    ) -> Call<C, UpdateDashboard> {
        let body = serde_json::to_value(dashboard).map_err(|e| {
            Error::invalid_argument("dashboard", format!("cannot be serialized: {e}"))
        });
        Call::new(&self.client, UpdateDashboard { body })
    }

    /// `DELETE /api/dashboards/uid/{uid}`.
    pub fn delete_dashboard(&self, dashboard_uid: &str) -> Call<C, Plain<DashboardDeleted>> {
        let path = ApiPath::api()
            .lit("dashboards/uid")
            .param("dashboard_uid", dashboard_uid);
        Call::new(&self.client, Plain::new(Request::delete(path)))
    }
}

/// [`Dashboard::update_dashboard`]'s endpoint.
#[derive(Debug)]
pub struct UpdateDashboard {
    body: Result<Value>,
}

impl Endpoint for UpdateDashboard {
    type Output = DashboardSaved;

    fn into_request(self) -> Request {
        let body = self.body.map(|mut body| {
            folder_from_meta(&mut body);
            body
        });
        Request::post(ApiPath::api().lit("dashboards/db")).try_json(body)
    }
}

fn folder_from_meta(body: &mut Value) {
    let Some(obj) = body.as_object_mut() else {
        return;
    };
    if obj.contains_key("folderUid") || obj.contains_key("folderId") {
        return;
    }
    let from_meta = |key: &str| obj.get("meta").and_then(|m| m.get(key)).cloned();
    if let Some(uid) = from_meta("folderUid") {
        obj.insert("folderUid".into(), uid);
    } else if let Some(id) = from_meta("folderId") {
        obj.insert("folderId".into(), id);
    }
}
