use serde::Serialize;
use serde_json::json;

use super::options::{object, plain, setters};
use crate::call::{Call, Client, Endpoint, Plain, Request};
use crate::models::{Message, Org, OrgUser, Preferences};
use crate::path::{ApiPath, PathBuilder};

/// `api.organizations()`: every organization of the server, and their
/// members (server admin, basic authentication: `/api/orgs`).
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// use serde_json::json;
/// for org in api.organizations().list_organization().await? {
///     let members = api.organizations().organization_user_list(org.id).await?;
///     println!("{}: {} members", org.name, members.len());
/// }
/// api.organizations()
///     .organization_user_add(2, &json!({"loginOrEmail": "ana", "role": "Viewer"}))
///     .await?;
/// api.organizations().organization_user_update(2, 7, "Editor").await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Organizations<C> {
    client: C,
}

/// `api/orgs/{organization_id}`.
fn org_path(organization_id: i64) -> PathBuilder {
    ApiPath::api()
        .lit("orgs")
        .param("organization_id", organization_id.to_string())
}

/// `api/orgs/{organization_id}/users/{user_id}`.
fn org_user_path(organization_id: i64, user_id: i64) -> PathBuilder {
    org_path(organization_id)
        .lit("users")
        .param("user_id", user_id.to_string())
}

impl<C: Client> Organizations<C> {
    pub(crate) fn new(client: C) -> Self {
        Organizations { client }
    }

    /// `GET /api/orgs`: all organizations (Grafana's first page of up to
    /// 1000).
    pub fn list_organization(&self) -> Call<C, Plain<Vec<Org>>> {
        plain(&self.client, Request::get(ApiPath::api().lit("orgs")))
    }

    /// `PUT /api/orgs/{organization_id}`: renames an organization.
    /// `organization` is Grafana's body (`{"name": "New name"}`), sent as it is.
    pub fn update_organization(
        &self,
        organization_id: i64,
        organization: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        let request = Request::new(http::Method::PUT, org_path(organization_id)).json(organization);
        plain(&self.client, request)
    }

    /// `DELETE /api/orgs/{organization_id}`: deletes an organization and
    /// everything in it.
    pub fn delete_organization(&self, organization_id: i64) -> Call<C, Plain<Message>> {
        plain(&self.client, Request::delete(org_path(organization_id)))
    }

    /// `POST /api/user/using/{organization_id}`: makes this organization the
    /// signed-in user's current one (basic authentication or session only).
    /// The same request as
    /// [`User::switch_actual_user_organisation`](crate::elements::User::switch_actual_user_organisation).
    pub fn switch_organization(&self, organization_id: i64) -> Call<C, Plain<Message>> {
        let path = ApiPath::api()
            .lit("user/using")
            .param("organization_id", organization_id.to_string());
        plain(&self.client, Request::post(path))
    }

    /// `GET /api/orgs/{organization_id}/users`: the organization's members.
    pub fn organization_user_list(&self, organization_id: i64) -> Call<C, Plain<Vec<OrgUser>>> {
        let path = org_path(organization_id).lit("users");
        plain(&self.client, Request::get(path))
    }

    /// `POST /api/orgs/{organization_id}/users`: adds an existing user.
    /// `user` is Grafana's body (`{"loginOrEmail": "ana", "role": "Viewer"}`),
    /// sent as it is; the answer carries the `userId` in [`Message::extra`].
    pub fn organization_user_add(
        &self,
        organization_id: i64,
        user: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        let request = Request::post(org_path(organization_id).lit("users")).json(user);
        plain(&self.client, request)
    }

    /// `PATCH /api/orgs/{organization_id}/users/{user_id}`: sets a member's
    /// role (`Viewer`, `Editor`, `Admin`, `None`), sent as `{"role": …}`.
    pub fn organization_user_update(
        &self,
        organization_id: i64,
        user_id: i64,
        user_role: &str,
    ) -> Call<C, Plain<Message>> {
        let request = Request::new(http::Method::PATCH, org_user_path(organization_id, user_id))
            .json(&json!({ "role": user_role }));
        plain(&self.client, request)
    }

    /// `DELETE /api/orgs/{organization_id}/users/{user_id}`: removes a member.
    pub fn organization_user_delete(
        &self,
        organization_id: i64,
        user_id: i64,
    ) -> Call<C, Plain<Message>> {
        let request = Request::delete(org_user_path(organization_id, user_id));
        plain(&self.client, request)
    }

    /// Deprecated name of
    /// [`Organization::get_preferences`](crate::elements::Organization::get_preferences):
    /// `GET /api/org/preferences`.
    #[deprecated(note = "use organization().get_preferences(), as the Python package advises")]
    pub fn organization_preference_get(&self) -> Call<C, Plain<Preferences>> {
        super::Organization::new(self.client.clone()).get_preferences()
    }

    /// Deprecated form of
    /// [`Organization::update_preferences`](crate::elements::Organization::update_preferences):
    /// `PUT /api/org/preferences` with the options
    /// [`theme`](Call::theme), [`home_dashboard_id`](Call::home_dashboard_id)
    /// and [`timezone`](Call::timezone). The Python package sends `theme: ""`,
    /// `homeDashboardId: 0` and `timezone: "utc"` when they are not given;
    /// this sends only the options that are set (Grafana's `PUT` still resets
    /// what is not sent).
    #[deprecated(
        note = "use organization().update_preferences() or patch_preferences(), as the Python package advises"
    )]
    pub fn organization_preference_update(&self) -> Call<C, OrganizationPreferenceUpdate> {
        Call::new(&self.client, OrganizationPreferenceUpdate::default())
    }
}

/// [`Organizations::organization_preference_update`]'s endpoint and options (the body).
#[derive(Serialize, Default, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationPreferenceUpdate {
    home_dashboard_id: Option<i64>,
    theme: Option<String>,
    timezone: Option<String>,
}

setters! { OrganizationPreferenceUpdate;
    /// `light`, `dark`, or `""` for the default.
    theme: into String;
    /// Numeric id of the home dashboard.
    home_dashboard_id: value i64;
    /// `utc`, `browser`, or `""` for the default.
    timezone: into String;
}

impl Endpoint for OrganizationPreferenceUpdate {
    type Output = Message;

    fn into_request(self) -> Request {
        Request::new(http::Method::PUT, ApiPath::api().lit("org/preferences"))
            .try_json(object(&self))
    }
}
