//! `GET /api/frontend/settings` (`pkg/api/frontendsettings.go`).
//!
//! Not in the OpenAPI spec. Grafana returns a very large object; the emulator
//! returns the subset a client needs for version detection and a few common
//! flags, with Grafana's key names.

use serde_json::json;

use super::{ApiResult, Ctx};
use crate::api::respond;
use crate::routes::Route;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[Route::new("GET", "/api/frontend/settings", settings)];

/// Any signed-in caller; 401 otherwise.
pub(crate) fn settings(ctx: &Ctx) -> ApiResult {
    ctx.signed_in()?;
    let s = &ctx.app.settings;
    let short: String = s.commit.chars().take(10).collect();
    let root = ctx.app.root_url();
    Ok(respond::json(
        200,
        &json!({
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
                "edition": "Open Source",
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
            "unifiedAlertingEnabled": true,
        }),
    ))
}
