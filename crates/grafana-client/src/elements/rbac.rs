use serde::Serialize;
use serde_json::json;

use super::options::plain;
use crate::call::{Call, Client, Plain, Request};
use crate::models::{Message, ResourcePermission, Role};
use crate::path::{ApiPath, PathBuilder};

/// `api.rbac()`: role-based access control (`/api/access-control`).
///
/// Roles, team role assignments and data source permissions are Grafana
/// Enterprise (or Grafana Cloud) only: open-source Grafana registers only
/// `user/actions`, `user/permissions` and `users/permissions/search` under
/// `/api/access-control` and answers 404 to every method here. (Grafana's
/// newest open-source main branch adds the data source permission routes; no
/// release is known to have them.)
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// let roles = api.rbac().get_rbac_roles_all().await?;
/// if let Some(reader) = roles.iter().find(|r| r.name == "fixed:dashboards:reader") {
///     api.rbac().add_rbac_role_team(3, &reader.uid).await?;
/// }
/// api.rbac().set_rbac_datasources_teams("prom-uid", 3, "Query").await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Rbac<C> {
    client: C,
}

fn team_roles_path(team_id: i64) -> PathBuilder {
    ApiPath::api()
        .lit("access-control/teams")
        .param("team_id", team_id.to_string())
        .lit("roles")
}

fn datasource_path(datasource_uid: &str) -> PathBuilder {
    ApiPath::api()
        .lit("access-control/datasources")
        .param("datasource_uid", datasource_uid)
}

impl<C: Client> Rbac<C> {
    pub(crate) fn new(client: C) -> Self {
        Rbac { client }
    }

    /// `GET /api/access-control/roles`: every role the caller may see.
    ///
    /// Grafana Enterprise (or Grafana Cloud) only; open-source Grafana answers 404.
    pub fn get_rbac_roles_all(&self) -> Call<C, Plain<Vec<Role>>> {
        plain(
            &self.client,
            Request::get(ApiPath::api().lit("access-control/roles")),
        )
    }

    /// `POST /api/access-control/roles`: creates a custom role; `role` is
    /// Grafana's body (`{"name": …, "uid": …, "permissions": [{"action": …, "scope": …}]}`),
    /// sent as it is.
    ///
    /// Grafana Enterprise (or Grafana Cloud) only; open-source Grafana answers 404.
    pub fn create_rbac_role(&self, role: &(impl Serialize + ?Sized)) -> Call<C, Plain<Role>> {
        plain(
            &self.client,
            Request::post(ApiPath::api().lit("access-control/roles")).json(role),
        )
    }

    /// `POST /api/access-control/teams/{team_id}/roles`: grants one role to a
    /// team (`{"roleUid": role_uid}`).
    ///
    /// Grafana Enterprise (or Grafana Cloud) only; open-source Grafana answers 404.
    pub fn add_rbac_role_team(&self, team_id: i64, role_uid: &str) -> Call<C, Plain<Message>> {
        let request = Request::post(team_roles_path(team_id)).json(&json!({ "roleUid": role_uid }));
        plain(&self.client, request)
    }

    /// `PUT /api/access-control/teams/{team_id}/roles`: replaces the team's
    /// roles with these (`{"roleUids": [...]}`).
    ///
    /// Grafana Enterprise (or Grafana Cloud) only; open-source Grafana answers 404.
    pub fn add_rbac_roles_team(
        &self,
        team_id: i64,
        role_uids: &[impl AsRef<str>],
    ) -> Call<C, Plain<Message>> {
        let uids: Vec<&str> = role_uids.iter().map(AsRef::as_ref).collect();
        let request = Request::new(http::Method::PUT, team_roles_path(team_id))
            .json(&json!({ "roleUids": uids }));
        plain(&self.client, request)
    }

    /// `DELETE /api/access-control/teams/{team_id}/roles/{role_uid}`: takes a
    /// role from a team.
    ///
    /// Grafana Enterprise (or Grafana Cloud) only; open-source Grafana answers 404.
    pub fn remove_rbac_role_team(&self, team_id: i64, role_uid: &str) -> Call<C, Plain<Message>> {
        let path = team_roles_path(team_id).param("role_uid", role_uid);
        plain(&self.client, Request::delete(path))
    }

    /// `GET /api/access-control/datasources/{uid}`: who has which permission
    /// on a data source (Grafana 10.2.3 and later, as the Python package notes).
    ///
    /// Grafana Enterprise (or Grafana Cloud) only; open-source Grafana answers 404
    /// (only Grafana's newest open-source main branch registers these routes;
    /// no release is known to).
    pub fn get_rbac_datasources(
        &self,
        datasource_uid: &str,
    ) -> Call<C, Plain<Vec<ResourcePermission>>> {
        plain(&self.client, Request::get(datasource_path(datasource_uid)))
    }

    /// `POST /api/access-control/datasources/{uid}/builtInRoles/{builtin_role}`:
    /// sets a built-in role's (`Viewer`, `Editor`, `Admin`) permission on a
    /// data source (`{"permission": permission}`: `Query`, `Edit`, `Admin`,
    /// or `""` to remove it).
    ///
    /// Grafana Enterprise (or Grafana Cloud) only; open-source Grafana answers 404
    /// (only Grafana's newest open-source main branch registers these routes;
    /// no release is known to).
    pub fn set_rbac_datasources_builtin_roles(
        &self,
        datasource_uid: &str,
        builtin_role: &str,
        permission: &str,
    ) -> Call<C, Plain<Message>> {
        let path = datasource_path(datasource_uid)
            .lit("builtInRoles")
            .param("builtin_role", builtin_role);
        let request = Request::post(path).json(&json!({ "permission": permission }));
        plain(&self.client, request)
    }

    /// `POST /api/access-control/datasources/{uid}/teams/{team_id}`: sets a
    /// team's permission on a data source (`{"permission": permission}`:
    /// `Query`, `Edit`, `Admin`, or `""` to remove it).
    ///
    /// Grafana Enterprise (or Grafana Cloud) only; open-source Grafana answers 404
    /// (only Grafana's newest open-source main branch registers these routes;
    /// no release is known to).
    pub fn set_rbac_datasources_teams(
        &self,
        datasource_uid: &str,
        team_id: i64,
        permission: &str,
    ) -> Call<C, Plain<Message>> {
        let path = datasource_path(datasource_uid)
            .lit("teams")
            .param("team_id", team_id.to_string());
        let request = Request::post(path).json(&json!({ "permission": permission }));
        plain(&self.client, request)
    }
}
