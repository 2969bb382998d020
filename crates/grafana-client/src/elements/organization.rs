use serde::Serialize;
use serde_json::{json, Value};

use super::options::{plain, to_json};
use crate::call::{Call, Client, Plain, Request};
use crate::error::{Error, Result};
use crate::models::{Message, OrgCreated, OrgDetails, OrgUser, Preferences};
use crate::path::{ApiPath, PathBuilder};

/// `api.organization()`: the current organization (`/api/org`, the one the
/// client acts in: see [`Call::org_id`]), and creating or finding others.
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// use grafana_client::models::Preferences;
/// use serde_json::json;
/// let org = api.organization().get_current_organization().await?;
/// println!("acting in {} ({})", org.name, org.id);
/// api.organization()
///     .add_user_current_organization(&json!({"loginOrEmail": "ana", "role": "Editor"}))
///     .await?;
/// api.organization()
///     .patch_preferences(&Preferences::new().week_start("monday"))
///     .await?;
/// let created = api.organization().create_organization("Team B").await?;
/// println!("new org {}", created.org_id);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Organization<C> {
    client: C,
}

/// `api/org/users/{user_id}`.
fn current_org_user_path(user_id: i64) -> PathBuilder {
    ApiPath::api()
        .lit("org/users")
        .param("user_id", user_id.to_string())
}

/// `{"name": …}` from a name or an object with a non-blank `name`.
fn create_org_body(organization: &(impl Serialize + ?Sized)) -> Result<Value> {
    let value = to_json("organization", organization)?;
    let name = match &value {
        Value::String(name) => name.as_str(),
        Value::Object(map) => match map.get("name") {
            Some(Value::String(name)) => name.as_str(),
            _ => {
                return Err(Error::invalid_argument(
                    "organization",
                    "must have a string `name`",
                ))
            }
        },
        other => {
            return Err(Error::invalid_argument(
                "organization",
                format!("must be a name or an object with a `name`, not {other}"),
            ))
        }
    };
    if name.trim().is_empty() {
        return Err(Error::invalid_argument(
            "organization",
            "the name must not be blank",
        ));
    }
    Ok(json!({ "name": name }))
}

impl<C: Client> Organization<C> {
    pub(crate) fn new(client: C) -> Self {
        Organization { client }
    }

    /// `GET /api/org`: the current organization.
    pub fn get_current_organization(&self) -> Call<C, Plain<OrgDetails>> {
        plain(&self.client, Request::get(ApiPath::api().lit("org")))
    }

    /// `PUT /api/org`: renames the current organization. `organization` is
    /// Grafana's body (`{"name": "New name"}`), sent as it is.
    pub fn update_current_organization(
        &self,
        organization: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        let request = Request::new(http::Method::PUT, ApiPath::api().lit("org")).json(organization);
        plain(&self.client, request)
    }

    /// `GET /api/org/users`: the members of the current organization.
    pub fn get_current_organization_users(&self) -> Call<C, Plain<Vec<OrgUser>>> {
        plain(&self.client, Request::get(ApiPath::api().lit("org/users")))
    }

    /// `POST /api/org/users`: adds an existing user to the current
    /// organization. `user` is Grafana's body (`{"loginOrEmail": "ana",
    /// "role": "Viewer"}`), sent as it is; the answer carries the `userId`
    /// in [`Message::extra`].
    pub fn add_user_current_organization(
        &self,
        user: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        let request = Request::post(ApiPath::api().lit("org/users")).json(user);
        plain(&self.client, request)
    }

    /// `PATCH /api/org/users/{user_id}`: changes a member's role. `user` is
    /// Grafana's body (`{"role": "Editor"}`), sent as it is.
    pub fn update_user_current_organization(
        &self,
        user_id: i64,
        user: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        let request = Request::new(http::Method::PATCH, current_org_user_path(user_id)).json(user);
        plain(&self.client, request)
    }

    /// `DELETE /api/org/users/{user_id}`: removes a member from the current
    /// organization.
    pub fn delete_user_current_organization(&self, user_id: i64) -> Call<C, Plain<Message>> {
        let request = Request::delete(current_org_user_path(user_id));
        plain(&self.client, request)
    }

    /// `POST /api/orgs`: creates an organization (server admin, or any user
    /// when Grafana allows it). `organization` is its name, or an object
    /// whose `name` is used (as in the Python package, other keys are
    /// dropped: Grafana takes only the name). A blank name, or anything
    /// else, is refused unsent.
    pub fn create_organization(
        &self,
        organization: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<OrgCreated>> {
        let request =
            Request::post(ApiPath::api().lit("orgs")).try_json(create_org_body(organization));
        plain(&self.client, request)
    }

    /// `GET /api/orgs/name/{org_name}`: an organization by name (server
    /// admin). The name is percent-encoded as one path segment (the Python
    /// package sends it verbatim); an empty, `.` or `..` name is refused
    /// unsent.
    pub fn find_organization(&self, org_name: &str) -> Call<C, Plain<OrgDetails>> {
        let path = ApiPath::api().lit("orgs/name").param("org_name", org_name);
        plain(&self.client, Request::get(path))
    }

    /// `GET /api/org/preferences`: the current organization's preferences.
    pub fn get_preferences(&self) -> Call<C, Plain<Preferences>> {
        plain(
            &self.client,
            Request::get(ApiPath::api().lit("org/preferences")),
        )
    }

    /// `PUT /api/org/preferences`: replaces the current organization's
    /// preferences (what is not sent is reset by Grafana; see
    /// [`patch_preferences`](Self::patch_preferences) to change some).
    /// `preferences` is a [`Preferences`] (only its set fields are sent) or
    /// any serializable body, sent as it is. The Python package accepts only
    /// its `PersonalPreferences` here; any body is accepted.
    pub fn update_preferences(
        &self,
        preferences: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        let request = Request::new(http::Method::PUT, ApiPath::api().lit("org/preferences"))
            .json(preferences);
        plain(&self.client, request)
    }

    /// `PATCH /api/org/preferences`: changes the given preferences of the
    /// current organization and keeps the others. `preferences` as in
    /// [`update_preferences`](Self::update_preferences).
    pub fn patch_preferences(
        &self,
        preferences: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        let request = Request::new(http::Method::PATCH, ApiPath::api().lit("org/preferences"))
            .json(preferences);
        plain(&self.client, request)
    }
}
