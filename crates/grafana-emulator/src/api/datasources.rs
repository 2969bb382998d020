//! Data sources: `/api/datasources*` (CRUD, lookups, health) and `/api/plugins/{type}/health`.

use serde_json::{Map, Value};

use crate::routes::Route;
use crate::state::State;
use crate::store::{Row, Table};

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[];

/// A stored data source (Grafana's `data_source` table row).
#[derive(Debug, Clone)]
pub(crate) struct DataSource {
    pub(crate) id: i64,
    pub(crate) org_id: i64,
    pub(crate) uid: String,
    pub(crate) name: String,
    /// The plugin id (`prometheus`, `grafana-testdata-datasource`, …).
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
    /// Secure settings: stored, never returned (only their keys, as
    /// `secureJsonFields`).
    pub(crate) secure_json_data: Map<String, Value>,
    pub(crate) version: i64,
    pub(crate) read_only: bool,
    pub(crate) api_version: String,
    pub(crate) created: i64,
    pub(crate) updated: i64,
}

impl Row for DataSource {
    fn id(&self) -> i64 {
        self.id
    }
    fn org_id(&self) -> i64 {
        self.org_id
    }
    fn uid(&self) -> &str {
        &self.uid
    }
}

/// This area's stored state (held by [`crate::state::State`]).
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub(crate) rows: Table<DataSource>,
}

/// The data source of `org_id` with this uid.
pub(crate) fn by_uid<'a>(st: &'a State, org_id: i64, uid: &str) -> Option<&'a DataSource> {
    st.datasources.rows.by_uid(org_id, uid)
}

/// The plugin type (`prometheus`, `grafana-testdata-datasource`, …) of the
/// data source of `org_id` with this uid, for areas that dispatch on it
/// (`/api/ds/query`).
pub(crate) fn datasource_type(st: &State, org_id: i64, uid: &str) -> Option<String> {
    by_uid(st, org_id, uid).map(|d| d.kind.clone())
}

/// Adds this area's part of the demo data set (`--seed demo`).
pub(crate) fn seed_demo(_st: &mut crate::state::State, _now: i64) {}
