//! Snapshots **with data**: share a dashboard the way Grafana's *Share →
//! Snapshot* does, from code.
//!
//! Grafana never runs queries for a snapshot: its UI runs every panel's
//! queries, embeds the resulting data frames in the dashboard JSON and posts
//! that (`ShareSnapshotTab.tsx` `prepareSnapshot`, then
//! `transformSceneToSaveModel.ts` `trimDashboardForSnapshot`). A snapshot made
//! by posting the saved dashboard as it is
//! ([`create_new_snapshot`](crate::elements::Snapshots::create_new_snapshot))
//! shows empty panels. [`ShareDashboard`] (from
//! [`api.snapshots().share_dashboard(uid)`](crate::elements::Snapshots::share_dashboard))
//! does what the UI does:
//!
//! 1. fetches the dashboard, the library panels it uses and the data source
//!    list (for the default data source and names);
//! 2. plans every output panel: repeated panels and rows expanded, library
//!    panels inlined, panels of collapsed rows included (the UI leaves them
//!    empty), template variables interpolated from their current values or
//!    the ones given with [`var`](ShareDashboard::var), Grafana's `intervalMs`
//!    from the range;
//! 3. runs each panel's queries with one `POST /api/ds/query` per panel, at
//!    most [`concurrency`](ShareDashboard::concurrency) at a time; a
//!    `-- Dashboard --` panel gets the frames of the panel it reads from;
//! 4. fetches the built-in annotations' events for the range;
//! 5. trims the dashboard as `trimDashboardForSnapshot` does (absolute time,
//!    links cleared, variables reduced to their current value) and puts each
//!    panel's frames into
//!    `targets: [{refId, datasource: grafana, queryType: "snapshot", snapshot: [frames]}]`,
//!    keeping `transformations` (Grafana applies them when the snapshot is
//!    viewed);
//! 6. posts it to `POST /api/snapshots`.
//!
//! A query that fails costs only its own data: the panel keeps its other
//! queries' frames and the error is in the [`SnapshotReport`]. With
//! [`fail_on_error(true)`](ShareDashboard::fail_on_error) any failure returns
//! [`Error::SnapshotQueries`] instead, and nothing is posted. Nothing is ever
//! posted when building fails.
//!
//! ```no_run
//! # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
//! let shared = api
//!     .snapshots()
//!     .share_dashboard("demo-overview")
//!     .with_data()
//!     .time_range("now-6h", "now")
//!     .var("host", ["a", "b"])
//!     .expires(7 * 86_400)
//!     .await?;
//! println!("share {}", shared.snapshot.url);
//! for panel in &shared.report.panels {
//!     println!("{:?} {}: {} frames, {} rows", panel.id, panel.title, panel.frames, panel.rows);
//! }
//! # Ok(()) }
//! ```
//!
//! **Limits.** Queries are sent as the panel defines them: data sources
//! whose frontend rewrites queries before sending (for example Graphite,
//! InfluxQL through the proxy, or plugins without a backend) are not
//! supported; server-side expressions run as Grafana runs them. Variables
//! are not re-queried: a query variable uses its saved current value unless
//! one is given. Panel transformations are not applied (Grafana applies them
//! when the snapshot is viewed), and `-- Dashboard --` panels get their
//! source panel's frames before its transformations.

pub(crate) mod build;

pub use build::TimeRange;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::call::{Call, Client, Plain, Request};
use crate::error::{Error, Result};
use crate::models::{QueryRequest, SnapshotCreated};
use crate::path::ApiPath;

use build::{DataSourceInfo, Plan, PlanOptions};

/// Default number of `/api/ds/query` requests in flight
/// ([`ShareDashboard::concurrency`]).
pub const DEFAULT_CONCURRENCY: usize = 4;

/// The built-in annotation's default event limit (Grafana's
/// `grafana/datasource.ts` sends the target's `limit`, 100 by default).
const DEFAULT_ANNOTATION_LIMIT: i64 = 100;

/// Where the dashboard comes from.
enum Source {
    /// A saved dashboard, fetched by uid.
    Uid(String),
    /// A dashboard model the caller already has (or why it could not be
    /// serialized).
    Json(Result<Value>),
}

/// Everything the builder methods set.
#[derive(Clone)]
struct Options {
    with_data: bool,
    range: Option<(String, String)>,
    vars: BTreeMap<String, Vec<String>>,
    name: Option<String>,
    expires: Option<i64>,
    external: Option<bool>,
    key: Option<String>,
    delete_key: Option<String>,
    panel: Option<i64>,
    include_collapsed_rows: bool,
    concurrency: usize,
    fail_on_error: bool,
    org_id: Option<i64>,
}

/// Shares a dashboard as a snapshot, optionally with its data; made by
/// [`Snapshots::share_dashboard`](crate::elements::Snapshots::share_dashboard)
/// or [`Snapshots::share_dashboard_json`](crate::elements::Snapshots::share_dashboard_json).
///
/// Without [`with_data`](Self::with_data) it posts the dashboard as it is,
/// like [`create_new_snapshot`](crate::elements::Snapshots::create_new_snapshot)
/// (only [`name`](Self::name), [`expires`](Self::expires),
/// [`external`](Self::external), [`key`](Self::key),
/// [`delete_key`](Self::delete_key) and [`org_id`](Self::org_id) apply). With
/// it, it builds the snapshot the way Grafana's UI does (see the
/// [module documentation](crate::snapshot)).
///
/// Send it like a call: `.await` (or `.send().await`) on the async client,
/// `.send()` on the blocking one; the answer is a [`SharedSnapshot`].
/// [`build`](ShareDashboard::build) stops before posting and returns the
/// body ([`SnapshotBody`]).
///
/// ```no_run
/// # fn run(api: grafana_client::blocking::GrafanaApi) -> grafana_client::Result<()> {
/// let body = api
///     .snapshots()
///     .share_dashboard("demo-overview")
///     .with_data()
///     .time_range("2024-05-01T00:00:00Z", "2024-05-01T06:00:00Z")
///     .panel(2)
///     .build()?;
/// std::fs::write("snapshot.json", body.body.to_string()).ok();
/// println!("{}", body.report);
/// # Ok(()) }
/// ```
#[must_use = "a share does nothing until it is awaited or sent"]
pub struct ShareDashboard<C> {
    client: C,
    source: Source,
    opts: Options,
}

impl<C> fmt::Debug for ShareDashboard<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Uid(uid) => format!("uid {uid:?}"),
            Source::Json(Ok(_)) => "dashboard JSON".to_owned(),
            Source::Json(Err(e)) => format!("unusable dashboard JSON: {e}"),
        };
        let o = &self.opts;
        // The keys are secrets (anyone with the key reads the snapshot,
        // anyone with the delete key deletes it): never shown.
        f.debug_struct("ShareDashboard")
            .field("source", &source)
            .field("with_data", &o.with_data)
            .field("range", &o.range)
            .field("vars", &o.vars)
            .field("name", &o.name)
            .field("expires", &o.expires)
            .field("external", &o.external)
            .field("key", &o.key.as_ref().map(|_| "***"))
            .field("delete_key", &o.delete_key.as_ref().map(|_| "***"))
            .field("panel", &o.panel)
            .field("include_collapsed_rows", &o.include_collapsed_rows)
            .field("concurrency", &o.concurrency)
            .field("fail_on_error", &o.fail_on_error)
            .field("org_id", &o.org_id)
            .finish()
    }
}

impl<C: Client> ShareDashboard<C> {
    fn new(client: C, source: Source) -> Self {
        let org_id = crate::call::sealed::Sealed::default_org_id(&client);
        ShareDashboard {
            client,
            source,
            opts: Options {
                with_data: false,
                range: None,
                vars: BTreeMap::new(),
                name: None,
                expires: None,
                external: None,
                key: None,
                delete_key: None,
                panel: None,
                include_collapsed_rows: true,
                concurrency: DEFAULT_CONCURRENCY,
                fail_on_error: false,
                org_id,
            },
        }
    }

    pub(crate) fn from_uid(client: C, dashboard_uid: &str) -> Self {
        Self::new(client, Source::Uid(dashboard_uid.to_owned()))
    }

    /// From a dashboard model; a whole `GET /api/dashboards/uid/..` answer
    /// (`{"dashboard": .., "meta": ..}`) is accepted too.
    pub(crate) fn from_json(client: C, dashboard: &(impl Serialize + ?Sized)) -> Self {
        let value = serde_json::to_value(dashboard)
            .map_err(|e| Error::invalid_argument("dashboard", format!("cannot be serialized: {e}")))
            .map(|v| match v {
                Value::Object(mut m)
                    if m.get("dashboard").is_some_and(Value::is_object)
                        && m.get("meta").is_some_and(Value::is_object) =>
                {
                    m.remove("dashboard").unwrap_or(Value::Null)
                }
                other => other,
            });
        Self::new(client, Source::Json(value))
    }

    /// Runs every panel's queries and embeds the data (the point of this
    /// builder). Without it the dashboard is posted as it is.
    pub fn with_data(mut self) -> Self {
        self.opts.with_data = true;
        self
    }

    /// The snapshot's time range, in Grafana's notation: `now`, `now-6h`,
    /// `now-7d/d`, `now/w`, epoch milliseconds (`"1714521600000"`) or RFC 3339
    /// / ISO dates. Default: the dashboard's own `time` (and `now-6h` to `now`
    /// when it has none). Relative times are resolved once, when the snapshot
    /// is built. A value that does not parse is an
    /// [`Error::InvalidArgument`] named `time_range`, before anything is sent.
    pub fn time_range(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.opts.range = Some((from.into(), to.into()));
        self
    }

    /// Uses these values for the template variable `name` (without `$`),
    /// instead of its saved current value. Several values select several
    /// (a multi-value variable); `["$__all"]` selects All.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// let shared = api
    ///     .snapshots()
    ///     .share_dashboard("demo-templating")
    ///     .with_data()
    ///     .var("host", ["a", "b"])
    ///     .var("interval", ["1h"])
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn var(
        mut self,
        name: impl Into<String>,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        self.opts.vars.insert(
            name.into(),
            values.into_iter().map(Into::into).collect::<Vec<_>>(),
        );
        self
    }

    /// Snapshot name. Default: the dashboard's title.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.opts.name = Some(name.into());
        self
    }

    /// Lifetime in seconds; 0 or less means it never expires (the default
    /// when not set).
    pub fn expires(mut self, seconds: i64) -> Self {
        self.opts.expires = Some(seconds);
        self
    }

    /// Publish to the external snapshot server instead of storing locally.
    pub fn external(mut self, external: bool) -> Self {
        self.opts.external = Some(external);
        self
    }

    /// Use this key instead of one Grafana generates.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.opts.key = Some(key.into());
        self
    }

    /// Use this delete key instead of one Grafana generates.
    pub fn delete_key(mut self, delete_key: impl Into<String>) -> Self {
        self.opts.delete_key = Some(delete_key.into());
        self
    }

    /// Snapshot of this one panel only (Grafana's panel *Share → Snapshot*):
    /// it fills the width of the dashboard (`gridPos` `{x:0,y:0,w:24,h:20}`).
    /// A panel inside a row (collapsed or not) can be chosen too.
    pub fn panel(mut self, panel_id: i64) -> Self {
        self.opts.panel = Some(panel_id);
        self
    }

    /// Whether panels inside collapsed rows get data (default `true`).
    /// Grafana's UI leaves them empty; with `false` they keep their
    /// definition but carry no data, as in the UI.
    pub fn include_collapsed_rows(mut self, include: bool) -> Self {
        self.opts.include_collapsed_rows = include;
        self
    }

    /// At most `n` `/api/ds/query` requests in flight (one per panel);
    /// default [`DEFAULT_CONCURRENCY`]. 0 counts as 1.
    pub fn concurrency(mut self, n: usize) -> Self {
        self.opts.concurrency = n.max(1);
        self
    }

    /// With `true`, any failed query, panel, library panel or annotation
    /// fetch makes the share fail with [`Error::SnapshotQueries`] (carrying
    /// the report) before anything is posted. Default `false`: failures are
    /// reported in [`SnapshotReport`] and the snapshot is posted with the
    /// data that was obtained.
    pub fn fail_on_error(mut self, fail: bool) -> Self {
        self.opts.fail_on_error = fail;
        self
    }

    /// Acts in this organization (`X-Grafana-Org-Id`) for every request of
    /// this share.
    pub fn org_id(mut self, org_id: i64) -> Self {
        self.opts.org_id = Some(org_id);
        self
    }
}

impl ShareDashboard<crate::GrafanaApi> {
    /// Builds and posts the snapshot (the same as `.await`ing the builder).
    pub async fn send(self) -> Result<SharedSnapshot> {
        self.share().await
    }

    /// Builds the snapshot body and returns it with its report, without
    /// posting it.
    pub async fn build(self) -> Result<SnapshotBody> {
        self.prepare().await
    }
}

impl IntoFuture for ShareDashboard<crate::GrafanaApi> {
    type Output = Result<SharedSnapshot>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<SharedSnapshot>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.share())
    }
}

impl ShareDashboard<crate::blocking::GrafanaApi> {
    /// Builds and posts the snapshot, and waits for the answer.
    ///
    /// Returns [`Error::Misuse`] (and sends nothing) when called from async
    /// code (a tokio task or `#[tokio::main]`); use the async client there,
    /// or `tokio::task::spawn_blocking`.
    pub fn send(self) -> Result<SharedSnapshot> {
        let client = self.client.clone();
        client.block_on(self.share())
    }

    /// Builds the snapshot body and returns it with its report, without
    /// posting it. [`Error::Misuse`] from async code, as for
    /// [`send`](Self::send).
    pub fn build(self) -> Result<SnapshotBody> {
        let client = self.client.clone();
        client.block_on(self.prepare())
    }
}

/// The answer of a share: the created snapshot and what went into it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SharedSnapshot {
    /// Grafana's answer: `key`, `deleteKey`, `url`, `deleteUrl`.
    pub snapshot: SnapshotCreated,
    /// Per panel: queries, frames, rows, errors.
    pub report: SnapshotReport,
}

/// A snapshot built but not posted ([`ShareDashboard::build`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SnapshotBody {
    /// The `POST /api/snapshots` body: `dashboard`, `name` and the options
    /// that were set (`expires`, `external`, `key`, `deleteKey`). Post it
    /// later with `api.raw().post("api/snapshots").body(..)` or store it.
    pub body: Value,
    /// Per panel: queries, frames, rows, errors.
    pub report: SnapshotReport,
}

/// What happened to one panel of the snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct PanelReport {
    /// Panel id (repeated copies carry the id Grafana gives them).
    pub id: Option<i64>,
    /// Title, with variables interpolated.
    pub title: String,
    /// Queries sent for it (its targets).
    pub queried: usize,
    /// Data frames it carries.
    pub frames: usize,
    /// Rows over all its frames (the longest column of each frame).
    pub rows: usize,
    /// What failed: `refId B: <message>` per failed query, or the request's
    /// error when the whole request failed. The other queries' frames are
    /// kept.
    pub errors: Vec<String>,
    /// Why it was not queried (no targets, a row, unknown data source, …).
    pub skipped: Option<String>,
    /// For a `-- Dashboard --` panel: the panel whose frames it carries.
    pub reused_from: Option<i64>,
}

impl PanelReport {
    /// Whether it should carry data (it has queries, or reads another panel's
    /// data) but carries no rows.
    pub fn is_without_data(&self) -> bool {
        (self.queried > 0 || self.reused_from.is_some()) && self.rows == 0
    }
}

/// What went into a snapshot: per panel, and in total.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct SnapshotReport {
    /// Whether data was queried ([`ShareDashboard::with_data`]).
    pub with_data: bool,
    /// The absolute range the queries ran over (with data only).
    pub range: Option<TimeRange>,
    /// Every output panel, in dashboard order, then those the plan skipped.
    pub panels: Vec<PanelReport>,
    /// `/api/ds/query` requests sent.
    pub requests: usize,
    /// Queries sent, over all panels.
    pub queried: usize,
    /// Frames embedded, over all panels.
    pub frames: usize,
    /// Rows embedded, over all panels.
    pub rows: usize,
    /// Annotation events embedded (the built-in annotation's).
    pub annotations: usize,
    /// Failures that belong to no panel: library panels that could not be
    /// fetched, the annotations fetch.
    pub errors: Vec<String>,
    /// Wall time of the query phase (all `/api/ds/query` requests).
    pub query_time: Duration,
}

impl SnapshotReport {
    /// Whether anything failed (a query, a panel, a library panel, the
    /// annotations).
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty() || self.panels.iter().any(|p| !p.errors.is_empty())
    }

    /// Panels that should carry data but carry no rows (see
    /// [`PanelReport::is_without_data`]).
    pub fn panels_without_data(&self) -> Vec<&PanelReport> {
        self.panels.iter().filter(|p| p.is_without_data()).collect()
    }

    /// Panels with at least one error.
    pub fn failed_panels(&self) -> Vec<&PanelReport> {
        self.panels
            .iter()
            .filter(|p| !p.errors.is_empty())
            .collect()
    }

    /// One line: how many failures, and the first.
    fn failure_summary(&self) -> String {
        let panel_errors: usize = self.panels.iter().map(|p| p.errors.len()).sum();
        let first = self
            .panels
            .iter()
            .flat_map(|p| {
                p.errors
                    .iter()
                    .map(move |e| format!("panel {:?}: {e}", p.title))
            })
            .chain(self.errors.iter().cloned())
            .next()
            .unwrap_or_default();
        format!(
            "{} error(s) in {} panel(s), {} other; first: {first}",
            panel_errors,
            self.failed_panels().len(),
            self.errors.len()
        )
    }
}

impl fmt::Display for SnapshotReport {
    /// A table: one line per panel, then the totals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.panels {
            let id = p.id.map_or_else(|| "-".to_owned(), |id| id.to_string());
            write!(
                f,
                "panel {id:>4} {:<40} queries {:>2}  frames {:>3}  rows {:>6}",
                p.title, p.queried, p.frames, p.rows
            )?;
            if let Some(from) = p.reused_from {
                write!(f, "  (data of panel {from})")?;
            }
            if let Some(why) = &p.skipped {
                write!(f, "  skipped: {why}")?;
            }
            for e in &p.errors {
                write!(f, "  error: {e}")?;
            }
            writeln!(f)?;
        }
        for e in &self.errors {
            writeln!(f, "error: {e}")?;
        }
        write!(
            f,
            "{} panels, {} requests, {} queries, {} frames, {} rows, {} annotations in {:?}",
            self.panels.len(),
            self.requests,
            self.queried,
            self.frames,
            self.rows,
            self.annotations,
            self.query_time
        )
    }
}

/// `Error::SnapshotQueries`'s message.
pub(crate) fn failure_summary(report: &SnapshotReport) -> String {
    report.failure_summary()
}

// ---------------------------------------------------------------------------
// Orchestration (all I/O is here; planning and assembling are `build`'s)

/// One refId's outcome of a panel's request.
struct PanelAnswer {
    frames: Vec<Value>,
    errors: Vec<String>,
}

/// Rows of a frame: the longest of its `data.values` columns.
fn frame_rows(frame: &Value) -> usize {
    frame
        .pointer("/data/values")
        .and_then(Value::as_array)
        .map(|cols| {
            cols.iter()
                .filter_map(Value::as_array)
                .map(Vec::len)
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0)
}

/// Sets `schema.refId` when the backend left it out (Grafana's frontend does
/// the same before it keeps a frame).
fn tag_ref_id(frame: &mut Value, ref_id: &str) {
    let Some(obj) = frame.as_object_mut() else {
        return;
    };
    let schema = obj
        .entry("schema")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(schema) = schema.as_object_mut() {
        let missing = schema
            .get("refId")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty);
        if missing {
            schema.insert("refId".into(), Value::from(ref_id));
        }
    }
}

/// `current_time` in Unix milliseconds.
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The enabled built-in annotation's event limit, if the dashboard shows
/// its own annotations.
fn builtin_annotation_limit(dashboard: &Value) -> Option<i64> {
    dashboard
        .pointer("/annotations/list")
        .and_then(Value::as_array)?
        .iter()
        .find(|a| {
            let builtin = match a.get("builtIn") {
                Some(Value::Number(n)) => n.as_i64() == Some(1),
                Some(Value::Bool(b)) => *b,
                _ => false,
            };
            let enabled = a.get("enable").and_then(Value::as_bool).unwrap_or(true);
            builtin && enabled
        })
        .map(|a| {
            a.pointer("/target/limit")
                .and_then(Value::as_i64)
                .filter(|l| *l > 0)
                .unwrap_or(DEFAULT_ANNOTATION_LIMIT)
        })
}

impl<C: Client> ShareDashboard<C> {
    /// Applies the share's organization to one of its calls.
    fn call<E>(&self, call: Call<C, E>) -> Call<C, E> {
        match self.opts.org_id {
            Some(org) => call.org_id(org),
            None => call,
        }
    }

    /// Builds, then posts.
    async fn share(self) -> Result<SharedSnapshot> {
        let client = self.client.clone();
        let org_id = self.opts.org_id;
        let SnapshotBody { body, report } = self.prepare().await?;
        let request = Request::post(ApiPath::api().lit("snapshots")).json(&body);
        drop(body);
        let mut call = Call::new(&client, Plain::<SnapshotCreated>::new(request));
        if let Some(org) = org_id {
            call = call.org_id(org);
        }
        let snapshot = call.run().await?;
        Ok(SharedSnapshot { snapshot, report })
    }

    /// The dashboard model: fetched, or the one given.
    async fn dashboard(&mut self) -> Result<Value> {
        let source = std::mem::replace(&mut self.source, Source::Json(Ok(Value::Null)));
        let dashboard = match source {
            Source::Uid(uid) => {
                let call = self.client.dashboard().get_dashboard(&uid);
                self.call(call).run().await?.dashboard
            }
            Source::Json(value) => value?,
        };
        if !dashboard.is_object() {
            return Err(Error::invalid_argument(
                "dashboard",
                "is not a dashboard model (a JSON object)",
            ));
        }
        Ok(dashboard)
    }

    /// Builds the body (and the report) without posting.
    async fn prepare(mut self) -> Result<SnapshotBody> {
        let mut dashboard = self.dashboard().await?;
        let name = match &self.opts.name {
            Some(name) => name.clone(),
            None => dashboard
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        };
        let mut report = SnapshotReport {
            with_data: self.opts.with_data,
            ..SnapshotReport::default()
        };
        if self.opts.with_data {
            dashboard = self.with_frames(&dashboard, &mut report).await?;
        }
        let mut body = Map::new();
        body.insert("dashboard".into(), dashboard);
        body.insert("name".into(), Value::from(name));
        let o = &self.opts;
        let optional = [
            ("expires", o.expires.map(Value::from)),
            ("external", o.external.map(Value::from)),
            ("key", o.key.clone().map(Value::from)),
            ("deleteKey", o.delete_key.clone().map(Value::from)),
        ];
        for (field, value) in optional {
            if let Some(value) = value {
                body.insert(field.into(), value);
            }
        }
        Ok(SnapshotBody {
            body: Value::Object(body),
            report,
        })
    }

    /// The absolute range: the caller's, else the dashboard's `time`.
    fn range(&self, dashboard: &Value) -> Result<TimeRange> {
        let (from, to) = match &self.opts.range {
            Some((from, to)) => (from.clone(), to.clone()),
            None => {
                let get = |k: &str, default: &str| {
                    dashboard
                        .get("time")
                        .and_then(|t| t.get(k))
                        .and_then(Value::as_str)
                        .unwrap_or(default)
                        .to_owned()
                };
                (get("from", "now-6h"), get("to", "now"))
            }
        };
        build::parse_range(&from, &to, now_ms())
            .map_err(|reason| Error::invalid_argument("time_range", reason))
    }

    /// The models of the library panels the dashboard uses; a missing one
    /// (404) is left out (the plan skips its panel), others are reported.
    async fn library_panels(
        &self,
        dashboard: &Value,
        report: &mut SnapshotReport,
    ) -> Result<HashMap<String, Value>> {
        let uids = build::library_panel_uids(dashboard);
        let fetches = uids.into_iter().map(|uid| {
            let call = self.call(self.client.libraryelement().get_library_element(&uid));
            async move { (uid, call.run().await) }
        });
        let answers: Vec<_> = stream::iter(fetches)
            .buffer_unordered(self.opts.concurrency)
            .collect()
            .await;
        let mut library = HashMap::new();
        for (uid, answer) in answers {
            match answer {
                Ok(element) => {
                    if let Some(model) = element.result.model {
                        library.insert(uid, model);
                    } else {
                        report
                            .errors
                            .push(format!("library panel {uid:?}: the answer has no model"));
                    }
                }
                Err(e) if e.is_not_found() => {
                    report
                        .errors
                        .push(format!("library panel {uid:?}: not found"));
                }
                Err(e) => return Err(e),
            }
        }
        Ok(library)
    }

    /// The data sources, for the default one and name references. A caller
    /// who may not list them (a Viewer on some versions) gets the ones the
    /// frontend settings name; failing that, none (uid references still work).
    async fn datasources(&self) -> Result<Vec<DataSourceInfo>> {
        let listed = self
            .call(self.client.datasource().list_datasources())
            .run()
            .await;
        match listed {
            Ok(list) => Ok(list
                .into_iter()
                .map(|d| DataSourceInfo {
                    uid: d.uid,
                    name: d.name,
                    type_: d.kind,
                    is_default: d.is_default.unwrap_or(false),
                })
                .collect()),
            Err(e) if e.is_forbidden() => {
                let settings = self
                    .call(self.client.raw().get("api/frontend/settings"))
                    .run()
                    .await
                    .unwrap_or(Value::Null);
                let default = settings
                    .get("defaultDatasource")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let list = settings
                    .get("datasources")
                    .and_then(Value::as_object)
                    .map(|m| {
                        m.iter()
                            .map(|(name, d)| {
                                let s = |k: &str| {
                                    d.get(k)
                                        .and_then(Value::as_str)
                                        .unwrap_or_default()
                                        .to_owned()
                                };
                                let name = match d.get("name").and_then(Value::as_str) {
                                    Some(n) => n.to_owned(),
                                    None => name.clone(),
                                };
                                DataSourceInfo {
                                    is_default: d
                                        .get("isDefault")
                                        .and_then(Value::as_bool)
                                        .unwrap_or(name == default),
                                    uid: s("uid"),
                                    type_: s("type"),
                                    name,
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Ok(list)
            }
            Err(e) => Err(e),
        }
    }

    /// One panel's request: all its queries at once. The answer per refId,
    /// in the order the queries were sent.
    async fn query_panel(&self, queries: Vec<Value>, range: TimeRange) -> Result<PanelAnswer> {
        let mut request = QueryRequest::new(range.from_ms.to_string(), range.to_ms.to_string());
        request.queries = queries;
        let response = self
            .call(self.client.datasource().ds_query(&request))
            .run()
            .await?;
        let order: Vec<String> = request
            .queries
            .iter()
            .filter_map(|q| q.get("refId").and_then(Value::as_str).map(str::to_owned))
            .collect();
        let mut results = response.results;
        let mut answer = PanelAnswer {
            frames: Vec::new(),
            errors: Vec::new(),
        };
        // Queries in the panel's order first, then anything else the server
        // answered (a refId it made up), so the frames keep a stable order.
        let mut ids = order;
        ids.extend(
            results
                .keys()
                .filter(|k| !ids.contains(k))
                .cloned()
                .collect::<Vec<_>>(),
        );
        for ref_id in ids {
            let Some(result) = results.remove(&ref_id) else {
                continue;
            };
            if let Some(error) = result.error.as_deref().filter(|e| !e.is_empty()) {
                answer.errors.push(format!("refId {ref_id}: {error}"));
            }
            for frame in result.frames {
                let mut frame = serde_json::to_value(frame).unwrap_or(Value::Null);
                if frame.is_object() {
                    tag_ref_id(&mut frame, &ref_id);
                    answer.frames.push(frame);
                }
            }
        }
        Ok(answer)
    }

    /// Plans, queries, fetches annotations and assembles: the snapshot's
    /// dashboard with its data.
    async fn with_frames(&self, dashboard: &Value, report: &mut SnapshotReport) -> Result<Value> {
        let range = self.range(dashboard)?;
        report.range = Some(range);
        let library = self.library_panels(dashboard, report).await?;
        let datasources = self.datasources().await?;
        let opts = PlanOptions {
            include_collapsed_rows: self.opts.include_collapsed_rows,
            panel_id: self.opts.panel,
        };
        let plan: Plan = build::plan(
            dashboard,
            &library,
            &datasources,
            &self.opts.vars,
            range,
            &opts,
        );

        // Queries: one request per panel that has queries of its own.
        let started = Instant::now();
        let mut jobs = Vec::new();
        for (i, p) in plan.panels.iter().enumerate() {
            if p.reuse_panel.is_none() && !p.queries.is_empty() {
                let queries = p.queries.clone();
                jobs.push(async move { (i, self.query_panel(queries, range).await) });
            }
        }
        let answers: Vec<(usize, Result<PanelAnswer>)> = stream::iter(jobs)
            .buffer_unordered(self.opts.concurrency)
            .collect()
            .await;
        report.query_time = started.elapsed();
        report.requests = answers.len();

        let mut frames: Vec<Vec<Value>> = vec![Vec::new(); plan.panels.len()];
        let mut panels: Vec<PanelReport> = plan
            .panels
            .iter()
            .map(|p| PanelReport {
                id: p.id,
                title: p.title.clone(),
                queried: if p.reuse_panel.is_some() {
                    0
                } else {
                    p.queries.len()
                },
                reused_from: p.reuse_panel,
                ..PanelReport::default()
            })
            .collect();
        for (i, answer) in answers {
            let (Some(slot), Some(panel)) = (frames.get_mut(i), panels.get_mut(i)) else {
                continue;
            };
            match answer {
                Ok(a) => {
                    *slot = a.frames;
                    panel.errors = a.errors;
                }
                Err(e) => panel.errors.push(format!("query request failed: {e}")),
            }
        }
        // `-- Dashboard --` panels: the source panel's frames (the first
        // output panel with that id, which is the original of a repeat).
        for (i, p) in plan.panels.iter().enumerate() {
            let Some(source) = p.reuse_panel else {
                continue;
            };
            let from = plan
                .panels
                .iter()
                .position(|q| q.id == Some(source) && q.reuse_panel.is_none());
            let copied = from.and_then(|j| frames.get(j)).cloned();
            match (copied, panels.get_mut(i)) {
                (Some(copied), Some(panel)) => {
                    if let Some(slot) = frames.get_mut(i) {
                        *slot = copied;
                    }
                    let _ = panel;
                }
                (None, Some(panel)) => panel.errors.push(format!(
                    "-- Dashboard -- source panel {source} is not in the snapshot"
                )),
                _ => {}
            }
        }
        for (panel, f) in panels.iter_mut().zip(&frames) {
            panel.frames = f.len();
            panel.rows = f.iter().map(frame_rows).sum();
        }
        for s in &plan.skipped {
            match panels.iter_mut().find(|p| {
                p.id.is_some() && p.id == s.panel_id && p.queried == 0 && p.reused_from.is_none()
            }) {
                Some(p) => p.skipped = Some(s.reason.clone()),
                None => panels.push(PanelReport {
                    id: s.panel_id,
                    title: s.title.clone(),
                    skipped: Some(s.reason.clone()),
                    ..PanelReport::default()
                }),
            }
        }

        // The built-in annotation's events.
        let mut events = Vec::new();
        let uid = dashboard
            .get("uid")
            .and_then(Value::as_str)
            .filter(|u| !u.is_empty());
        if let (Some(limit), Some(uid)) = (builtin_annotation_limit(dashboard), uid) {
            let call = self
                .client
                .annotations()
                .find_annotations()
                .dashboard_uid(uid)
                .time_from(range.from_ms)
                .time_to(range.to_ms)
                .limit(limit)
                .json::<Vec<Value>>();
            match self.call(call).run().await {
                Ok(list) => events = list,
                Err(e) => report.errors.push(format!("annotations: {e}")),
            }
        }
        report.annotations = events.len();
        report.panels = panels;
        report.queried = report.panels.iter().map(|p| p.queried).sum();
        report.frames = report.panels.iter().map(|p| p.frames).sum();
        report.rows = report.panels.iter().map(|p| p.rows).sum();

        if self.opts.fail_on_error && report.has_errors() {
            return Err(Error::SnapshotQueries(Box::new(report.clone())));
        }
        Ok(build::assemble(
            dashboard,
            &plan,
            &frames,
            &events,
            range,
            self.opts.panel.is_some(),
        ))
    }
}
