use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::options::{finish_with, plain};
use crate::call::{Call, CallOptions, Client, Endpoint, Plain, Request};
use crate::error::Result;
use crate::models::{DashboardIdOrUid, Message, Preferences, UserOrg, UserProfile, UserTeam};
use crate::path::{ApiPath, PathBuilder};
use crate::version::GrafanaVersion;

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
        plain(&self.client, Request::get(ApiPath::api().lit("user")))
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
                old_password: SecretString::from(old_password),
                new_password: SecretString::from(new_password),
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
        plain(&self.client, Request::post(path))
    }

    /// `POST /api/user/using/{organisation_id}`: makes this organization the
    /// signed-in user's current one (basic authentication or session only).
    /// The same request as
    /// [`Organizations::switch_organization`](crate::elements::Organizations::switch_organization).
    pub fn switch_actual_user_organisation(&self, organisation_id: i64) -> Call<C, Plain<Message>> {
        let path = ApiPath::api()
            .lit("user/using")
            .param("organisation_id", organisation_id.to_string());
        plain(&self.client, Request::post(path))
    }

    /// `GET /api/user/orgs`: the organizations the signed-in user belongs
    /// to, with the role there (basic authentication or session only).
    pub fn get_actual_user_organisations(&self) -> Call<C, Plain<Vec<UserOrg>>> {
        plain(&self.client, Request::get(ApiPath::api().lit("user/orgs")))
    }

    /// `GET /api/user/teams`: the teams the signed-in user is a member of.
    pub fn get_actual_user_teams(&self) -> Call<C, Plain<Vec<UserTeam>>> {
        plain(&self.client, Request::get(ApiPath::api().lit("user/teams")))
    }

    /// Stars a dashboard: `POST /api/user/stars/dashboard/uid/{uid}` for a
    /// uid, and for a numeric id the route the server has (see below).
    ///
    /// A string is a uid (`"17"` included, as in the Python package): one
    /// request, and the call is a plain `Call<C, Plain<Message>>`. The uid is
    /// percent-encoded as one path segment (the Python package sends it
    /// verbatim); an empty, `.` or `..` uid is refused unsent.
    ///
    /// An integer (or a [`DashboardIdOrUid`]) gives a [`StarDashboard`] call,
    /// which picks the route by the server's version (detected once per
    /// client, see [`GrafanaApi::get_version`](crate::GrafanaApi::get_version)):
    ///
    /// | Server | Requests |
    /// |---|---|
    /// | Grafana 12 or later (the id route is gone) | `GET /api/search?dashboardIds={id}&type=dash-db`, then `POST …/stars/dashboard/uid/{uid}`; when no dashboard has that id, `POST …/stars/dashboard/{id}`, which Grafana answers 404 |
    /// | older, or version unknown | `POST /api/user/stars/dashboard/{id}` |
    ///
    /// Prefer the uid: it is one request on every version.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// api.user().star_dashboard("demo-overview").await?; // uid: one request
    /// api.user().star_dashboard(42).await?; // id: by uid on Grafana 12+
    /// # Ok(()) }
    /// ```
    pub fn star_dashboard<D: StarTarget>(&self, dashboard_id_or_uid: D) -> Call<C, D::Endpoint> {
        dashboard_id_or_uid.into_call(&self.client, http::Method::POST)
    }

    /// Unstars a dashboard: `DELETE /api/user/stars/dashboard/uid/{uid}`, or
    /// for a numeric id the route the server has; the argument and the routes
    /// as in [`star_dashboard`](Self::star_dashboard) (with `DELETE`).
    pub fn unstar_dashboard<D: StarTarget>(&self, dashboard_id_or_uid: D) -> Call<C, D::Endpoint> {
        dashboard_id_or_uid.into_call(&self.client, http::Method::DELETE)
    }

    /// Deprecated form of [`star_dashboard`](Self::star_dashboard) with a
    /// numeric id, with its routes: `POST /api/user/stars/dashboard/{id}`
    /// up to Grafana 11; Grafana 12 removed that route, so there the uid is
    /// looked up and the uid route used.
    #[deprecated(
        note = "the id route was removed in Grafana 12 (this looks the uid up there); use star_dashboard with the dashboard's uid"
    )]
    pub fn star_actual_user_dashboard(&self, dashboard_id: i64) -> Call<C, StarDashboard> {
        self.star_dashboard(dashboard_id)
    }

    /// Deprecated form of [`unstar_dashboard`](Self::unstar_dashboard) with a
    /// numeric id (the routes as in
    /// [`star_actual_user_dashboard`](Self::star_actual_user_dashboard)).
    #[deprecated(
        note = "the id route was removed in Grafana 12 (this looks the uid up there); use unstar_dashboard with the dashboard's uid"
    )]
    pub fn unstar_actual_user_dashboard(&self, dashboard_id: i64) -> Call<C, StarDashboard> {
        self.unstar_dashboard(dashboard_id)
    }

    /// `GET /api/user/preferences`: the signed-in user's preferences.
    pub fn get_preferences(&self) -> Call<C, Plain<Preferences>> {
        plain(
            &self.client,
            Request::get(ApiPath::api().lit("user/preferences")),
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
        plain(&self.client, request)
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
        plain(&self.client, request)
    }
}

/// [`User::change_actual_user_password`]'s endpoint. Its `Debug` output
/// hides the passwords.
#[derive(Debug)]
pub struct ChangeActualUserPassword {
    old_password: SecretString,
    new_password: SecretString,
}

impl Endpoint for ChangeActualUserPassword {
    type Output = Message;

    fn into_request(self) -> Request {
        let body = json!({
            "oldPassword": self.old_password.expose_secret(),
            "newPassword": self.new_password.expose_secret(),
        });
        Request::new(http::Method::PUT, ApiPath::api().lit("user/password")).json(&body)
    }
}

/// A dashboard argument of [`User::star_dashboard`] and
/// [`User::unstar_dashboard`] (the Python package's `Union[int, str]`).
///
/// A uid (`&str`, `String`, `&String`) makes a one-request
/// [`Plain<Message>`] call; a numeric id (`i64`; an integer literal is one)
/// or a [`DashboardIdOrUid`] makes a [`StarDashboard`] call, which chooses
/// the route by the server's version. (Only one integer type, so that
/// `star_dashboard(42)` needs no suffix; convert other integers with
/// `i64::from`.)
pub trait StarTarget {
    /// The endpoint of the call.
    type Endpoint;

    /// The call for this dashboard with `method` (`POST` stars, `DELETE` unstars).
    #[doc(hidden)]
    fn into_call<C: Client>(self, client: &C, method: http::Method) -> Call<C, Self::Endpoint>;
}

/// A one-request call on the uid route.
fn uid_call<C: Client>(client: &C, method: http::Method, uid: String) -> Call<C, Plain<Message>> {
    let request = Request::new(method, star_path(DashboardIdOrUid::Uid(uid)));
    plain(client, request)
}

/// A version-aware call.
fn star_call<C: Client>(
    client: &C,
    method: http::Method,
    dashboard: DashboardIdOrUid,
) -> Call<C, StarDashboard> {
    Call {
        client: client.clone(),
        endpoint: StarDashboard { method, dashboard },
        options: CallOptions {
            org_id: client.default_org_id(),
            ..CallOptions::default()
        },
    }
}

macro_rules! star_target {
    (uid: $($t:ty => |$v:ident| $uid:expr),*; id: $($i:ty => |$w:ident| $target:expr),*) => {
        $(
            impl StarTarget for $t {
                type Endpoint = Plain<Message>;
                fn into_call<C: Client>(self, client: &C, method: http::Method) -> Call<C, Plain<Message>> {
                    let $v = self;
                    uid_call(client, method, $uid)
                }
            }
        )*
        $(
            impl StarTarget for $i {
                type Endpoint = StarDashboard;
                fn into_call<C: Client>(self, client: &C, method: http::Method) -> Call<C, StarDashboard> {
                    let $w = self;
                    star_call(client, method, $target)
                }
            }
        )*
    };
}

star_target! {
    uid: &str => |u| u.to_owned(), String => |u| u, &String => |u| u.clone();
    id: i64 => |i| DashboardIdOrUid::Id(i),
        DashboardIdOrUid => |d| d
}

/// The endpoint of [`User::star_dashboard`] and [`User::unstar_dashboard`]
/// given a numeric id (or a [`DashboardIdOrUid`]): `.await` it (async
/// client) or `.send()` it (blocking client); it answers Grafana's
/// [`Message`].
///
/// On Grafana 12 and later, which removed `/api/user/stars/dashboard/{id}`,
/// an id is turned into the dashboard's uid with
/// `GET /api/search?dashboardIds={id}&type=dash-db` and the uid route is
/// used; when no dashboard has that id the id route is sent, so the answer is
/// Grafana's own 404. Older servers, and servers whose version cannot be
/// found out, get the id route. A uid always gets the uid route.
#[derive(Debug)]
pub struct StarDashboard {
    method: http::Method,
    dashboard: DashboardIdOrUid,
}

/// Grafana 12 is the first release without the id routes for stars.
const UID_ONLY_SINCE: GrafanaVersion = GrafanaVersion::new(12, 0, 0);

/// One search hit: just what the lookup needs.
#[derive(Deserialize)]
struct FoundDashboard {
    #[serde(default)]
    id: Option<i64>,
    #[serde(default)]
    uid: String,
}

impl<C: Client> Call<C, StarDashboard> {
    /// The request sent when no lookup is needed: the id route for an id
    /// (what Grafana 11 and older get), the uid route for a uid. Nothing is
    /// sent.
    pub fn into_request(self) -> Request {
        let StarDashboard { method, dashboard } = self.endpoint;
        Request::new(method, star_path(dashboard))
    }

    async fn run_star(self) -> Result<Message> {
        let Call {
            client,
            endpoint: StarDashboard { method, dashboard },
            options,
        } = self;
        let core = client.core();
        let target = match dashboard {
            DashboardIdOrUid::Id(id) if uid_routes_only(&client, &options).await => {
                match find_uid(&client, &options, id).await? {
                    Some(uid) => DashboardIdOrUid::Uid(uid),
                    None => DashboardIdOrUid::Id(id),
                }
            }
            other => other,
        };
        core.execute(Request::new(method, star_path(target)), &options)
            .await
    }
}

/// Whether the server is known to serve only the uid routes for stars.
async fn uid_routes_only<C: Client>(client: &C, options: &CallOptions) -> bool {
    match client.core().detect_version(options).await {
        Ok(v) => v
            .parse::<GrafanaVersion>()
            .is_ok_and(|v| v.at_least(UID_ONLY_SINCE.major, UID_ONLY_SINCE.minor, 0)),
        Err(_) => false,
    }
}

/// The uid of the dashboard with this id, if the caller can see one.
async fn find_uid<C: Client>(client: &C, options: &CallOptions, id: i64) -> Result<Option<String>> {
    let request = Request::get(ApiPath::api().lit("search"))
        .query("dashboardIds", id)
        .query("type", "dash-db");
    let hits: Vec<FoundDashboard> = client.core().execute(request, options).await?;
    Ok(hits
        .into_iter()
        .find(|h| h.id == Some(id) && !h.uid.is_empty())
        .map(|h| h.uid))
}

finish_with!(StarDashboard => Message, run_star, "Sends the call");
