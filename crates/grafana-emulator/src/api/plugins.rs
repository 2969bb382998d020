//! Plugins: a small built-in catalogue, installable plugins when
//! `plugin_admin_enabled` is on.
//!
//! | Route | Handler |
//! |---|---|
//! | `GET /api/plugins` | [`list`] |
//! | `GET /api/plugins/{pluginId}/settings` | [`settings`] |
//! | `GET /api/plugins/{pluginId}/metrics` | [`metrics`] |
//! | `POST /api/plugins/{pluginId}/install` | [`install`] (only with `plugin_admin_enabled`) |
//! | `POST /api/plugins/{pluginId}/uninstall` | [`uninstall`] (only with `plugin_admin_enabled`) |
//!
//! Source: `pkg/api/api.go` `registerRoutes` (who may call what; install
//! and uninstall exist only `if hs.Cfg.PluginAdminEnabled`) and
//! `pkg/api/plugins.go` (`GetPluginList`, `GetPluginSettingByID`,
//! `CollectPluginMetrics`, `InstallPlugin`, `UninstallPlugin`);
//! `pkg/plugins/errors.go` for `plugin.notRegistered`. Plugin health
//! (`/api/plugins/{id}/health`) belongs to the data-source area.
//!
//! The emulator's "installed" set is the core catalogue ([`CORE`], which
//! cannot be installed or uninstalled) plus what was installed from
//! [`CATALOGUE`] (server-wide, as in Grafana).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{ApiResult, Ctx};
use crate::api::respond;
use crate::role::{Action, Evaluator, Role};
use crate::routes::Route;

/// `plugins:install` (`pluginaccesscontrol.ActionInstall`): granted to
/// Grafana server admins only in OSS (fixed role `plugins:maintainer`).
const PLUGINS_INSTALL: Action = Action::new("plugins:install", Role::Admin);

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("GET", "/api/plugins", list),
    Route::new("GET", "/api/plugins/{pluginId}/settings", settings),
    Route::new("GET", "/api/plugins/{pluginId}/metrics", metrics),
    Route::new("POST", "/api/plugins/{pluginId}/install", install),
    Route::new("POST", "/api/plugins/{pluginId}/uninstall", uninstall),
];

/// A plugin the emulator knows.
#[derive(Clone, Copy, Debug)]
struct Def {
    id: &'static str,
    name: &'static str,
    /// `datasource`, `panel` or `app`.
    kind: &'static str,
    /// Has a backend component (serves `/metrics`).
    backend: bool,
    author: &'static str,
    description: &'static str,
    /// Catalogue version; core plugins report Grafana's own version.
    version: &'static str,
    category: &'static str,
}

const fn def(
    id: &'static str,
    name: &'static str,
    kind: &'static str,
    backend: bool,
    description: &'static str,
) -> Def {
    Def {
        id,
        name,
        kind,
        backend,
        author: "Grafana Labs",
        description,
        version: "",
        category: if matches!(kind.as_bytes(), b"datasource") {
            "tsdb"
        } else {
            ""
        },
    }
}

/// Core plugins, always installed (`IsCorePlugin`, signature `internal`).
const CORE: &[Def] = &[
    def(
        "grafana-testdata-datasource",
        "TestData",
        "datasource",
        true,
        "Generates test data in different forms",
    ),
    def(
        "prometheus",
        "Prometheus",
        "datasource",
        true,
        "Open source time series database & alerting",
    ),
    def(
        "loki",
        "Loki",
        "datasource",
        true,
        "Like Prometheus but for logs. OSS logging solution from Grafana Labs",
    ),
    def(
        "timeseries",
        "Time series",
        "panel",
        false,
        "Time based line, area and bar charts",
    ),
    def(
        "stat",
        "Stat",
        "panel",
        false,
        "Big stat values & sparklines",
    ),
    def(
        "gauge",
        "Gauge",
        "panel",
        false,
        "Standard gauge visualization",
    ),
    def(
        "table",
        "Table",
        "panel",
        false,
        "Supports many column styles",
    ),
    def(
        "text",
        "Text",
        "panel",
        false,
        "Supports markdown and html content",
    ),
    def(
        "dashlist",
        "Dashboard list",
        "panel",
        false,
        "List of dynamic links to other dashboards",
    ),
];

/// Plugins that `install` can add (the emulator's stand-in for grafana.com).
const CATALOGUE: &[Def] = &[
    Def {
        id: "grafana-clock-panel",
        name: "Clock",
        kind: "panel",
        backend: false,
        author: "Grafana Labs",
        description: "Clock panel for grafana",
        version: "2.1.8",
        category: "",
    },
    Def {
        id: "grafana-polystat-panel",
        name: "Polystat",
        kind: "panel",
        backend: false,
        author: "Grafana Labs",
        description: "Hexagonal multi-stat panel for Grafana",
        version: "2.1.14",
        category: "",
    },
    Def {
        id: "yesoreyeram-infinity-datasource",
        name: "Infinity",
        kind: "datasource",
        backend: true,
        author: "Grafana Labs",
        description: "JSON, CSV, XML, GraphQL & HTML datasource",
        version: "3.2.1",
        category: "",
    },
];

/// This area's stored state (held by [`crate::state::State`]): the
/// plugins installed through the API, id → installed version.
#[derive(Debug, Default)]
pub(crate) struct Store {
    installed: BTreeMap<String, String>,
}

/// An installed plugin: its definition, version, and whether it is core.
struct Installed {
    def: Def,
    version: String,
    core: bool,
}

fn installed(ctx: &Ctx) -> Vec<Installed> {
    let st = ctx.app.state.read();
    let mut out: Vec<Installed> = CORE
        .iter()
        .map(|d| Installed {
            def: *d,
            version: ctx.app.settings.version.clone(),
            core: true,
        })
        .collect();
    for (id, version) in &st.plugins.installed {
        if let Some(d) = CATALOGUE.iter().find(|d| d.id == id) {
            out.push(Installed {
                def: *d,
                version: version.clone(),
                core: false,
            });
        }
    }
    out
}

fn find(ctx: &Ctx, id: &str) -> Option<Installed> {
    installed(ctx).into_iter().find(|p| p.def.id == id)
}

/// `plugins.Info` (author, description, links, logos, build, screenshots,
/// version, updated, keywords).
fn info(p: &Installed) -> Value {
    let logo = if p.core {
        format!(
            "public/app/plugins/{}/{}/img/logo.svg",
            p.def.kind, p.def.id
        )
    } else {
        format!("public/plugins/{}/img/logo.svg", p.def.id)
    };
    json!({
        "author": {"name": p.def.author, "url": "https://grafana.com"},
        "description": p.def.description,
        "links": null,
        "logos": {"small": logo, "large": logo},
        "build": {},
        "screenshots": null,
        "version": p.version,
        "updated": "",
        "keywords": null,
    })
}

fn signature(p: &Installed) -> (&'static str, &'static str, &'static str) {
    if p.core {
        ("internal", "", "")
    } else {
        ("valid", "grafana", "Grafana Labs")
    }
}

/// `dtos.PluginListItem`.
fn list_item(p: &Installed) -> Value {
    let (sig, sig_type, sig_org) = signature(p);
    json!({
        "name": p.def.name,
        "type": p.def.kind,
        "id": p.def.id,
        "enabled": true,
        "pinned": false,
        "info": info(p),
        "dependencies": {"grafanaDependency": "", "grafanaVersion": "*", "plugins": []},
        "latestVersion": "",
        "hasUpdate": false,
        "defaultNavUrl": format!("/plugins/{}/", p.def.id),
        "category": p.def.category,
        "state": "",
        "signature": sig,
        "signatureType": sig_type,
        "signatureOrg": sig_org,
        "angularDetected": false,
    })
}

/// `GET /api/plugins?type&core&embedded&enabled`: any signed-in caller
/// (`GetPluginList`). `type` keeps one plugin type; `core=0` drops core
/// plugins, `core=1` keeps only them; a caller who is not an org Admin
/// (nor holds `datasources:create` / `plugins:install`) sees core plugins
/// only. `embedded=0` drops plugins included in an app (the catalogue has
/// none); `enabled=1` drops disabled ones (every non-app plugin is enabled).
/// 200 the list sorted by name.
pub(crate) fn list(ctx: &Ctx) -> ApiResult {
    let who = ctx.signed_in()?;
    let type_filter = ctx.query.get("type").unwrap_or("");
    let core_filter = ctx.query.get("core").unwrap_or("");
    let non_core_allowed = who.role == Some(Role::Admin) || who.server_admin;
    let mut items: Vec<Installed> = installed(ctx)
        .into_iter()
        .filter(|p| !(core_filter == "0" && p.core))
        .filter(|p| core_filter != "1" || p.core)
        .filter(|p| p.core || non_core_allowed)
        .filter(|p| type_filter.is_empty() || type_filter == p.def.kind)
        .collect();
    items.sort_by(|a, b| a.def.name.cmp(b.def.name));
    let list: Vec<Value> = items.iter().map(list_item).collect();
    Ok(respond::json(200, &Value::Array(list)))
}

/// `GET /api/plugins/{pluginId}/settings`: any signed-in caller
/// (`GetPluginSettingByID`). 404 `{"message":"Plugin not found, no
/// installed plugin with that id"}`. 200 `dtos.PluginSetting`.
pub(crate) fn settings(ctx: &Ctx) -> ApiResult {
    ctx.signed_in()?;
    let p = find(ctx, ctx.param()).ok_or_else(|| {
        respond::message(404, "Plugin not found, no installed plugin with that id")
    })?;
    let (sig, sig_type, sig_org) = signature(&p);
    let base = if p.core {
        format!("public/app/plugins/{}/{}", p.def.kind, p.def.id)
    } else {
        format!("public/plugins/{}", p.def.id)
    };
    Ok(respond::json(
        200,
        &json!({
            "name": p.def.name,
            "type": p.def.kind,
            "id": p.def.id,
            "enabled": true,
            "pinned": false,
            "autoEnabled": false,
            "module": format!("{base}/module.js"),
            "baseUrl": base,
            "info": info(&p),
            "includes": null,
            "dependencies": {"grafanaDependency": "", "grafanaVersion": "*", "plugins": []},
            "extensions": {"addedLinks": [], "addedComponents": [], "exposedComponents": [], "extensionPoints": []},
            "jsonData": null,
            "defaultNavUrl": format!("/plugins/{}/", p.def.id),
            "latestVersion": "",
            "hasUpdate": false,
            "state": "",
            "signature": sig,
            "signatureType": sig_type,
            "signatureOrg": sig_org,
            "secureJsonFields": {},
            "angularDetected": false,
            "loadingStrategy": "script",
            "moduleHash": "",
        }),
    ))
}

/// `GET /api/plugins/{pluginId}/metrics`: org Admins only (`reqOrgAdmin`:
/// 403 `{"message":"Permission denied"}` otherwise). A plugin without a
/// backend, or no such plugin, is not registered with the plugin client:
/// 404 errutil `plugin.notRegistered` ("Plugin not found"). 200 the
/// plugin's Prometheus exposition, `Content-Type: text/plain`
/// (`CollectPluginMetrics`).
pub(crate) fn metrics(ctx: &Ctx) -> ApiResult {
    let who = ctx.signed_in()?;
    if who.role != Some(Role::Admin) {
        return Err(respond::message(403, "Permission denied"));
    }
    let p = find(ctx, ctx.param())
        .filter(|p| p.def.backend)
        .ok_or_else(|| respond::errutil(404, "Plugin not found", "plugin.notRegistered"))?;
    let id = p.def.id;
    let text = format!(
        "# HELP go_goroutines Number of goroutines that currently exist.\n\
         # TYPE go_goroutines gauge\n\
         go_goroutines 12\n\
         # HELP plugin_build_info A metric with a constant '1' value labeled by pluginId and version.\n\
         # TYPE plugin_build_info gauge\n\
         plugin_build_info{{plugin_id=\"{id}\",version=\"{}\"}} 1\n",
        p.version
    );
    Ok(respond::raw(200, "text/plain", text.into_bytes()))
}

/// Install and uninstall are registered only when `plugin_admin_enabled`
/// is on; otherwise the router answers its 404 `Not found`. Then the
/// caller needs `plugins:install`, which only server admins hold.
fn plugin_admin(ctx: &Ctx) -> Result<(), axum::response::Response> {
    if !ctx.app.settings.plugin_admin_enabled {
        return Err(respond::not_found_route());
    }
    ctx.require_server_admin(Evaluator::One(PLUGINS_INSTALL))?;
    Ok(())
}

/// `POST /api/plugins/{pluginId}/install` `{"version"?}` (`InstallPlugin`):
/// 404 `Not found` unless `plugin_admin_enabled`; RBAC 403 unless a
/// server admin; 400 `bad request data` when the body does not bind; 403
/// `Cannot install or change a Core plugin`; 409 `Plugin already
/// installed` (same version); 404 `Plugin not found` for an id (or version)
/// the catalogue does not have (grafana.com's 4xx, passed on). A different
/// version of an installed plugin replaces it (an update). 200 with the JSON
/// string `""` (`response.JSON(200, []byte{})`).
pub(crate) fn install(ctx: &Ctx) -> ApiResult {
    plugin_admin(ctx)?;
    #[derive(serde::Deserialize)]
    struct Cmd {
        #[serde(default, deserialize_with = "crate::api::body::nullable")]
        version: String,
    }
    let cmd: Cmd = if ctx.body.iter().all(u8::is_ascii_whitespace) {
        Cmd {
            version: String::new(),
        }
    } else {
        crate::api::body::parse(ctx.body)?
    };
    let id = ctx.param();
    if CORE.iter().any(|d| d.id == id) {
        return Err(respond::message(
            403,
            "Cannot install or change a Core plugin",
        ));
    }
    let def = CATALOGUE
        .iter()
        .find(|d| d.id == id)
        .ok_or_else(|| respond::message(404, "Plugin not found"))?;
    let version = if cmd.version.is_empty() {
        def.version.to_string()
    } else {
        cmd.version
    };
    if version != def.version && !version.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(respond::message(404, "Plugin not found"));
    }
    let mut st = ctx.app.state.write();
    if st.plugins.installed.get(id) == Some(&version) {
        return Err(respond::message(409, "Plugin already installed"));
    }
    st.plugins.installed.insert(id.to_string(), version);
    Ok(respond::raw(200, "application/json", b"\"\"".to_vec()))
}

/// `POST /api/plugins/{pluginId}/uninstall` (`UninstallPlugin`): 404 `Not
/// found` unless `plugin_admin_enabled`; RBAC 403 unless a server admin;
/// 403 `Cannot uninstall a Core plugin`; 404 `Plugin not installed`. 200
/// with the JSON string `""`.
pub(crate) fn uninstall(ctx: &Ctx) -> ApiResult {
    plugin_admin(ctx)?;
    let id = ctx.param();
    if CORE.iter().any(|d| d.id == id) {
        return Err(respond::message(403, "Cannot uninstall a Core plugin"));
    }
    let mut st = ctx.app.state.write();
    if st.plugins.installed.remove(id).is_none() {
        return Err(respond::message(404, "Plugin not installed"));
    }
    Ok(respond::raw(200, "application/json", b"\"\"".to_vec()))
}
