//! Data sources: CRUD, lookups and health checks, as Grafana 12 OSS serves
//! them (`pkg/api/api.go` `registerRoutes`, `pkg/api/datasources.go`,
//! `pkg/services/datasources/service/datasource.go` and `store.go`).
//!
//! Routes:
//!
//! * `GET /api/datasources` (list), `POST /api/datasources` (create)
//! * `GET|PUT|DELETE /api/datasources/{id}` (numeric id; off in 13.0, where
//!   `datasourceLegacyIdApi` is off by default, so these answer 404)
//! * `GET|PUT|DELETE /api/datasources/uid/{uid}`
//! * `GET|DELETE /api/datasources/name/{name}`, `GET /api/datasources/id/{name}`
//! * `GET|POST /api/datasources/uid/{uid}/health`, `GET|POST /api/datasources/{id}/health`
//! * `GET /api/plugins/{pluginId}/health` for the built-in plugin types
//!
//! RBAC (`pkg/api/accesscontrol.go` `declareFixedRoles`): in OSS (no
//! enforcement licence) `fixed:datasources:reader` (read + query) and
//! `fixed:datasources.id:reader` go to Viewer; `fixed:datasources:writer`
//! (write, create, delete) to Admin.

use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{ApiResult, Ctx};
use crate::api::respond;
use crate::auth::Identity;
use crate::role::{allows, Action, Evaluator, Role};
use crate::routes::Route;
use crate::state::{State, MAIN_ORG_ID};
use crate::store::Table;

/// `datasources:read`.
pub(crate) const DATASOURCES_READ: Action = Action::new("datasources:read", Role::Viewer);
/// `datasources:query` (the proxy, health checks, `/api/ds/query`).
pub(crate) const DATASOURCES_QUERY: Action = Action::new("datasources:query", Role::Viewer);
/// `datasources.id:read` (`GET /api/datasources/id/{name}`).
const DATASOURCES_ID_READ: Action = Action::new("datasources.id:read", Role::Viewer);
const DATASOURCES_CREATE: Action = Action::new("datasources:create", Role::Admin);
const DATASOURCES_WRITE: Action = Action::new("datasources:write", Role::Admin);
const DATASOURCES_DELETE: Action = Action::new("datasources:delete", Role::Admin);

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("GET", "/api/datasources", list),
    Route::new("POST", "/api/datasources", create),
    Route::new("GET", "/api/datasources/{id}", get_by_id),
    Route::new("PUT", "/api/datasources/{id}", update_by_id),
    Route::new("DELETE", "/api/datasources/{id}", delete_by_id),
    Route::new("GET", "/api/datasources/uid/{uid}", get_by_uid),
    Route::new("PUT", "/api/datasources/uid/{uid}", update_by_uid),
    Route::new("DELETE", "/api/datasources/uid/{uid}", delete_by_uid),
    Route::new("GET", "/api/datasources/name/{name}", get_by_name),
    Route::new("DELETE", "/api/datasources/name/{name}", delete_by_name),
    Route::new("GET", "/api/datasources/id/{name}", id_by_name),
    Route::new("GET", "/api/datasources/uid/{uid}/health", health_by_uid),
    Route::new("POST", "/api/datasources/uid/{uid}/health", health_by_uid),
    Route::new("GET", "/api/datasources/{id}/health", health_by_id),
    Route::new("POST", "/api/datasources/{id}/health", health_by_id),
    Route::new("GET", "/api/plugins/{plugin_id}/health", plugin_health),
];

/// A stored data source (Grafana's `data_source` table row).
#[derive(Debug, Clone)]
pub(crate) struct DataSource {
    pub(crate) id: i64,
    pub(crate) org_id: i64,
    pub(crate) uid: String,
    pub(crate) name: String,
    /// The plugin id as given (`prometheus`, `testdata`, …); answers show
    /// the plugin's own id for an alias (see [`plugin_id`]).
    pub(crate) kind: String,
    pub(crate) access: String,
    pub(crate) url: String,
    pub(crate) user: String,
    pub(crate) database: String,
    pub(crate) basic_auth: bool,
    pub(crate) basic_auth_user: String,
    pub(crate) with_credentials: bool,
    pub(crate) is_default: bool,
    pub(crate) json_data: Value,
    /// Secure settings: stored, never returned (only the keys with a
    /// non-empty value, as `secureJsonFields`).
    pub(crate) secure_json_data: Map<String, Value>,
    pub(crate) version: i64,
    pub(crate) read_only: bool,
    pub(crate) api_version: String,
}

crate::store::impl_row!(DataSource);

/// This area's stored state (held by [`crate::state::State`]).
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub(crate) rows: Table<DataSource>,
}

/// The data source of `org_id` with this uid.
pub(crate) fn by_uid<'a>(st: &'a State, org_id: i64, uid: &str) -> Option<&'a DataSource> {
    st.datasources.rows.by_uid(org_id, uid)
}

/// The data source of `org_id` with this numeric id.
pub(crate) fn by_id(st: &State, org_id: i64, id: i64) -> Option<&DataSource> {
    st.datasources.rows.get(org_id, id)
}

/// The plugin type of the data source of `org_id` with this uid, for areas
/// that dispatch on it (`/api/ds/query`). An alias is resolved to the
/// plugin's id (`testdata` → `grafana-testdata-datasource`), as Grafana's
/// plugin store does; an unknown type is returned as stored.
#[allow(dead_code)] // for the /api/ds/query area
pub(crate) fn datasource_type(st: &State, org_id: i64, uid: &str) -> Option<String> {
    by_uid(st, org_id, uid).map(|d| plugin_id(&d.kind).to_string())
}

// ---------------------------------------------------------------------------
// Built-in plugin catalogue.

/// A core data source plugin the emulator knows: id, aliases, display name,
/// small logo (`plugin.json` of each plugin under `public/app/plugins/datasource`).
struct Plugin {
    id: &'static str,
    aliases: &'static [&'static str],
    name: &'static str,
    logo: &'static str,
}

const PLUGINS: &[Plugin] = &[
    Plugin {
        id: "grafana-testdata-datasource",
        aliases: &["testdata"],
        name: "TestData",
        logo: "public/plugins/grafana-testdata-datasource/img/testdata.svg",
    },
    Plugin {
        id: "prometheus",
        aliases: &[],
        name: "Prometheus",
        logo: "public/plugins/prometheus/img/prometheus_logo.svg",
    },
    Plugin {
        id: "loki",
        aliases: &[],
        name: "Loki",
        logo: "public/plugins/loki/img/loki_icon.svg",
    },
    Plugin {
        id: "elasticsearch",
        aliases: &[],
        name: "Elasticsearch",
        logo: "public/plugins/elasticsearch/img/elasticsearch.svg",
    },
    Plugin {
        id: "influxdb",
        aliases: &[],
        name: "InfluxDB",
        logo: "public/plugins/influxdb/img/influxdb_logo.svg",
    },
    Plugin {
        id: "graphite",
        aliases: &[],
        name: "Graphite",
        logo: "public/plugins/graphite/img/graphite_logo.png",
    },
    Plugin {
        id: "mysql",
        aliases: &[],
        name: "MySQL",
        logo: "public/plugins/mysql/img/mysql_logo.svg",
    },
    Plugin {
        id: "grafana-postgresql-datasource",
        aliases: &["postgres"],
        name: "PostgreSQL",
        logo: "public/plugins/grafana-postgresql-datasource/img/postgresql_logo.svg",
    },
    Plugin {
        id: "mssql",
        aliases: &[],
        name: "Microsoft SQL Server",
        logo: "public/plugins/mssql/img/sql_server_logo.svg",
    },
    Plugin {
        id: "tempo",
        aliases: &[],
        name: "Tempo",
        logo: "public/plugins/tempo/img/tempo_logo.svg",
    },
    Plugin {
        id: "jaeger",
        aliases: &[],
        name: "Jaeger",
        logo: "public/plugins/jaeger/img/jaeger_logo.svg",
    },
    Plugin {
        id: "zipkin",
        aliases: &[],
        name: "Zipkin",
        logo: "public/plugins/zipkin/img/zipkin-logo.svg",
    },
    Plugin {
        id: "alertmanager",
        aliases: &[],
        name: "Alertmanager",
        logo: "public/plugins/alertmanager/img/logo.svg",
    },
    Plugin {
        id: "cloudwatch",
        aliases: &[],
        name: "CloudWatch",
        logo: "public/plugins/cloudwatch/img/amazon-web-services.png",
    },
    Plugin {
        id: "opentsdb",
        aliases: &[],
        name: "OpenTSDB",
        logo: "public/plugins/opentsdb/img/opentsdb_logo.png",
    },
];

fn plugin(kind: &str) -> Option<&'static Plugin> {
    PLUGINS
        .iter()
        .find(|p| p.id == kind || p.aliases.contains(&kind))
}

/// The plugin id for a stored type: an alias resolved, an unknown type as
/// it is (`GetDataSources` / `convertModelToDtos`: `Type = plugin.ID`).
pub(crate) fn plugin_id(kind: &str) -> &str {
    plugin(kind).map_or(kind, |p| p.id)
}

/// Whether `kind` is a plugin type the emulator's Grafana has installed.
pub(crate) fn is_known_plugin(kind: &str) -> bool {
    plugin(kind).is_some()
}

/// `typeLogoUrl`: the plugin's small logo, or Grafana's generic icon for a
/// type no installed plugin has.
fn logo(kind: &str) -> &'static str {
    plugin(kind).map_or("public/img/icn-datasource.svg", |p| p.logo)
}

// ---------------------------------------------------------------------------
// DTOs.

/// `secureJsonFields`: keys whose secret is non-empty (`convertModelToDtos`).
fn secure_fields(d: &DataSource) -> Value {
    let mut keys: Vec<&String> = d
        .secure_json_data
        .iter()
        .filter(|(_, v)| v.as_str().is_some_and(|s| !s.is_empty()))
        .map(|(k, _)| k)
        .collect();
    keys.sort();
    Value::Object(keys.into_iter().map(|k| (k.clone(), json!(true))).collect())
}

/// The `accessControl` metadata of `?accesscontrol=true`: the data source
/// actions the caller holds, keys sorted (a Go map).
fn access_control(role: Option<Role>) -> Value {
    let mut m = Map::new();
    for a in [
        DATASOURCES_ID_READ,
        DATASOURCES_DELETE,
        DATASOURCES_QUERY,
        DATASOURCES_READ,
        DATASOURCES_WRITE,
    ] {
        if allows(role, a) {
            m.insert(a.name().to_string(), json!(true));
        }
    }
    Value::Object(m)
}

/// `dtos.DataSource`, in its field order (`pkg/api/dtos/datasource.go`);
/// `accessControl` only when asked for with `?accesscontrol=true`
/// (`getAccessControlMetadata`).
fn dto(d: &DataSource, acl: Option<Option<Role>>) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(d.id));
    m.insert("uid".into(), json!(d.uid));
    m.insert("orgId".into(), json!(d.org_id));
    m.insert("name".into(), json!(d.name));
    m.insert("type".into(), json!(plugin_id(&d.kind)));
    m.insert("typeLogoUrl".into(), json!(logo(&d.kind)));
    m.insert("access".into(), json!(d.access));
    m.insert("url".into(), json!(d.url));
    m.insert("user".into(), json!(d.user));
    m.insert("database".into(), json!(d.database));
    m.insert("basicAuth".into(), json!(d.basic_auth));
    m.insert("basicAuthUser".into(), json!(d.basic_auth_user));
    m.insert("withCredentials".into(), json!(d.with_credentials));
    m.insert("isDefault".into(), json!(d.is_default));
    m.insert("jsonData".into(), d.json_data.clone());
    m.insert("secureJsonFields".into(), secure_fields(d));
    m.insert("version".into(), json!(d.version));
    m.insert("readOnly".into(), json!(d.read_only));
    if let Some(role) = acl {
        m.insert("accessControl".into(), access_control(role));
    }
    m.insert("apiVersion".into(), json!(d.api_version));
    Value::Object(m)
}

/// `dtos.DataSourceListItemDTO`, in its field order.
fn list_item(d: &DataSource) -> Value {
    let type_name = plugin(&d.kind).map_or(d.kind.as_str(), |p| p.name);
    let mut m = Map::new();
    m.insert("id".into(), json!(d.id));
    m.insert("uid".into(), json!(d.uid));
    m.insert("orgId".into(), json!(d.org_id));
    m.insert("name".into(), json!(d.name));
    m.insert("type".into(), json!(plugin_id(&d.kind)));
    m.insert("typeName".into(), json!(type_name));
    m.insert("typeLogoUrl".into(), json!(logo(&d.kind)));
    m.insert("access".into(), json!(d.access));
    m.insert("url".into(), json!(d.url));
    m.insert("user".into(), json!(d.user));
    m.insert("database".into(), json!(d.database));
    m.insert("basicAuth".into(), json!(d.basic_auth));
    m.insert("isDefault".into(), json!(d.is_default));
    m.insert("jsonData".into(), d.json_data.clone());
    m.insert("readOnly".into(), json!(d.read_only));
    Value::Object(m)
}

// ---------------------------------------------------------------------------
// Errors and lookups.

/// 404 `{"message":"Data source not found"}` (`response.Error(404, …, nil)`).
fn not_found() -> Response {
    respond::message(404, "Data source not found")
}

/// 400 `{"message":"bad request data"}`: `web.Bind` failing, answered with
/// `response.Error` (no `traceID`, unlike `c.JsonApiErr`).
fn bad_request() -> Response {
    respond::message(400, "bad request data")
}

/// The numeric-id routes exist unless the emulated Grafana is 13.0 or newer,
/// where the `datasourceLegacyIdApi` feature flag is off by default (PR
/// #119930): there they are unknown routes, 404 `Not found`.
fn legacy_id_api(ctx: &Ctx) -> Result<(), Response> {
    if ctx.version() >= (13, 0) {
        Err(respond::not_found_route())
    } else {
        Ok(())
    }
}

/// `strconv.ParseInt` of the `:id` segment; 400 `id is invalid` otherwise
/// (`response.Error`, so no `traceID`).
fn parse_id(ctx: &Ctx) -> Result<i64, Response> {
    ctx.param()
        .parse()
        .map_err(|_| respond::message(400, "id is invalid"))
}

fn accesscontrol_meta(ctx: &Ctx, who: &Identity) -> Option<Option<Role>> {
    ctx.query.bool("accesscontrol").then_some(who.role)
}

// ---------------------------------------------------------------------------
// Reads.

/// `GET /api/datasources` (`GetDataSources`): every data source of the org
/// (up to `[datasources] datasource_limit`, 5000), sorted by lower-cased
/// name. Needs `datasources:read`.
pub(crate) fn list(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(DATASOURCES_READ))?;
    let st = ctx.app.state.read();
    let mut rows: Vec<&DataSource> = st.datasources.rows.in_org(who.org_id).take(5000).collect();
    rows.sort_by_key(|d| d.name.to_lowercase());
    let out: Vec<Value> = rows.into_iter().map(list_item).collect();
    Ok(respond::json(200, &Value::Array(out)))
}

/// `GET /api/datasources/{id}` (`GetDataSourceById`): needs
/// `datasources:read`; 400 `id is invalid`, 404 `Data source not found`.
pub(crate) fn get_by_id(ctx: &Ctx) -> ApiResult {
    legacy_id_api(ctx)?;
    let who = ctx.require(Evaluator::One(DATASOURCES_READ))?;
    let id = parse_id(ctx)?;
    let st = ctx.app.state.read();
    let d = by_id(&st, who.org_id, id).ok_or_else(not_found)?;
    Ok(respond::json(200, &dto(d, accesscontrol_meta(ctx, who))))
}

/// `GET /api/datasources/uid/{uid}` (`GetDataSourceByUID`): needs
/// `datasources:read`; 404 `Data source not found`.
pub(crate) fn get_by_uid(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(DATASOURCES_READ))?;
    let st = ctx.app.state.read();
    let d = by_uid(&st, who.org_id, ctx.param()).ok_or_else(not_found)?;
    Ok(respond::json(200, &dto(d, accesscontrol_meta(ctx, who))))
}

/// `GET /api/datasources/name/{name}` (`GetDataSourceByName`): needs
/// `datasources:read`; 404 `Data source not found`. Grafana adds no
/// access-control metadata here.
pub(crate) fn get_by_name(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(DATASOURCES_READ))?;
    let st = ctx.app.state.read();
    let d = st
        .datasources
        .rows
        .find(who.org_id, |d| d.name == ctx.param())
        .ok_or_else(not_found)?;
    Ok(respond::json(200, &dto(d, None)))
}

/// `GET /api/datasources/id/{name}` (`GetDataSourceIdByName`): `{"id": N}`;
/// needs `datasources.id:read` (Viewer); 404 `Data source not found`.
pub(crate) fn id_by_name(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(DATASOURCES_ID_READ))?;
    let st = ctx.app.state.read();
    let d = st
        .datasources
        .rows
        .find(who.org_id, |d| d.name == ctx.param())
        .ok_or_else(not_found)?;
    Ok(respond::json(200, &json!({ "id": d.id })))
}

// ---------------------------------------------------------------------------
// Create and update.

/// `AddDataSourceCommand` / `UpdateDataSourceCommand` as JSON binds them
/// (absent or `null` = Go zero value; a wrong type is a binding error).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Command {
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    name: String,
    #[serde(
        default,
        rename = "type",
        deserialize_with = "crate::api::body::nullable"
    )]
    kind: String,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    access: String,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    url: String,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    user: String,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    database: String,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    basic_auth: bool,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    basic_auth_user: String,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    with_credentials: bool,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    is_default: bool,
    /// `*simplejson.Json`: any JSON; `None` when absent or `null`.
    #[serde(default)]
    json_data: Option<Value>,
    /// `map[string]string`.
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    secure_json_data: std::collections::BTreeMap<String, String>,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    uid: String,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    api_version: String,
    /// Update only.
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    version: i64,
}

fn parse_command(ctx: &Ctx) -> Result<Command, Response> {
    serde_json::from_slice(ctx.body).map_err(|_| bad_request())
}

/// `validateURL` (`pkg/api/datasource/validation.go` `ValidateURL`): Go's
/// `url.Parse` refuses control characters and spaces in a host; 400
/// `Validation error, invalid URL`.
fn validate_url(url: &str) -> Result<(), Response> {
    let bad = url.chars().any(|c| c.is_control())
        || url
            .split_once("://")
            .map(|(_, rest)| rest.split('/').next().unwrap_or("").contains(' '))
            .unwrap_or(false);
    if bad {
        Err(respond::message(400, "Validation error, invalid URL"))
    } else {
        Ok(())
    }
}

/// `prepareInstanceSettings`' global rules: name ≤ 190, url ≤ 255 bytes;
/// `errutil` validation errors (400).
fn validate_lengths(name: &str, url: &str) -> Result<(), Response> {
    if name.len() > 190 {
        return Err(respond::errutil(
            400,
            "Invalid datasource name.",
            "datasource.nameInvalid",
        ));
    }
    if url.len() > 255 {
        return Err(respond::errutil(
            400,
            "Invalid datasource url.",
            "datasource.urlInvalid",
        ));
    }
    Ok(())
}

/// `getAvailableName`: the type, then `type-1`, `type-2`, … (compared
/// case-insensitively with the org's names).
fn available_name(st: &State, org_id: i64, kind: &str) -> String {
    let taken: std::collections::HashSet<String> = st
        .datasources
        .rows
        .in_org(org_id)
        .map(|d| d.name.to_lowercase())
        .collect();
    let mut name = kind.to_string();
    let mut n = 0;
    while taken.contains(&name.to_lowercase()) {
        n += 1;
        name = format!("{kind}-{n}");
    }
    name
}

/// `updateIsDefaultFlag`: a default data source makes every other one of
/// its org non-default.
fn clear_other_defaults(st: &mut State, org_id: i64, keep: i64) {
    let others: Vec<i64> = st
        .datasources
        .rows
        .in_org(org_id)
        .filter(|d| d.id != keep && d.is_default)
        .map(|d| d.id)
        .collect();
    for id in others {
        if let Some(d) = st.datasources.rows.get_mut(org_id, id) {
            d.is_default = false;
        }
    }
}

fn secrets(map: std::collections::BTreeMap<String, String>) -> Map<String, Value> {
    map.into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect()
}

/// `POST /api/datasources` (`AddDataSource` and the service's
/// `AddDataSource`): needs `datasources:create`.
///
/// The first data source of an org becomes its default; an empty name
/// becomes the first free `type`, `type-1`, …; an empty uid is generated.
/// Errors: 400 `bad request data`, 400 `Validation error, invalid URL`, 400
/// `errutil` name/url too long, 409 `data source with the same name already
/// exists` (checked first), 409 `data source with the same uid already
/// exists` (the `(org_id, uid)` unique index).
///
/// 200 `{"datasource": dto, "id", "message": "Datasource added", "name"}`
/// (a `DynMap`, keys sorted).
pub(crate) fn create(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(DATASOURCES_CREATE))?;
    let cmd = parse_command(ctx)?;
    if !cmd.url.is_empty() {
        validate_url(&cmd.url)?;
    }
    let mut st = ctx.app.state.write();
    let org_id = who.org_id;
    let first = st.datasources.rows.in_org(org_id).next().is_none();
    let name = if cmd.name.is_empty() {
        available_name(&st, org_id, &cmd.kind)
    } else {
        cmd.name
    };
    validate_lengths(&name, &cmd.url)?;
    if st
        .datasources
        .rows
        .find(org_id, |d| d.name == name)
        .is_some()
    {
        return Err(respond::message(
            409,
            "data source with the same name already exists",
        ));
    }
    let uid = if cmd.uid.is_empty() {
        crate::ids::generate_uid()
    } else {
        cmd.uid
    };
    if st.datasources.rows.by_uid(org_id, &uid).is_some() {
        return Err(respond::message(
            409,
            "data source with the same uid already exists",
        ));
    }
    let id = st.datasources.rows.alloc_id();
    let d = DataSource {
        id,
        org_id,
        uid,
        name,
        kind: cmd.kind,
        access: cmd.access,
        url: cmd.url,
        user: cmd.user,
        database: cmd.database,
        basic_auth: cmd.basic_auth,
        basic_auth_user: cmd.basic_auth_user,
        with_credentials: cmd.with_credentials,
        is_default: cmd.is_default || first,
        json_data: cmd.json_data.unwrap_or_else(|| json!({})),
        secure_json_data: secrets(cmd.secure_json_data),
        version: 1,
        read_only: false,
        api_version: cmd.api_version,
    };
    let body = json!({
        "datasource": dto(&d, None),
        "id": d.id,
        "message": "Datasource added",
        "name": d.name,
    });
    let is_default = d.is_default;
    st.datasources.rows.insert(d);
    if is_default {
        clear_other_defaults(&mut st, org_id, id);
    }
    Ok(respond::json(200, &body))
}

/// `PUT /api/datasources/{id}` (`UpdateDataSourceByID`): needs
/// `datasources:write`. Binds the body first (400 `bad request data`), then
/// 400 `id is invalid`, then as [`update_by_uid`].
pub(crate) fn update_by_id(ctx: &Ctx) -> ApiResult {
    legacy_id_api(ctx)?;
    let who = ctx.require(Evaluator::One(DATASOURCES_WRITE))?;
    let cmd = parse_command(ctx)?;
    let id = parse_id(ctx)?;
    validate_url(&cmd.url)?;
    let mut st = ctx.app.state.write();
    if by_id(&st, who.org_id, id).is_none() {
        return Err(not_found());
    }
    update(&mut st, who.org_id, id, cmd)
}

/// `PUT /api/datasources/uid/{uid}` (`UpdateDataSourceByUID` →
/// `updateDataSourceByID`, the service's `UpdateDataSource` and the store's
/// `UpdateDataSource`): needs `datasources:write`.
///
/// The body replaces the settings, except that empty `name`, `type`,
/// `access`, `url`, `basicAuthUser` and `uid` keep the stored values (xorm
/// skips zero-valued columns), while `user`, `database`, the booleans,
/// `jsonData` (absent: `{}`) and `apiVersion` are always written. Secrets
/// not in `secureJsonData` are kept. With a non-zero `version` lower than
/// the stored one: 409 `Datasource has already been updated by someone
/// else. Please reload and try again`. The new version is the sent one plus
/// one (so an update without `version` leaves version 1). A new name taken
/// by another data source: 409 `Failed to update datasource: data source
/// with the same name already exists`. Read-only: 403.
///
/// 200 `{"datasource", "id", "message": "Datasource updated", "name"}`,
/// `name` being the name sent (`""` when none was).
pub(crate) fn update_by_uid(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(DATASOURCES_WRITE))?;
    let cmd = parse_command(ctx)?;
    validate_url(&cmd.url)?;
    let mut st = ctx.app.state.write();
    let id = by_uid(&st, who.org_id, ctx.param())
        .map(|d| d.id)
        .ok_or_else(not_found)?;
    update(&mut st, who.org_id, id, cmd)
}

fn update(st: &mut State, org_id: i64, id: i64, cmd: Command) -> ApiResult {
    let current = by_id(st, org_id, id).cloned().ok_or_else(not_found)?;
    if current.read_only {
        return Err(respond::message(403, "Cannot update read-only data source"));
    }
    validate_lengths(&cmd.name, &cmd.url)?;
    if !cmd.name.is_empty() && cmd.name != current.name {
        let taken = st
            .datasources
            .rows
            .find(org_id, |d| d.name == cmd.name)
            .is_some();
        if taken {
            return Err(respond::message(
                409,
                "Failed to update datasource: data source with the same name already exists",
            ));
        }
    }
    // The store's `version < cmd.Version + 1` condition: a stale version
    // updates no row.
    if cmd.version != 0 && current.version > cmd.version {
        return Err(respond::message(
            409,
            "Datasource has already been updated by someone else. Please reload and try again",
        ));
    }
    let keep = |new: String, old: &str| {
        if new.is_empty() {
            old.to_string()
        } else {
            new
        }
    };
    let mut secure = current.secure_json_data.clone();
    for (k, v) in cmd.secure_json_data {
        secure.insert(k, Value::String(v));
    }
    let sent_name = cmd.name.clone();
    let updated = DataSource {
        id,
        org_id,
        uid: keep(cmd.uid, &current.uid),
        name: keep(cmd.name, &current.name),
        kind: keep(cmd.kind, &current.kind),
        access: keep(cmd.access, &current.access),
        url: keep(cmd.url, &current.url),
        user: cmd.user,
        database: cmd.database,
        basic_auth: cmd.basic_auth,
        basic_auth_user: keep(cmd.basic_auth_user, &current.basic_auth_user),
        with_credentials: cmd.with_credentials,
        is_default: cmd.is_default,
        json_data: cmd.json_data.unwrap_or_else(|| json!({})),
        secure_json_data: secure,
        version: cmd.version + 1,
        read_only: false,
        api_version: cmd.api_version,
    };
    if updated.uid != current.uid && st.datasources.rows.by_uid(org_id, &updated.uid).is_some() {
        // The unique (org_id, uid) index refuses the row: a plain error,
        // answered with the handler's fallback.
        return Err(respond::message(500, "Failed to update datasource"));
    }
    let body = json!({
        "datasource": dto(&updated, None),
        "id": id,
        "message": "Datasource updated",
        "name": sent_name,
    });
    let is_default = updated.is_default;
    st.datasources.rows.insert(updated);
    if is_default {
        clear_other_defaults(st, org_id, id);
    }
    Ok(respond::json(200, &body))
}

// ---------------------------------------------------------------------------
// Delete.

fn remove(st: &mut State, org_id: i64, id: i64) -> Result<DataSource, Response> {
    let d = by_id(st, org_id, id).ok_or_else(not_found)?;
    if d.read_only {
        return Err(respond::message(403, "Cannot delete read-only data source"));
    }
    st.datasources.rows.remove(org_id, id).ok_or_else(not_found)
}

/// `DELETE /api/datasources/{id}` (`DeleteDataSourceById`): needs
/// `datasources:delete`; 400 `id is invalid`, 400 `Missing valid datasource
/// id` for `id <= 0`, 404; 200 `{"message":"Data source deleted"}`.
pub(crate) fn delete_by_id(ctx: &Ctx) -> ApiResult {
    legacy_id_api(ctx)?;
    let who = ctx.require(Evaluator::One(DATASOURCES_DELETE))?;
    let id = parse_id(ctx)?;
    if id <= 0 {
        return Err(respond::message(400, "Missing valid datasource id"));
    }
    let mut st = ctx.app.state.write();
    remove(&mut st, who.org_id, id)?;
    Ok(respond::message(200, "Data source deleted"))
}

/// `DELETE /api/datasources/uid/{uid}` (`DeleteDataSourceByUID`): needs
/// `datasources:delete`; 404; 200 `{"id", "message":"Data source deleted"}`.
pub(crate) fn delete_by_uid(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(DATASOURCES_DELETE))?;
    let mut st = ctx.app.state.write();
    let id = by_uid(&st, who.org_id, ctx.param())
        .map(|d| d.id)
        .ok_or_else(not_found)?;
    remove(&mut st, who.org_id, id)?;
    Ok(respond::json(
        200,
        &json!({ "id": id, "message": "Data source deleted" }),
    ))
}

/// `DELETE /api/datasources/name/{name}` (`DeleteDataSourceByName`): needs
/// `datasources:delete`; 404; 200 `{"id", "message":"Data source deleted"}`.
pub(crate) fn delete_by_name(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(DATASOURCES_DELETE))?;
    let mut st = ctx.app.state.write();
    let id = st
        .datasources
        .rows
        .find(who.org_id, |d| d.name == ctx.param())
        .map(|d| d.id)
        .ok_or_else(not_found)?;
    remove(&mut st, who.org_id, id)?;
    Ok(respond::json(
        200,
        &json!({ "id": id, "message": "Data source deleted" }),
    ))
}

// ---------------------------------------------------------------------------
// Health.

/// The health answer of `checkDatasourceHealth` for a stored data source:
/// the built-in TestData and Prometheus-like backends answer `OK` (200);
/// another installed type has no backend in the emulator, which answers as
/// a plugin whose check failed (400 `{"status":"ERROR","message"}`); a type
/// no plugin has: `plugincontext` `ErrPluginNotRegistered` through
/// `ErrOrFallback` (404 errutil `Plugin not found`).
fn check_health(d: &DataSource) -> Response {
    match plugin_id(&d.kind) {
        "grafana-testdata-datasource" => respond::json(
            200,
            &json!({"message": "Data source is working", "status": "OK"}),
        ),
        // The Prometheus plugin's CheckHealth
        // (`pkg/promlib/healthcheck.go`) runs `1+1` against the server.
        "prometheus" => respond::json(
            200,
            &json!({"message": "Successfully queried the Prometheus API.", "status": "OK"}),
        ),
        other if is_known_plugin(other) => respond::json(
            400,
            &json!({
                "message": format!("the emulator has no backend for plugin type {other}"),
                "status": "ERROR"
            }),
        ),
        _ => respond::errutil(404, "Plugin not found", "plugin.notRegistered"),
    }
}

/// `GET|POST /api/datasources/uid/{uid}/health` (`CheckDatasourceHealthWithUID`):
/// needs `datasources:query`; 400 `UID is invalid` (`IsValidShortUID`);
/// a missing data source is the data-source cache's error, 500 `Unable to
/// load datasource metadata`.
pub(crate) fn health_by_uid(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(DATASOURCES_QUERY))?;
    if !valid_short_uid(ctx.param()) {
        return Err(respond::message(400, "UID is invalid"));
    }
    let st = ctx.app.state.read();
    let d = by_uid(&st, who.org_id, ctx.param())
        .ok_or_else(|| respond::message(500, "Unable to load datasource metadata"))?;
    Ok(check_health(d))
}

/// `GET|POST /api/datasources/{id}/health` (`CheckDatasourceHealth`): as
/// [`health_by_uid`], with 400 `id is invalid`.
pub(crate) fn health_by_id(ctx: &Ctx) -> ApiResult {
    legacy_id_api(ctx)?;
    let who = ctx.require(Evaluator::One(DATASOURCES_QUERY))?;
    let id = parse_id(ctx)?;
    let st = ctx.app.state.read();
    let d = by_id(&st, who.org_id, id)
        .ok_or_else(|| respond::message(500, "Unable to load datasource metadata"))?;
    Ok(check_health(d))
}

/// `util.IsValidShortUID`: letters, digits, `-` and `_` only.
pub(crate) fn valid_short_uid(uid: &str) -> bool {
    uid.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `GET /api/plugins/{pluginId}/health` (`pkg/api/plugins.go` `CheckHealth`):
/// signed-in only. TestData's check needs no data source: 200 `OK`. The
/// Prometheus plugin's check cannot build an instance without a data
/// source: 500 `Plugin request failed`. Other installed types: the same.
/// Unknown plugin: 404 errutil `Plugin not found`.
pub(crate) fn plugin_health(ctx: &Ctx) -> ApiResult {
    ctx.signed_in()?;
    match plugin(ctx.param()).map(|p| p.id) {
        Some("grafana-testdata-datasource") => Ok(respond::json(
            200,
            &json!({"message": "Data source is working", "status": "OK"}),
        )),
        Some(_) => Ok(respond::message(500, "Plugin request failed")),
        None => Ok(respond::errutil(
            404,
            "Plugin not found",
            "plugin.notRegistered",
        )),
    }
}

// ---------------------------------------------------------------------------
// Demo data.

/// Adds this area's part of the demo data set (`--seed demo`): in org 1 a
/// TestData data source (uid `testdata`, the default) and a Prometheus one
/// (uid `prometheus`, served by the emulator's built-in Prometheus-like
/// backend through the data-source proxy).
pub(crate) fn seed_demo(st: &mut State, _now: i64) {
    let base = |id, uid: &str, name: &str, kind: &str, url: &str, is_default| DataSource {
        id,
        org_id: MAIN_ORG_ID,
        uid: uid.into(),
        name: name.into(),
        kind: kind.into(),
        access: "proxy".into(),
        url: url.into(),
        user: String::new(),
        database: String::new(),
        basic_auth: false,
        basic_auth_user: String::new(),
        with_credentials: false,
        is_default,
        json_data: json!({}),
        secure_json_data: Map::new(),
        version: 1,
        read_only: false,
        api_version: String::new(),
    };
    let id = st.datasources.rows.alloc_id();
    st.datasources.rows.insert(base(
        id,
        "testdata",
        "TestData",
        "grafana-testdata-datasource",
        "",
        true,
    ));
    let id = st.datasources.rows.alloc_id();
    let mut prom = base(
        id,
        "prometheus",
        "Prometheus",
        "prometheus",
        "http://localhost:9090",
        false,
    );
    prom.json_data = json!({"httpMethod": "POST"});
    st.datasources.rows.insert(prom);
}
