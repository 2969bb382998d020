//! Models of the `user` and `users` API areas, and the preferences that
//! users, organizations and teams share.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;

/// A user's profile, as `GET /api/user`, `GET /api/users/{id}` and
/// `GET /api/users/lookup` return it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserProfile {
    /// Numeric id.
    #[serde(default)]
    pub id: i64,
    /// Uid (Grafana 10.4 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Login name.
    #[serde(default)]
    pub login: String,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Theme (`light`, `dark`, `""` for the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// The user's current organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<i64>,
    /// Whether the user is a server admin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_grafana_admin: Option<bool>,
    /// Whether the user is disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_disabled: Option<bool>,
    /// Whether the user comes from an external authentication provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_external: Option<bool>,
    /// Relative URL of the avatar image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    /// Creation time, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Last update time, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Everything else (`authLabels`, `accessControl`, `isProvisioned`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// An organization a user belongs to, with the user's role there
/// (`GET /api/user/orgs`, `GET /api/users/{id}/orgs`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserOrg {
    /// The organization's id.
    #[serde(default)]
    pub org_id: i64,
    /// The organization's name.
    #[serde(default)]
    pub name: String,
    /// The user's role there: `Viewer`, `Editor`, `Admin` or `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A team the user belongs to (`GET /api/user/teams`,
/// `GET /api/users/{id}/teams`): the same object as [`Team`](super::Team).
pub type UserTeam = super::Team;

/// One entry of `GET /api/users`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserSearchHit {
    /// Numeric id.
    #[serde(default)]
    pub id: i64,
    /// Uid (Grafana 10.4 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Login name.
    #[serde(default)]
    pub login: String,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether the user is a server admin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_admin: Option<bool>,
    /// Whether the user is disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_disabled: Option<bool>,
    /// Last activity, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen_at: Option<String>,
    /// Last activity, as an age (`10m`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen_at_age: Option<String>,
    /// Everything else (`authLabels`, `avatarUrl`, `isProvisioned`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// Preferences of a user, an organization or a team: what
/// `GET …/preferences` returns, and what `PUT`/`PATCH …/preferences` take
/// (the Python package's `PersonalPreferences`).
///
/// Every field is optional and only the ones that are set are sent:
///
/// ```
/// use grafana_client::models::Preferences;
/// let prefs = Preferences::new().theme("dark").week_start("monday");
/// assert_eq!(
///     serde_json::to_value(&prefs).unwrap(),
///     serde_json::json!({"theme": "dark", "weekStart": "monday"})
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Preferences {
    /// `light`, `dark`, `system`, or `""` for the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// Home dashboard by numeric id (deprecated by Grafana; prefer
    /// [`home_dashboard_uid`](Self::home_dashboard_uid)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_dashboard_id: Option<i64>,
    /// Home dashboard by uid.
    #[serde(
        rename = "homeDashboardUID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub home_dashboard_uid: Option<String>,
    /// Time zone: `utc`, `browser`, `""` for the default, or an IANA name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// First day of the week (`monday`, `sunday`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week_start: Option<String>,
    /// Locale (Grafana 9; newer versions use [`language`](Self::language)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Interface language (`en-US`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Locale for dates and numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regional_format: Option<String>,
    /// Query history settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_history: Option<QueryHistoryPreference>,
    /// Navigation bar settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub navbar: Option<NavbarPreference>,
    /// Cookie kinds consented to (`analytics`, `performance`, `functional`),
    /// in an update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cookies: Option<Vec<String>>,
    /// Cookie consent, as Grafana returns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cookie_preferences: Option<Value>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Preferences {
    /// No preference set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`theme`](Self::theme).
    pub fn theme(mut self, theme: impl Into<String>) -> Self {
        self.theme = Some(theme.into());
        self
    }

    /// Sets [`home_dashboard_id`](Self::home_dashboard_id).
    pub fn home_dashboard_id(mut self, id: i64) -> Self {
        self.home_dashboard_id = Some(id);
        self
    }

    /// Sets [`home_dashboard_uid`](Self::home_dashboard_uid).
    pub fn home_dashboard_uid(mut self, uid: impl Into<String>) -> Self {
        self.home_dashboard_uid = Some(uid.into());
        self
    }

    /// Sets [`timezone`](Self::timezone).
    pub fn timezone(mut self, timezone: impl Into<String>) -> Self {
        self.timezone = Some(timezone.into());
        self
    }

    /// Sets [`week_start`](Self::week_start).
    pub fn week_start(mut self, week_start: impl Into<String>) -> Self {
        self.week_start = Some(week_start.into());
        self
    }

    /// Sets [`locale`](Self::locale).
    pub fn locale(mut self, locale: impl Into<String>) -> Self {
        self.locale = Some(locale.into());
        self
    }

    /// Sets [`language`](Self::language).
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Sets [`regional_format`](Self::regional_format).
    pub fn regional_format(mut self, regional_format: impl Into<String>) -> Self {
        self.regional_format = Some(regional_format.into());
        self
    }
}

/// Query history settings of [`Preferences`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QueryHistoryPreference {
    /// The tab shown first (`query`, `starred`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_tab: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Navigation bar settings of [`Preferences`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NavbarPreference {
    /// Bookmarked URLs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bookmark_urls: Option<Vec<String>>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A dashboard named by numeric id or by uid, for
/// [`star_dashboard`](crate::elements::User::star_dashboard) and
/// [`unstar_dashboard`](crate::elements::User::unstar_dashboard) (the Python
/// package's `Union[int, str]`). Integers convert to [`Id`](Self::Id), strings
/// to [`Uid`](Self::Uid) (`"17"` included, as in the Python package).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DashboardIdOrUid {
    /// A numeric id (Grafana's deprecated id routes).
    Id(i64),
    /// A uid.
    Uid(String),
}

impl From<i64> for DashboardIdOrUid {
    fn from(id: i64) -> Self {
        DashboardIdOrUid::Id(id)
    }
}

impl From<i32> for DashboardIdOrUid {
    fn from(id: i32) -> Self {
        DashboardIdOrUid::Id(id.into())
    }
}

impl From<&str> for DashboardIdOrUid {
    fn from(uid: &str) -> Self {
        DashboardIdOrUid::Uid(uid.to_owned())
    }
}

impl From<String> for DashboardIdOrUid {
    fn from(uid: String) -> Self {
        DashboardIdOrUid::Uid(uid)
    }
}

impl From<&String> for DashboardIdOrUid {
    fn from(uid: &String) -> Self {
        DashboardIdOrUid::Uid(uid.clone())
    }
}
