//! Preferences of a user, a team or an org: one stored model and the shared
//! read / replace / merge logic, plus the routes of the signed-in user and the
//! current org:
//!
//! * `GET/PUT/PATCH /api/user/preferences` (any signed-in caller; a service
//!   account has preferences of its own, as Grafana's
//!   `identity.UserIdentifier` accepts it);
//! * `GET/PUT/PATCH /api/org/preferences` (`orgs.preferences:read` /
//!   `orgs.preferences:write`: Admin);
//! * team preferences (`GET/PUT /api/teams/{id}/preferences`) are routed by
//!   [`crate::api::teams`], which calls [`get_for`] and [`update_for`].
//!
//! Sources: `pkg/api/preferences.go` (`GetUserPreferences`,
//! `UpdateUserPreferences`, `patchPreferencesFor`, the org handlers),
//! `pkg/services/preference/prefapi/api.go` (`GetPreferencesFor`,
//! `UpdatePreferencesFor`), `pkg/services/preference/model.go`
//! (`PreferenceJSONData`, `ErrUnknownCookieType`),
//! `pkg/services/preference/themes.go` (`IsValidThemeID`), and the spec's
//! `UpdatePrefsCmd` / `PatchPrefsCmd` / `Preferences` schemas.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{ApiResult, Ctx};
use crate::api::respond;
use crate::role::{Action, Evaluator, Role};
use crate::routes::Route;
use crate::state::State;

/// The routes of this area (team preferences are in `teams::ROUTES`).
pub(crate) const ROUTES: &[Route] = &[
    Route::new("GET", "/api/user/preferences", get_user),
    Route::new("PUT", "/api/user/preferences", put_user),
    Route::new("PATCH", "/api/user/preferences", patch_user),
    Route::new("GET", "/api/org/preferences", get_org),
    Route::new("PUT", "/api/org/preferences", put_org),
    Route::new("PATCH", "/api/org/preferences", patch_org),
];

const ORGS_PREFERENCES_READ: Action = Action::new("orgs.preferences:read", Role::Admin);
const ORGS_PREFERENCES_WRITE: Action = Action::new("orgs.preferences:write", Role::Admin);

/// Theme ids Grafana accepts (`pkg/services/preference/themes.go` `themes`,
/// Grafana 12: the three basic themes and the "extra" ones).
const THEMES: &[&str] = &[
    "light",
    "dark",
    "system",
    "debug",
    "aubergine",
    "desertbloom",
    "gildedgrove",
    "mars",
    "matrix",
    "sapphiredusk",
    "synthwave",
    "tron",
    "victorian",
    "zen",
    "gloom",
];

/// Cookie kinds of `cookies` (`pref.CookieType` enum).
const COOKIE_TYPES: &[&str] = &["analytics", "performance", "functional"];

/// Whose preferences: `(org id, user id, team id)`, 0 for "not this kind",
/// as Grafana's `preferences` table keys them.
pub(crate) type Owner = (i64, i64, i64);

/// One stored preference row (`pref.Preference` with its `JSONData`).
#[derive(Debug, Default, Clone)]
pub(crate) struct Prefs {
    pub(crate) theme: String,
    pub(crate) home_dashboard_id: i64,
    pub(crate) home_dashboard_uid: String,
    pub(crate) timezone: String,
    pub(crate) week_start: String,
    pub(crate) language: String,
    pub(crate) query_history_home_tab: String,
    /// `None`: never set (GET leaves `navbar` out).
    pub(crate) bookmark_urls: Option<Vec<String>>,
    pub(crate) cookies: BTreeSet<String>,
}

/// Every stored preference row.
#[derive(Debug, Default)]
pub(crate) struct Store {
    rows: BTreeMap<Owner, Prefs>,
}

impl Store {
    /// The stored preferences of `owner` (a fresh, empty row when none).
    pub(crate) fn get(&self, owner: Owner) -> Prefs {
        self.rows.get(&owner).cloned().unwrap_or_default()
    }

    /// Drops every row of team `team_id` (the team was deleted).
    pub(crate) fn remove_team(&mut self, org_id: i64, team_id: i64) {
        self.rows
            .retain(|(o, _, t), _| !(*o == org_id && *t == team_id));
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct QueryHistoryIn {
    #[serde(rename = "homeTab", deserialize_with = "crate::api::body::nullable")]
    home_tab: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NavbarIn {
    #[serde(rename = "bookmarkUrls")]
    bookmark_urls: Option<Vec<String>>,
}

/// `dtos.UpdatePrefsCmd`: plain fields (null = zero value) except the
/// pointers `homeDashboardUID`, `queryHistory` and `navbar`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct UpdateIn {
    #[serde(deserialize_with = "crate::api::body::nullable")]
    theme: String,
    #[serde(
        rename = "homeDashboardId",
        deserialize_with = "crate::api::body::nullable"
    )]
    home_dashboard_id: i64,
    #[serde(rename = "homeDashboardUID")]
    home_dashboard_uid: Option<String>,
    #[serde(deserialize_with = "crate::api::body::nullable")]
    timezone: String,
    #[serde(rename = "weekStart", deserialize_with = "crate::api::body::nullable")]
    week_start: String,
    #[serde(deserialize_with = "crate::api::body::nullable")]
    language: String,
    #[serde(rename = "queryHistory")]
    query_history: Option<QueryHistoryIn>,
    navbar: Option<NavbarIn>,
    cookies: Option<Vec<String>>,
}

/// `dtos.PatchPrefsCmd`: every field a pointer (absent or null = unchanged).
#[derive(Deserialize, Default)]
#[serde(default)]
struct PatchIn {
    theme: Option<String>,
    #[serde(rename = "homeDashboardId")]
    home_dashboard_id: Option<i64>,
    #[serde(rename = "homeDashboardUID")]
    home_dashboard_uid: Option<String>,
    timezone: Option<String>,
    #[serde(rename = "weekStart")]
    week_start: Option<String>,
    language: Option<String>,
    #[serde(rename = "queryHistory")]
    query_history: Option<QueryHistoryIn>,
    navbar: Option<NavbarIn>,
    cookies: Option<Vec<String>>,
}

/// The `PreferencesSpec` answer (`prefapi.GetPreferencesFor`): only the
/// preferences that are set appear; `navbar` once bookmarks were ever given,
/// `queryHistory` when its tab is set. Cookie consent is stored but Grafana's
/// answer does not carry it.
pub(crate) fn dto(p: &Prefs) -> Value {
    let mut m = Map::new();
    if !p.home_dashboard_uid.is_empty() {
        m.insert("homeDashboardUID".into(), json!(p.home_dashboard_uid));
    }
    if !p.timezone.is_empty() {
        m.insert("timezone".into(), json!(p.timezone));
    }
    if !p.week_start.is_empty() {
        m.insert("weekStart".into(), json!(p.week_start));
    }
    if !p.theme.is_empty() {
        m.insert("theme".into(), json!(p.theme));
    }
    if !p.language.is_empty() {
        m.insert("language".into(), json!(p.language));
    }
    if !p.query_history_home_tab.is_empty() {
        m.insert(
            "queryHistory".into(),
            json!({"homeTab": p.query_history_home_tab}),
        );
    }
    if let Some(urls) = &p.bookmark_urls {
        m.insert("navbar".into(), json!({"bookmarkUrls": urls}));
    }
    Value::Object(m)
}

fn invalid_theme() -> axum::response::Response {
    respond::message(400, "Invalid theme")
}

fn dashboard_not_found() -> axum::response::Response {
    // `response.Error(http.StatusNotFound, "Dashboard not found", err)`.
    respond::message(404, "Dashboard not found")
}

/// The `(id, uid)` of dashboard `uid` in `org_id`.
fn dashboard_by_uid(st: &State, org_id: i64, uid: &str) -> Option<(i64, String)> {
    st.dashboard(org_id, uid).map(|d| (d.id, d.uid.clone()))
}

/// The `(id, uid)` of dashboard `id` in `org_id`.
fn dashboard_by_id(st: &State, org_id: i64, id: i64) -> Option<(i64, String)> {
    st.org_dashboards(org_id)
        .find(|d| d.id == id)
        .map(|d| (d.id, d.uid.clone()))
}

/// Cookie kinds as a set; `Err` is `pref.ErrUnknownCookieType` (an errutil
/// 400 through `response.ErrOrFallback`).
fn cookie_set(list: &[String]) -> Result<BTreeSet<String>, axum::response::Response> {
    let mut out = BTreeSet::new();
    for c in list {
        if !COOKIE_TYPES.contains(&c.as_str()) {
            return Err(respond::errutil(
                400,
                "Got an unknown cookie preference type. Expected a set containing one or more of 'functional', 'performance', or 'analytics'}",
                "preferences.unknownCookieType",
            ));
        }
        out.insert(c.clone());
    }
    Ok(out)
}

/// `GET …/preferences` for `owner`: 200 with the set preferences.
pub(crate) fn get_for(st: &State, owner: Owner) -> ApiResult {
    Ok(respond::json(200, &dto(&st.user.prefs.get(owner))))
}

/// `PUT …/preferences` for `owner` (`prefapi.UpdatePreferencesFor`): replaces
/// the row; what is not sent goes back to the default (`navbar`,
/// `queryHistory` and `cookies` only change when sent). 400 `bad request
/// data` for a body that does not bind, 400 `Invalid theme`, 404 `Dashboard
/// not found` for an unknown `homeDashboardUID` (or a non-zero unknown
/// `homeDashboardId` when no uid is sent); `homeDashboardUID: ""` clears the
/// home dashboard. 200 `Preferences updated`.
pub(crate) fn update_for(ctx: &Ctx, owner: Owner) -> ApiResult {
    let cmd: UpdateIn = ctx.body_json()?;
    if !cmd.theme.is_empty() && !THEMES.contains(&cmd.theme.as_str()) {
        return Err(invalid_theme());
    }
    let mut st = ctx.app.state.write();
    let org_id = owner.0;
    let (home_id, home_uid) = match &cmd.home_dashboard_uid {
        Some(uid) if uid.is_empty() => (0, String::new()),
        Some(uid) => dashboard_by_uid(&st, org_id, uid).ok_or_else(dashboard_not_found)?,
        None if cmd.home_dashboard_id != 0 => {
            dashboard_by_id(&st, org_id, cmd.home_dashboard_id).ok_or_else(dashboard_not_found)?
        }
        None => (0, String::new()),
    };
    let cookies = cmd.cookies.as_deref().map(cookie_set).transpose()?;
    let mut p = st.user.prefs.get(owner);
    p.theme = cmd.theme;
    p.home_dashboard_id = home_id;
    p.home_dashboard_uid = home_uid;
    p.timezone = cmd.timezone;
    p.week_start = cmd.week_start;
    p.language = cmd.language;
    if let Some(q) = cmd.query_history {
        p.query_history_home_tab = q.home_tab;
    }
    if let Some(n) = cmd.navbar {
        p.bookmark_urls = Some(n.bookmark_urls.unwrap_or_default());
    }
    if let Some(c) = cookies {
        p.cookies = c;
    }
    st.user.prefs.rows.insert(owner, p);
    Ok(respond::message(200, "Preferences updated"))
}

/// `PATCH …/preferences` for `owner` (`patchPreferencesFor`): changes only
/// the preferences sent. A sent `theme` must be a known theme (`""`
/// included: 400 `Invalid theme`); dashboards as in [`update_for`].
pub(crate) fn patch_for(ctx: &Ctx, owner: Owner) -> ApiResult {
    let cmd: PatchIn = ctx.body_json()?;
    if let Some(t) = &cmd.theme {
        if !THEMES.contains(&t.as_str()) {
            return Err(invalid_theme());
        }
    }
    let mut st = ctx.app.state.write();
    let org_id = owner.0;
    let home = match (&cmd.home_dashboard_uid, cmd.home_dashboard_id) {
        (Some(uid), _) if uid.is_empty() => Some((0, String::new())),
        (Some(uid), _) => Some(dashboard_by_uid(&st, org_id, uid).ok_or_else(dashboard_not_found)?),
        (None, Some(id)) => Some(dashboard_by_id(&st, org_id, id).ok_or_else(dashboard_not_found)?),
        (None, None) => None,
    };
    let cookies = cmd.cookies.as_deref().map(cookie_set).transpose()?;
    let mut p = st.user.prefs.get(owner);
    if let Some(t) = cmd.theme {
        p.theme = t;
    }
    if let Some((id, uid)) = home {
        p.home_dashboard_id = id;
        p.home_dashboard_uid = uid;
    }
    if let Some(v) = cmd.timezone {
        p.timezone = v;
    }
    if let Some(v) = cmd.week_start {
        p.week_start = v;
    }
    if let Some(v) = cmd.language {
        p.language = v;
    }
    if let Some(q) = cmd.query_history {
        p.query_history_home_tab = q.home_tab;
    }
    if let Some(n) = cmd.navbar {
        p.bookmark_urls = Some(n.bookmark_urls.unwrap_or_default());
    }
    if let Some(c) = cookies {
        p.cookies = c;
    }
    st.user.prefs.rows.insert(owner, p);
    Ok(respond::message(200, "Preferences updated"))
}

/// `GET /api/user/preferences`: the caller's own row in the current org.
pub(crate) fn get_user(ctx: &Ctx) -> ApiResult {
    let who = ctx.signed_in()?;
    let owner = (who.org_id, who.id, 0);
    get_for(&ctx.app.state.read(), owner)
}

/// `PUT /api/user/preferences` (see [`update_for`]).
pub(crate) fn put_user(ctx: &Ctx) -> ApiResult {
    let who = ctx.signed_in()?;
    update_for(ctx, (who.org_id, who.id, 0))
}

/// `PATCH /api/user/preferences` (see [`patch_for`]).
pub(crate) fn patch_user(ctx: &Ctx) -> ApiResult {
    let who = ctx.signed_in()?;
    patch_for(ctx, (who.org_id, who.id, 0))
}

/// `GET /api/org/preferences`: needs `orgs.preferences:read`.
pub(crate) fn get_org(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(ORGS_PREFERENCES_READ))?;
    get_for(&ctx.app.state.read(), (who.org_id, 0, 0))
}

/// `PUT /api/org/preferences`: needs `orgs.preferences:write`.
pub(crate) fn put_org(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(ORGS_PREFERENCES_WRITE))?;
    update_for(ctx, (who.org_id, 0, 0))
}

/// `PATCH /api/org/preferences`: needs `orgs.preferences:write`.
pub(crate) fn patch_org(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(ORGS_PREFERENCES_WRITE))?;
    patch_for(ctx, (who.org_id, 0, 0))
}
