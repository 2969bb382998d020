use serde::Serialize;
use serde_json::Value;

use super::options::{list_body, plain, to_json};
use crate::call::{Call, Client, Endpoint, Plain, Request};
use crate::error::Result;
use crate::models::{
    DashboardDeleted, DashboardSaved, DashboardTag, DashboardWithMeta, HomeDashboard, Message,
    PermissionItem,
};
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
        plain(&self.client, Request::get(path))
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
        let body = to_json("dashboard", dashboard);
        Call::new(&self.client, UpdateDashboard { body })
    }

    /// `DELETE /api/dashboards/uid/{uid}`.
    pub fn delete_dashboard(&self, dashboard_uid: &str) -> Call<C, Plain<DashboardDeleted>> {
        let path = ApiPath::api()
            .lit("dashboards/uid")
            .param("dashboard_uid", dashboard_uid);
        plain(&self.client, Request::delete(path))
    }

    /// `GET /api/dashboards/db/{slug}`: the legacy lookup by slug.
    ///
    /// Removed in Grafana 8.0 (deprecated since 5.0): every current Grafana
    /// answers 404 `{"message":"Not found"}`. Use
    /// [`get_dashboard`](Self::get_dashboard) with the dashboard's uid (find
    /// it by title with `api.search().search_dashboards().query(..)`). Kept,
    /// deprecated, for the Python package's name.
    #[deprecated(
        note = "removed in Grafana 8.0; use get_dashboard with the dashboard's uid (search_dashboards finds it by title)"
    )]
    pub fn get_dashboard_by_name(&self, dashboard_name: &str) -> Call<C, Plain<DashboardWithMeta>> {
        let path = ApiPath::api()
            .lit("dashboards/db")
            .param("dashboard_name", dashboard_name);
        plain(&self.client, Request::get(path))
    }

    /// `GET /api/dashboards/tags`: every tag with the number of dashboards carrying it.
    pub fn get_dashboards_tags(&self) -> Call<C, Plain<Vec<DashboardTag>>> {
        let path = ApiPath::api().lit("dashboards/tags");
        plain(&self.client, Request::get(path))
    }

    /// `GET /api/dashboards/home`: the home dashboard, or where to find it
    /// ([`HomeDashboard::redirect_uri`]).
    pub fn get_home_dashboard(&self) -> Call<C, Plain<HomeDashboard>> {
        let path = ApiPath::api().lit("dashboards/home");
        plain(&self.client, Request::get(path))
    }

    /// `GET /api/dashboards/id/{id}/permissions` (deprecated by Grafana; use
    /// [`get_permissions_by_uid`](Self::get_permissions_by_uid)).
    pub fn get_permissions_by_id(&self, dashboard_id: i64) -> Call<C, Plain<Vec<PermissionItem>>> {
        self.get_permissions_generic(&dashboard_id.to_string(), "id")
    }

    /// `GET /api/dashboards/uid/{uid}/permissions`.
    pub fn get_permissions_by_uid(
        &self,
        dashboard_uid: &str,
    ) -> Call<C, Plain<Vec<PermissionItem>>> {
        self.get_permissions_generic(dashboard_uid, "uid")
    }

    /// `GET /api/dashboards/{idtype}/{identifier}/permissions`, `idtype`
    /// being `uid` or `id` (anything else is refused unsent).
    pub fn get_permissions_generic(
        &self,
        identifier: &str,
        idtype: &str,
    ) -> Call<C, Plain<Vec<PermissionItem>>> {
        let request = Request::get(permissions_path(identifier, idtype));
        plain(&self.client, request)
    }

    /// Deprecated name of [`get_permissions_by_id`](Self::get_permissions_by_id).
    #[deprecated(note = "use get_permissions_by_id, as the Python package advises")]
    pub fn get_dashboard_permissions(
        &self,
        dashboard_id: i64,
    ) -> Call<C, Plain<Vec<PermissionItem>>> {
        self.get_permissions_by_id(dashboard_id)
    }

    /// `POST /api/dashboards/id/{id}/permissions`: replaces the dashboard's
    /// permissions (see [`update_permissions_generic`](Self::update_permissions_generic)
    /// for `items`). Deprecated by Grafana; use
    /// [`update_permissions_by_uid`](Self::update_permissions_by_uid).
    pub fn update_permissions_by_id(
        &self,
        dashboard_id: i64,
        items: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        self.update_permissions_generic(&dashboard_id.to_string(), items, "id")
    }

    /// `POST /api/dashboards/uid/{uid}/permissions`: replaces the dashboard's
    /// permissions.
    pub fn update_permissions_by_uid(
        &self,
        dashboard_uid: &str,
        items: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        self.update_permissions_generic(dashboard_uid, items, "uid")
    }

    /// `POST /api/dashboards/{idtype}/{identifier}/permissions`. `items` is
    /// sent as Grafana's `{"items": [...]}`: a list is wrapped, one object
    /// becomes a one-item list, and an object that already has `items` is sent
    /// as it is. Anything else is refused unsent.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// use serde_json::json;
    /// api.dashboard()
    ///     .update_permissions_by_uid("demo-overview", &json!([{"role": "Viewer", "permission": 1}]))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn update_permissions_generic(
        &self,
        identifier: &str,
        items: &(impl Serialize + ?Sized),
        idtype: &str,
    ) -> Call<C, Plain<Message>> {
        let request =
            Request::post(permissions_path(identifier, idtype)).try_json(list_body("items", items));
        plain(&self.client, request)
    }

    /// Deprecated name of [`update_permissions_by_id`](Self::update_permissions_by_id).
    #[deprecated(note = "use update_permissions_by_id, as the Python package advises")]
    pub fn update_dashboard_permissions(
        &self,
        dashboard_id: i64,
        items: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        self.update_permissions_by_id(dashboard_id, items)
    }
}

/// `api/dashboards/{uid|id}/{identifier}/permissions`; another id type is an error.
fn permissions_path(identifier: &str, idtype: &str) -> crate::path::PathBuilder {
    let base = ApiPath::api().lit("dashboards");
    let typed = match idtype {
        "uid" => base.lit("uid"),
        "id" => base.lit("id"),
        // keep the problem for `finish`, where every path error is reported
        other => base
            .param("idtype", format!("{other}\0"))
            .invalid("idtype", format!("must be `uid` or `id`, not `{other}`")),
    };
    typed.param("identifier", identifier).lit("permissions")
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
