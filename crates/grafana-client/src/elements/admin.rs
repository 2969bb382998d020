use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde_json::{json, Value};

use super::options::{plain, to_json};
use crate::call::{Call, Client, Endpoint, Plain, Request};
use crate::error::Result;
use crate::models::{AdminSettings, AdminStats, AdminUserCreated, Message};
use crate::path::{ApiPath, PathBuilder};

/// `api.admin()`: server administration (`/api/admin`; needs a Grafana
/// server admin, through basic auth: tokens cannot be server admins).
///
/// Passwords given to these methods are kept out of every `Debug` output.
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// use serde_json::json;
/// let user = api
///     .admin()
///     .create_user(&json!({"name": "Ada", "login": "ada", "password": "s3cret-pass"}))
///     .await?;
/// api.admin().change_user_permissions(user.id, true).await?;
/// let stats = api.admin().stats().await?;
/// println!("{:?} users", stats.users);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Admin<C> {
    client: C,
}

fn user_path(user_id: i64) -> PathBuilder {
    ApiPath::api()
        .lit("admin/users")
        .param("user_id", user_id.to_string())
}

impl<C: Client> Admin<C> {
    pub(crate) fn new(client: C) -> Self {
        Admin { client }
    }

    /// `GET /api/admin/settings`: the server's configuration, by section.
    pub fn settings(&self) -> Call<C, Plain<AdminSettings>> {
        plain(
            &self.client,
            Request::get(ApiPath::api().lit("admin/settings")),
        )
    }

    /// `GET /api/admin/stats`: server-wide counts.
    pub fn stats(&self) -> Call<C, Plain<AdminStats>> {
        plain(
            &self.client,
            Request::get(ApiPath::api().lit("admin/stats")),
        )
    }

    /// `POST /api/admin/users`: creates a user; `user` is Grafana's body
    /// (`{"name": …, "email": …, "login": …, "password": …, "orgId": …}`),
    /// sent as it is. The call's `Debug` does not show the body's `password`.
    pub fn create_user(&self, user: &(impl Serialize + ?Sized)) -> Call<C, CreateUser> {
        let body = to_json("user", user);
        Call::new(&self.client, CreateUser { body })
    }

    /// `PUT /api/admin/users/{id}/password`: sets a user's password
    /// (`{"password": password}`). The call's `Debug` does not show it.
    pub fn change_user_password(
        &self,
        user_id: i64,
        password: &str,
    ) -> Call<C, ChangeUserPassword> {
        Call::new(
            &self.client,
            ChangeUserPassword {
                user_id,
                password: SecretString::from(password),
            },
        )
    }

    /// `PUT /api/admin/users/{id}/permissions`: makes a user a Grafana server
    /// admin or not (`{"isGrafanaAdmin": is_grafana_admin}`).
    pub fn change_user_permissions(
        &self,
        user_id: i64,
        is_grafana_admin: bool,
    ) -> Call<C, Plain<Message>> {
        let request = Request::new(http::Method::PUT, user_path(user_id).lit("permissions"))
            .json(&json!({ "isGrafanaAdmin": is_grafana_admin }));
        plain(&self.client, request)
    }

    /// `DELETE /api/admin/users/{id}`: deletes a user from the server.
    pub fn delete_user(&self, user_id: i64) -> Call<C, Plain<Message>> {
        plain(&self.client, Request::delete(user_path(user_id)))
    }

    /// `POST /api/admin/pause-all-alerts` (`{"paused": pause}`): pauses or
    /// resumes every legacy alert. The answer's `extra` holds
    /// `alertsAffected` and `state`.
    ///
    /// Legacy alerting only: removed with legacy alerting in Grafana 11,
    /// which answers 404 `{"message":"Not found"}`. Unified alerting pauses
    /// rules one at a time: set `isPaused` on a rule with
    /// [`AlertingProvisioning::update_alertrule`](crate::elements::AlertingProvisioning::update_alertrule)
    /// (or on a whole group with `update_rule_group`).
    #[deprecated(
        note = "removed in Grafana 11 with legacy alerting; pause unified-alerting rules with alertingprovisioning().update_alertrule (isPaused) or update_rule_group"
    )]
    pub fn pause_all_alerts(&self, pause: bool) -> Call<C, Plain<Message>> {
        let request = Request::post(ApiPath::api().lit("admin/pause-all-alerts"))
            .json(&json!({ "paused": pause }));
        plain(&self.client, request)
    }

    /// `POST /api/admin/users/{id}/enable` or `…/disable`, without a body.
    pub fn set_user_enabled(&self, user_id: i64, enabled: bool) -> Call<C, Plain<Message>> {
        let action = if enabled { "enable" } else { "disable" };
        plain(&self.client, Request::post(user_path(user_id).lit(action)))
    }
}

/// [`Admin::create_user`]'s endpoint; its `Debug` hides the `password` field.
pub struct CreateUser {
    body: Result<Value>,
}

impl fmt::Debug for CreateUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = self.body.as_ref().map(|body| {
            let mut shown = body.clone();
            if let Some(obj) = shown.as_object_mut() {
                for (key, value) in obj.iter_mut() {
                    if key.eq_ignore_ascii_case("password") {
                        *value = Value::from("[redacted]");
                    }
                }
            }
            shown
        });
        f.debug_struct("CreateUser").field("body", &body).finish()
    }
}

impl Endpoint for CreateUser {
    type Output = AdminUserCreated;

    fn into_request(self) -> Request {
        Request::post(ApiPath::api().lit("admin/users")).try_json(self.body)
    }
}

/// [`Admin::change_user_password`]'s endpoint; its `Debug` hides the password.
#[derive(Debug)]
pub struct ChangeUserPassword {
    user_id: i64,
    password: SecretString,
}

impl Endpoint for ChangeUserPassword {
    type Output = Message;

    fn into_request(self) -> Request {
        let path = user_path(self.user_id).lit("password");
        Request::new(http::Method::PUT, path)
            .json(&json!({ "password": self.password.expose_secret() }))
    }
}
