use serde::Serialize;
use serde_json::json;

use crate::call::{Call, Client, Endpoint, Plain, Request};
use crate::models::{DashboardIdOrUid, Message, Preferences, UserOrg, UserProfile, UserTeam};
use crate::path::{ApiPath, PathBuilder};

/// `api.user()`: the signed-in user (`/api/user`): profile, organizations,
/// teams, preferences, stars, password.
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// use grafana_client::models::Preferences;
/// let me = api.user().get_actual_user().await?;
/// println!("{} ({:?})", me.login, me.email);
/// for org in api.user().get_actual_user_organisations().await? {
///     println!("{}: {:?}", org.name, org.role);
/// }
/// api.user().star_dashboard("demo-overview").await?;
/// api.user()
///     .patch_preferences(&Preferences::new().theme("dark"))
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct User<C> {
    client: C,
}

/// `api/user/stars/dashboard/{id}` or `api/user/stars/dashboard/uid/{uid}`.
fn star_path(dashboard: DashboardIdOrUid) -> PathBuilder {
    let base = ApiPath::api().lit("user/stars/dashboard");
    match dashboard {
        DashboardIdOrUid::Id(id) => base.param("dashboard_id", id.to_string()),
        DashboardIdOrUid::Uid(uid) => base.lit("uid").param("dashboard_uid", uid),
    }
}

impl<C: Client> User<C> {
    pub(crate) fn new(client: C) -> Self {
        User { client }
    }

    /// `GET /api/user`: the signed-in user's profile.
    pub fn get_actual_user(&self) -> Call<C, Plain<UserProfile>> {
        Call::new(
            &self.client,
            Plain::new(Request::get(ApiPath::api().lit("user"))),
        )
    }

    /// `PUT /api/user/password`: changes the signed-in user's password
    /// (basic authentication or session only), sent as `{"oldPassword",
    /// "newPassword"}`. The call's `Debug` output does not show the passwords.
    ///
    /// The Python package also sends `confirmNew` (a copy of the new
    /// password); Grafana's `ChangeUserPasswordCommand` has only
    /// `oldPassword` and `newPassword` and ignores it, so it is not sent.
    pub fn change_actual_user_password(
        &self,
        old_password: &str,
        new_password: &str,
    ) -> Call<C, ChangeActualUserPassword> {
        Call::new(
            &self.client,
            ChangeActualUserPassword {
                old_password: old_password.to_owned(),
                new_password: new_password.to_owned(),
            },
        )
    }

    /// `POST /api/users/{user_id}/using/{organisation_id}`: switches another
    /// user's current organization (server admin).
    pub fn switch_user_organisation(
        &self,
        user_id: i64,
        organisation_id: i64,
    ) -> Call<C, Plain<Message>> {
        let path = ApiPath::api()
            .lit("users")
            .param("user_id", user_id.to_string())
            .lit("using")
            .param("organisation_id", organisation_id.to_string());
        Call::new(&self.client, Plain::new(Request::post(path)))
    }

    /// `POST /api/user/using/{organisation_id}`: makes this organization the
    /// signed-in user's current one (basic authentication or session only).
    /// The same request as
    /// [`Organizations::switch_organization`](crate::elements::Organizations::switch_organization).
    pub fn switch_actual_user_organisation(&self, organisation_id: i64) -> Call<C, Plain<Message>> {
        let path = ApiPath::api()
            .lit("user/using")
            .param("organisation_id", organisation_id.to_string());
        Call::new(&self.client, Plain::new(Request::post(path)))
    }

    /// `GET /api/user/orgs`: the organizations the signed-in user belongs
    /// to, with the role there (basic authentication or session only).
    pub fn get_actual_user_organisations(&self) -> Call<C, Plain<Vec<UserOrg>>> {
        Call::new(
            &self.client,
            Plain::new(Request::get(ApiPath::api().lit("user/orgs"))),
        )
    }

    /// `GET /api/user/teams`: the teams the signed-in user is a member of.
    pub fn get_actual_user_teams(&self) -> Call<C, Plain<Vec<UserTeam>>> {
        Call::new(
            &self.client,
            Plain::new(Request::get(ApiPath::api().lit("user/teams"))),
        )
    }

    /// `POST /api/user/stars/dashboard/{id}` or
    /// `POST /api/user/stars/dashboard/uid/{uid}`: stars a dashboard. An
    /// integer picks the (deprecated) id route, a string the uid route
    /// (`"17"` included, as in the Python package). The uid is
    /// percent-encoded as one path segment (the Python package sends it
    /// verbatim); an empty, `.` or `..` uid is refused unsent.
    pub fn star_dashboard(
        &self,
        dashboard_id_or_uid: impl Into<DashboardIdOrUid>,
    ) -> Call<C, Plain<Message>> {
        let request = Request::post(star_path(dashboard_id_or_uid.into()));
        Call::new(&self.client, Plain::new(request))
    }

    /// `DELETE /api/user/stars/dashboard/{id}` or
    /// `DELETE /api/user/stars/dashboard/uid/{uid}`: unstars a dashboard
    /// (the argument as in [`star_dashboard`](Self::star_dashboard)).
    pub fn unstar_dashboard(
        &self,
        dashboard_id_or_uid: impl Into<DashboardIdOrUid>,
    ) -> Call<C, Plain<Message>> {
        let request = Request::delete(star_path(dashboard_id_or_uid.into()));
        Call::new(&self.client, Plain::new(request))
    }

    /// Deprecated form of [`star_dashboard`](Self::star_dashboard) with a
    /// numeric id: `POST /api/user/stars/dashboard/{dashboard_id}`.
    #[deprecated(note = "use star_dashboard, as the Python package advises")]
    pub fn star_actual_user_dashboard(&self, dashboard_id: i64) -> Call<C, Plain<Message>> {
        self.star_dashboard(dashboard_id)
    }

    /// Deprecated form of [`unstar_dashboard`](Self::unstar_dashboard) with a
    /// numeric id: `DELETE /api/user/stars/dashboard/{dashboard_id}`.
    #[deprecated(note = "use unstar_dashboard, as the Python package advises")]
    pub fn unstar_actual_user_dashboard(&self, dashboard_id: i64) -> Call<C, Plain<Message>> {
        self.unstar_dashboard(dashboard_id)
    }

    /// `GET /api/user/preferences`: the signed-in user's preferences.
    pub fn get_preferences(&self) -> Call<C, Plain<Preferences>> {
        Call::new(
            &self.client,
            Plain::new(Request::get(ApiPath::api().lit("user/preferences"))),
        )
    }

    /// `PUT /api/user/preferences`: replaces the signed-in user's preferences
    /// (what is not sent is reset by Grafana; see
    /// [`patch_preferences`](Self::patch_preferences) to change some).
    /// `preferences` is a [`Preferences`] (only its set fields are sent) or any
    /// serializable body, sent as it is. The Python package's
    /// `filter_none=False` sends the unset keys as `null`, which Grafana reads
    /// as absent; this has no such option and sends only what is set.
    pub fn update_preferences(
        &self,
        preferences: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        let request = Request::new(http::Method::PUT, ApiPath::api().lit("user/preferences"))
            .json(preferences);
        Call::new(&self.client, Plain::new(request))
    }

    /// `PATCH /api/user/preferences`: changes the given preferences of the
    /// signed-in user and keeps the others. `preferences` as in
    /// [`update_preferences`](Self::update_preferences) (no `filter_none`
    /// either).
    pub fn patch_preferences(
        &self,
        preferences: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        let request = Request::new(http::Method::PATCH, ApiPath::api().lit("user/preferences"))
            .json(preferences);
        Call::new(&self.client, Plain::new(request))
    }
}

/// [`User::change_actual_user_password`]'s endpoint. Its `Debug` output
/// hides the passwords.
pub struct ChangeActualUserPassword {
    old_password: String,
    new_password: String,
}

impl std::fmt::Debug for ChangeActualUserPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChangeActualUserPassword")
            .field("old_password", &"<redacted>")
            .field("new_password", &"<redacted>")
            .finish()
    }
}

impl Endpoint for ChangeActualUserPassword {
    type Output = Message;

    fn into_request(self) -> Request {
        let body = json!({
            "oldPassword": self.old_password,
            "newPassword": self.new_password,
        });
        Request::new(http::Method::PUT, ApiPath::api().lit("user/password")).json(&body)
    }
}
