//! What the web app reads at start-up.
//!
//! | Route | Handler |
//! |---|---|
//! | `GET /api/frontend/settings` | [`settings`] (signed in) |
//! | `GET /bootdata` | [`bootdata`] (no auth) |
//!
//! Neither is in the OpenAPI spec. `pkg/api/api.go` `registerRoutes`
//! registers `/api/frontend/settings/` behind `reqSignedIn` and `/bootdata`
//! behind `reqNoAuth` (handler `GetBootdata` in `pkg/api/index.go`, which
//! answers `setIndexViewData`'s data as JSON). Grafana's settings object is
//! very large (`pkg/api/frontendsettings.go` `getFrontendSettings`); the
//! emulator writes the subset clients read (build info, `namespace`,
//! `appUrl`, feature toggles, a few flags), with Grafana's key names.

use serde_json::{json, Value};

use super::{ApiResult, Ctx};
use crate::api::respond;
use crate::auth::{Caller, Identity};
use crate::routes::Route;
use crate::state::MAIN_ORG_ID;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("GET", "/api/frontend/settings", settings),
    Route::new("GET", "/bootdata", bootdata),
];

/// The k8s-style namespace of an org, as `request.GetNamespaceMapper` maps it
/// for an on-premise install: `default` for org 1, `org-<id>` otherwise.
fn namespace(org_id: i64) -> String {
    if org_id == MAIN_ORG_ID {
        "default".into()
    } else {
        format!("org-{org_id}")
    }
}

/// The settings object (`FrontendSettingsDTO` subset) for a caller acting in
/// `org_id`.
fn settings_body(ctx: &Ctx, org_id: i64) -> Value {
    let s = &ctx.app.settings;
    let short: String = s.commit.chars().take(10).collect();
    let root = ctx.app.root_url();
    json!({
        "anonymousEnabled": false,
        "appSubUrl": "",
        "appUrl": root,
        "authProxyEnabled": false,
        "buildInfo": {
            "hideVersion": false,
            "version": s.version,
            "versionString": format!("Grafana v{} ({})", s.version, short),
            "commit": s.commit,
            "commitShort": short,
            "buildstamp": ctx.app.started,
            "edition": if s.enterprise { "Enterprise" } else { "Open Source" },
            "latestVersion": "",
            "hasUpdate": false,
            "env": "production",
        },
        "datasources": {},
        "defaultDatasource": "",
        "disableLoginForm": false,
        "externalUserMngInfo": "",
        "featureToggles": {},
        "minRefreshInterval": "5s",
        "namespace": namespace(org_id),
        "pluginAdminEnabled": s.plugin_admin_enabled,
        "unifiedAlertingEnabled": true,
    })
}

/// `GET /api/frontend/settings`: any signed-in caller; 401 otherwise. 200
/// the settings subset (see the module doc). `datasources` is always `{}`:
/// the emulator does not list the org's data sources there.
pub(crate) fn settings(ctx: &Ctx) -> ApiResult {
    let who = ctx.signed_in()?;
    Ok(respond::json(200, &settings_body(ctx, who.org_id)))
}

/// `dtos.CurrentUser` for the signed-in caller, or the anonymous one
/// (`isSignedIn: false`, ids 0).
fn current_user(ctx: &Ctx, who: Option<&Identity>) -> Value {
    let Some(who) = who else {
        return json!({
            "isSignedIn": false,
            "id": 0,
            "uid": "",
            "login": "",
            "email": "",
            "name": "",
            "orgId": 0,
            "orgName": "",
            "orgRole": "",
            "isGrafanaAdmin": false,
            "theme": "",
            "timezone": "browser",
            "weekStart": "",
            "locale": "en-US",
            "language": "en-US",
        });
    };
    let st = ctx.app.state.read();
    let (email, name) = match st.users.get(&who.id) {
        Some(u) if !who.is_service_account => (u.email.clone(), u.name.clone()),
        _ => (
            String::new(),
            st.service_accounts
                .get(&who.id)
                .map(|s| s.name.clone())
                .unwrap_or_default(),
        ),
    };
    let org_name = st
        .orgs
        .get(&who.org_id)
        .map(|o| o.name.clone())
        .unwrap_or_default();
    json!({
        "isSignedIn": true,
        "id": who.id,
        "uid": "",
        "login": who.login,
        "email": email,
        "name": name,
        "orgId": who.org_id,
        "orgName": org_name,
        "orgRole": who.role.map_or("None", crate::role::Role::as_str),
        "isGrafanaAdmin": who.server_admin,
        "theme": "",
        "timezone": "browser",
        "weekStart": "",
        "locale": "en-US",
        "language": "en-US",
    })
}

/// `GET /bootdata`: no authentication needed (`reqNoAuth`); failed
/// credentials are treated as anonymous. 200 `{"user", "settings",
/// "navTree", "assets", ...}` (`dtos.IndexViewData`): `user` is
/// `dtos.CurrentUser`, `settings` the same subset as
/// `/api/frontend/settings` (with `namespace` for the caller's org; org 1,
/// `default`, for an anonymous caller), `navTree` a short fixed list.
pub(crate) fn bootdata(ctx: &Ctx) -> ApiResult {
    let who = match &ctx.caller {
        Caller::Signed(id) => Some(id),
        _ => None,
    };
    let org = who.map_or(MAIN_ORG_ID, |w| w.org_id);
    let nav = |id: &str, text: &str, url: &str| json!({"id": id, "text": text, "url": url});
    Ok(respond::json(
        200,
        &json!({
            "user": current_user(ctx, who),
            "settings": settings_body(ctx, org),
            "navTree": [
                nav("home", "Home", "/"),
                nav("dashboards/browse", "Dashboards", "/dashboards"),
                nav("explore", "Explore", "/explore"),
                nav("alerting", "Alerting", "/alerting"),
                nav("cfg", "Administration", "/admin"),
            ],
            "assets": {"dark": "", "light": "", "jsFiles": [], "cssFiles": []},
            "themeType": "dark",
            "isPublicDashboardView": false,
        }),
    ))
}
