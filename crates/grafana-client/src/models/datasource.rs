//! Models of the `datasource` API area.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;

/// Which data source [`Datasource::get`](crate::elements::Datasource::get)
/// fetches: the Python package's `DatasourceIdentifier`, as an enum, so that
/// exactly one of id, uid and name is given.
///
/// ```
/// use grafana_client::models::DatasourceIdentifier;
/// let by_uid = DatasourceIdentifier::Uid("prom-main".into());
/// assert_ne!(by_uid, DatasourceIdentifier::Name("prom-main".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DatasourceIdentifier {
    /// Numeric id (`GET /api/datasources/{id}`, deprecated by Grafana).
    Id(i64),
    /// Uid (`GET /api/datasources/uid/{uid}`).
    Uid(String),
    /// Name (`GET /api/datasources/name/{name}`).
    Name(String),
}

/// A data source as `GET /api/datasources/uid/{uid}` (and by id, by name)
/// returns it. Serializable, so a fetched data source can be changed and sent
/// back with [`update_datasource_by_uid`](crate::elements::Datasource::update_datasource_by_uid).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DataSource {
    /// Numeric id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Uid.
    #[serde(default)]
    pub uid: String,
    /// Organization the data source belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<i64>,
    /// Name, unique in the organization.
    #[serde(default)]
    pub name: String,
    /// Plugin id (`prometheus`, `loki`, `influxdb`, …); Grafana's `type`.
    #[serde(default, rename = "type")]
    pub kind: String,
    /// The plugin's logo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_logo_url: Option<String>,
    /// `proxy` (through Grafana) or `direct` (from the browser).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<String>,
    /// The data source's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// User name for the data source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Database name (for SQL data sources; Grafana moves it into `jsonData`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    /// Whether basic auth is used towards the data source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_auth: Option<bool>,
    /// Basic auth user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_auth_user: Option<String>,
    /// Whether browser credentials (cookies) are sent along.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_credentials: Option<bool>,
    /// Whether this is the organization's default data source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_default: Option<bool>,
    /// Plugin-specific settings (`httpMethod`, `timeInterval`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_data: Option<Value>,
    /// Which secure (write-only) settings are set; their values are never returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secure_json_fields: Option<BTreeMap<String, bool>>,
    /// Version, for optimistic locking on update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// Whether it is provisioned and cannot be changed through the API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    /// What the caller may do with it (`datasources:write`: `true`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_control: Option<BTreeMap<String, bool>>,
    /// Everything else (`apiVersion`, `typeName`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of `GET /api/datasources`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DataSourceListItem {
    /// Numeric id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Uid.
    #[serde(default)]
    pub uid: String,
    /// Organization the data source belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<i64>,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Plugin id (`prometheus`, …); Grafana's `type`.
    #[serde(default, rename = "type")]
    pub kind: String,
    /// The plugin's display name (`Prometheus`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_name: Option<String>,
    /// The plugin's logo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_logo_url: Option<String>,
    /// `proxy` or `direct`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<String>,
    /// The data source's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// User name for the data source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Database name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    /// Whether basic auth is used towards the data source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_auth: Option<bool>,
    /// Whether this is the organization's default data source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_default: Option<bool>,
    /// Plugin-specific settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_data: Option<Value>,
    /// Whether it is provisioned (read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer to creating or updating a data source
/// (`{"datasource": …, "id": …, "message": …, "name": …}`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DataSourceSaved {
    /// `Datasource added`, `Datasource updated`.
    #[serde(default)]
    pub message: String,
    /// Numeric id of the data source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The data source as stored (uid, version, …); absent before Grafana 8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datasource: Option<DataSource>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of `GET /api/datasources/id/{name}`: `{"id": …}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DataSourceId {
    /// Numeric id of the named data source.
    #[serde(default)]
    pub id: i64,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of Grafana's own health check,
/// `GET /api/datasources/uid/{uid}/health` (Grafana 9+).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DataSourceHealth {
    /// `OK`, or `ERROR` (which Grafana sends with status 400, so it arrives
    /// as an [`Error::Api`](crate::Error::Api)).
    #[serde(default)]
    pub status: String,
    /// What the plugin says (`Successfully queried the Prometheus API.`).
    #[serde(default)]
    pub message: String,
    /// Plugin-specific details, when the plugin gives any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Value>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of `GET /api/access-control/datasources/{uid}` (Grafana 10.2+
/// data source permissions).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DataSourcePermission {
    /// Id of the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The role that carries it (`managed:users:1:permissions`, `fixed:datasources:reader`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
    /// Whether it was set through the permissions API (not a fixed role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_managed: Option<bool>,
    /// Whether it is inherited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_inherited: Option<bool>,
    /// Whether the user is a service account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_service_account: Option<bool>,
    /// User id, when the entry is for a user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<i64>,
    /// User login, when the entry is for a user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_login: Option<String>,
    /// Team id, when the entry is for a team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<i64>,
    /// Team name, when the entry is for a team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Basic role (`Viewer`, `Editor`, `Admin`), when the entry is for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub built_in_role: Option<String>,
    /// The actions granted (`datasources:query`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<String>>,
    /// `Query`, `Edit` or `Admin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission: Option<String>,
    /// Everything else (`userUid`, `userAvatarUrl`, `teamUid`, `teamAvatarUrl`, …).
    #[serde(flatten)]
    pub extra: Extra,
}
