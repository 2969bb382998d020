//! The pure part of a snapshot with data: time ranges, variable interpolation,
//! the query plan for every panel and the trimmed snapshot dashboard. No I/O,
//! no async: the caller fetches the dashboard, library panels and data
//! sources, runs the planned queries and hands the frames to `assemble`.
//!
//! Note to the share engineer (R): the signatures below are the agreed
//! interface. Items are declared `pub` (not `pub(crate)`) so that the crate can
//! re-export them, `#[doc(hidden)]`, for the integration tests in
//! `tests/snapshot_build.rs`; this changes nothing for code inside the crate.
//! Additions beyond the interface: `round_interval`, `seconds_to_hms`, the
//! `LibraryModels` alias, `Default` on the option/plan types and
//! `TimeRange::span_ms`. Behaviour R can rely on:
//! - `plan` with `panel_id` also looks inside collapsed rows, returns that one
//!   panel at `{x:0,y:0,w:24,h:20}` (no panels plus a `Skipped` entry when the
//!   id is unknown); a `-- Dashboard --` panel whose source panel is not in
//!   the output gets the source's queries and `reuse_panel: None`.
//! - `assemble` fills a `reuse_panel` panel from the source panel's frames
//!   when `frames[i]` is empty, so R may pass `vec![]` for such panels.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

mod assemble;
mod plan;
mod range;
mod vars;

pub use assemble::assemble;
pub use plan::{library_panel_uids, plan};
pub use range::{interval_ms, parse_range, round_interval, seconds_to_hms, TimeRange};

/// A data source as `/api/datasources` lists it (the caller fetches the list).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DataSourceInfo {
    /// Its uid.
    pub uid: String,
    /// Its name (legacy dashboards refer to data sources by name).
    pub name: String,
    /// Its plugin type, e.g. `prometheus`, `grafana-testdata-datasource`.
    pub type_: String,
    /// Whether it is the organization's default data source.
    pub is_default: bool,
}

/// How `plan` treats rows and which panels it keeps.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PlanOptions {
    /// Query the panels of collapsed rows and expand those rows in the output
    /// (Grafana's UI leaves them without data).
    pub include_collapsed_rows: bool,
    /// Keep only this panel (a single-panel snapshot).
    pub panel_id: Option<i64>,
}

/// A panel that got no queries although it may have targets, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The panel's id, when it has one.
    pub panel_id: Option<i64>,
    /// The panel's title.
    pub title: String,
    /// Why it was not queried.
    pub reason: String,
}

/// One output panel (repeats expanded, library panel inlined, variables
/// interpolated) and the queries that give it data.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedPanel {
    /// The panel's id in the snapshot.
    pub id: Option<i64>,
    /// Its title (interpolated).
    pub title: String,
    /// The panel JSON that goes into the snapshot (before frames are embedded).
    pub panel: Value,
    /// Ready-to-send `/api/ds/query` query objects: `refId`, `datasource
    /// {type, uid}`, `intervalMs`, `maxDataPoints` and the target's own
    /// fields, interpolated.
    pub queries: Vec<Value>,
    /// `-- Dashboard --` data source: reuse the frames of the panel with this id.
    pub reuse_panel: Option<i64>,
}

/// What `plan` decided.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Plan {
    /// The output panels, in output order (rows and panels without queries
    /// included).
    pub panels: Vec<PlannedPanel>,
    /// Panels with targets that are not queried, and why.
    pub skipped: Vec<Skipped>,
    /// The variable values used, for trimming.
    pub variables: BTreeMap<String, Vec<String>>,
}

/// Library panel models by uid, as `plan` takes them (the `model` of each
/// library element named by `library_panel_uids`).
pub type LibraryModels = HashMap<String, Value>;
