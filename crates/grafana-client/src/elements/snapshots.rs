use serde::Serialize;
use serde_json::{Map, Value};

use super::options::{object, plain, setters, to_json, RequestExt};
use crate::call::{Call, Client, Endpoint, Plain, Request};
use crate::error::Result;
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
        let create = CreateNewSnapshot {
            dashboard: to_json("dashboard", dashboard),
            options: SnapshotOptions::default(),
        };
        Call::new(&self.client, create)
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
        Call::new(&self.client, GetDashboardSnapshots::default())
    }

    /// `GET /api/snapshots/{key}`: the snapshot's dashboard and meta.
    /// Needs no credentials. An expired or unknown key is a 404.
    pub fn get_snapshot_by_key(&self, key: &str) -> Call<C, Plain<SnapshotWithMeta>> {
        let path = ApiPath::api().lit("snapshots").param("key", key);
        plain(&self.client, Request::get(path))
    }

    /// `DELETE /api/snapshots/{key}`: deletes by key (needs `snapshots:delete`).
    /// The answer's `id` is the snapshot's id.
    ///
    /// The Python package names this argument `snapshot_id`; it is the key.
    pub fn delete_snapshot_by_key(&self, key: &str) -> Call<C, Plain<Message>> {
        let path = ApiPath::api().lit("snapshots").param("key", key);
        plain(&self.client, Request::delete(path))
    }

    /// `GET /api/snapshots-delete/{deleteKey}`: deletes by delete key (Grafana
    /// uses GET here). Not idempotent: a second call is a 404.
    pub fn delete_snapshot_by_delete_key(&self, delete_key: &str) -> Call<C, Plain<Message>> {
        let path = ApiPath::api()
            .lit("snapshots-delete")
            .param("delete_key", delete_key);
        plain(&self.client, Request::get(path))
    }

    /// `GET /api/snapshot/shared-options`: whether snapshots and external
    /// publishing are enabled, and where external snapshots go.
    pub fn get_sharing_options(&self) -> Call<C, Plain<SharingOptions>> {
        let path = ApiPath::api().lit("snapshot/shared-options");
        plain(&self.client, Request::get(path))
    }
}

/// [`Snapshots::create_new_snapshot`]'s endpoint: the dashboard and the
/// options, sent together as the body.
#[derive(Debug)]
pub struct CreateNewSnapshot {
    dashboard: Result<Value>,
    options: SnapshotOptions,
}

/// The options of [`CreateNewSnapshot`], sent next to `dashboard`.
#[derive(Serialize, Default, Clone, Debug)]
#[serde(rename_all = "camelCase")]
struct SnapshotOptions {
    name: Option<String>,
    expires: Option<i64>,
    external: Option<bool>,
    key: Option<String>,
    delete_key: Option<String>,
}

setters! { CreateNewSnapshot;
    /// Snapshot name (Grafana's default: `Unnamed snapshot`).
    name => options.name: into String;
    /// Lifetime in seconds; 0 or less means it never expires.
    expires => options.expires: value i64;
    /// Publish to the external snapshot server instead of storing locally.
    external => options.external: value bool;
    /// Use this key instead of a generated one.
    key => options.key: into String;
    /// Use this delete key instead of a generated one.
    delete_key => options.delete_key: into String;
}

impl Endpoint for CreateNewSnapshot {
    type Output = SnapshotCreated;

    fn into_request(self) -> Request {
        let body = self.dashboard.and_then(|dashboard| {
            let mut body = Map::from_iter([("dashboard".to_owned(), dashboard)]);
            body.extend(object(&self.options)?);
            Ok(body)
        });
        Request::post(ApiPath::api().lit("snapshots")).try_json(body)
    }
}

/// [`Snapshots::get_dashboard_snapshots`]'s endpoint and options (the query).
#[derive(Serialize, Default, Clone, Debug)]
pub struct GetDashboardSnapshots {
    query: Option<String>,
    limit: Option<u32>,
}

setters! { GetDashboardSnapshots;
    /// Only snapshots whose name matches (SQL `LIKE`).
    query: into String;
    /// At most this many snapshots.
    limit: value u32;
}

impl Endpoint for GetDashboardSnapshots {
    type Output = Vec<SnapshotListItem>;

    fn into_request(self) -> Request {
        Request::get(ApiPath::api().lit("dashboard/snapshots")).query_options(&self)
    }
}
