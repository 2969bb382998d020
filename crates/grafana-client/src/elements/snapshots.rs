use serde::Serialize;
use serde_json::{Map, Value};

use crate::call::{Call, Client, Endpoint, Plain, Request};
use crate::error::{Error, Result};
use crate::models::{Message, SharingOptions, SnapshotCreated, SnapshotListItem, SnapshotWithMeta};
use crate::path::ApiPath;
use crate::snapshot::ShareDashboard;

/// `api.snapshots()`: dashboard snapshots (`/api/snapshots`).
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// let dash = api.dashboard().get_dashboard("demo-overview").await?;
/// let snap = api
///     .snapshots()
///     .create_new_snapshot(&dash.dashboard)
///     .name("Weekly report")
///     .expires(7 * 86_400)
///     .await?;
/// println!("share {} / delete with {}", snap.url, snap.delete_key);
/// api.snapshots().delete_snapshot_by_delete_key(&snap.delete_key).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Snapshots<C> {
    client: C,
}

impl<C: Client> Snapshots<C> {
    pub(crate) fn new(client: C) -> Self {
        Snapshots { client }
    }

    /// `POST /api/snapshots`: stores a snapshot of `dashboard` (the dashboard
    /// model, e.g. [`DashboardWithMeta::dashboard`](crate::models::DashboardWithMeta::dashboard)).
    ///
    /// Options: [`name`](Call::name), [`expires`](Call::expires) (seconds; 0
    /// or absent means never), [`external`](Call::external), [`key`](Call::key),
    /// [`delete_key`](Call::delete_key). Only options that are set are sent.
    pub fn create_new_snapshot(
        &self,
        dashboard: &(impl Serialize + ?Sized),
    ) -> Call<C, CreateNewSnapshot> {
        let dashboard = serde_json::to_value(dashboard).map_err(|e| {
            Error::invalid_argument("dashboard", format!("cannot be serialized: {e}"))
        });
        Call::new(
            &self.client,
            CreateNewSnapshot {
                dashboard,
                name: None,
                expires: None,
                external: None,
                key: None,
                delete_key: None,
            },
        )
    }

    /// Shares the saved dashboard `dashboard_uid` as a snapshot, **with its
    /// data** after [`with_data`](ShareDashboard::with_data): runs every
    /// panel's queries the way Grafana's *Share → Snapshot* does and embeds
    /// the frames, then posts it. See [`ShareDashboard`] for the options and
    /// [`crate::snapshot`] for what it does.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// let shared = api
    ///     .snapshots()
    ///     .share_dashboard("demo-overview")
    ///     .with_data()
    ///     .time_range("now-6h", "now")
    ///     .expires(86_400)
    ///     .await?;
    /// println!("{} ({} panels without data)", shared.snapshot.url,
    ///     shared.report.panels_without_data().len());
    /// # Ok(()) }
    /// ```
    pub fn share_dashboard(&self, dashboard_uid: &str) -> ShareDashboard<C> {
        ShareDashboard::from_uid(self.client.clone(), dashboard_uid)
    }

    /// [`share_dashboard`](Self::share_dashboard) for a dashboard model the
    /// caller already has (e.g. [`DashboardWithMeta::dashboard`](crate::models::DashboardWithMeta::dashboard);
    /// the whole `{dashboard, meta}` answer is accepted too). Grafana 11.1
    /// and later store a snapshot only when `dashboard.uid` names a saved
    /// dashboard.
    pub fn share_dashboard_json(&self, dashboard: &(impl Serialize + ?Sized)) -> ShareDashboard<C> {
        ShareDashboard::from_json(self.client.clone(), dashboard)
    }

    /// `GET /api/dashboard/snapshots`: the snapshots the caller may see (an org
    /// admin sees the org's, others their own). Options:
    /// [`query`](Call::query) (matched against the name with SQL `LIKE`:
    /// exact unless it holds `%` or `_`) and [`limit`](Call::limit) (server
    /// default 1000).
    pub fn get_dashboard_snapshots(&self) -> Call<C, GetDashboardSnapshots> {
        Call::new(
            &self.client,
            GetDashboardSnapshots {
                query: None,
                limit: None,
            },
        )
    }

    /// `GET /api/snapshots/{key}`: the snapshot's dashboard and meta.
    /// Needs no credentials. An expired or unknown key is a 404.
    pub fn get_snapshot_by_key(&self, key: &str) -> Call<C, Plain<SnapshotWithMeta>> {
        let path = ApiPath::api().lit("snapshots").param("key", key);
        Call::new(&self.client, Plain::new(Request::get(path)))
    }

    /// `DELETE /api/snapshots/{key}`: deletes by key (needs `snapshots:delete`).
    /// The answer's `id` is the snapshot's id.
    ///
    /// The Python package names this argument `snapshot_id`; it is the key.
    pub fn delete_snapshot_by_key(&self, key: &str) -> Call<C, Plain<Message>> {
        let path = ApiPath::api().lit("snapshots").param("key", key);
        Call::new(&self.client, Plain::new(Request::delete(path)))
    }

    /// `GET /api/snapshots-delete/{deleteKey}`: deletes by delete key (Grafana
    /// uses GET here). Not idempotent: a second call is a 404.
    pub fn delete_snapshot_by_delete_key(&self, delete_key: &str) -> Call<C, Plain<Message>> {
        let path = ApiPath::api()
            .lit("snapshots-delete")
            .param("delete_key", delete_key);
        Call::new(&self.client, Plain::new(Request::get(path)))
    }

    /// `GET /api/snapshot/shared-options`: whether snapshots and external
    /// publishing are enabled, and where external snapshots go.
    pub fn get_sharing_options(&self) -> Call<C, Plain<SharingOptions>> {
        let path = ApiPath::api().lit("snapshot/shared-options");
        Call::new(&self.client, Plain::new(Request::get(path)))
    }
}

/// [`Snapshots::create_new_snapshot`]'s endpoint and options.
#[derive(Debug)]
pub struct CreateNewSnapshot {
    dashboard: Result<Value>,
    name: Option<String>,
    expires: Option<i64>,
    external: Option<bool>,
    key: Option<String>,
    delete_key: Option<String>,
}

impl<C: Client> Call<C, CreateNewSnapshot> {
    /// Snapshot name (Grafana's default: `Unnamed snapshot`).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.endpoint.name = Some(name.into());
        self
    }

    /// Lifetime in seconds; 0 or less means it never expires.
    pub fn expires(mut self, seconds: i64) -> Self {
        self.endpoint.expires = Some(seconds);
        self
    }

    /// Publish to the external snapshot server instead of storing locally.
    pub fn external(mut self, external: bool) -> Self {
        self.endpoint.external = Some(external);
        self
    }

    /// Use this key instead of a generated one.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.endpoint.key = Some(key.into());
        self
    }

    /// Use this delete key instead of a generated one.
    pub fn delete_key(mut self, delete_key: impl Into<String>) -> Self {
        self.endpoint.delete_key = Some(delete_key.into());
        self
    }
}

impl Endpoint for CreateNewSnapshot {
    type Output = SnapshotCreated;

    fn into_request(self) -> Request {
        let body = self.dashboard.map(|dashboard| {
            let mut body = Map::new();
            body.insert("dashboard".into(), dashboard);
            let optional = [
                ("name", self.name.map(Value::from)),
                ("expires", self.expires.map(Value::from)),
                ("external", self.external.map(Value::from)),
                ("key", self.key.map(Value::from)),
                ("deleteKey", self.delete_key.map(Value::from)),
            ];
            for (field, value) in optional {
                if let Some(value) = value {
                    body.insert(field.into(), value);
                }
            }
            body
        });
        Request::post(ApiPath::api().lit("snapshots")).try_json(body)
    }
}

/// [`Snapshots::get_dashboard_snapshots`]'s endpoint and options.
#[derive(Debug)]
pub struct GetDashboardSnapshots {
    query: Option<String>,
    limit: Option<u32>,
}

impl<C: Client> Call<C, GetDashboardSnapshots> {
    /// Only snapshots whose name matches (SQL `LIKE`).
    pub fn query(mut self, query: impl Into<String>) -> Self {
        self.endpoint.query = Some(query.into());
        self
    }

    /// At most this many snapshots.
    pub fn limit(mut self, limit: u32) -> Self {
        self.endpoint.limit = Some(limit);
        self
    }
}

impl Endpoint for GetDashboardSnapshots {
    type Output = Vec<SnapshotListItem>;

    fn into_request(self) -> Request {
        Request::get(ApiPath::api().lit("dashboard/snapshots"))
            .query_opt("query", self.query)
            .query_opt("limit", self.limit)
    }
}
