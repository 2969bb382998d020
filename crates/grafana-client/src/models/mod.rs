//! Typed models of Grafana's JSON, one module per API area.
//!
//! Every model is tolerant and lossless: fields Grafana may omit are `Option`,
//! and fields this crate does not know are kept in `extra`, so serializing a
//! model gives back what the server sent, key for key. Dashboard bodies stay
//! `serde_json::Value`, so they survive a fetch-modify-save untouched.
//!
//! One limit: a known optional field that the server sends as an explicit
//! `null` is read as `None` and written back as an absent key.
//!
//! # Numbers
//!
//! Grafana keeps a dashboard's JSON as it was saved, so a dashboard read and
//! written back should keep its numbers. What survives depends on one cargo
//! feature:
//!
//! | number in the JSON | default build | with `exact-numbers` |
//! |---|---|---|
//! | any float (`0.1`, `5e-324`, `2.2250738585072011e-308`, `-0.0`) | the same `f64`, bit for bit, written in its shortest form (`2.225073858507201e-308`) | the same `f64`, and the same digits as sent |
//! | an exponent (`1e308`, `1E5`) | `1e+308`, `100000.0` | `1e+308`, `1e+5` (the exponent written with its sign and a lowercase `e`, as Go writes it) |
//! | an integer that fits `i64` or `u64` | exact | exact |
//! | an integer beyond 64 bits (`18446744073709551616`, 30 digits) | the nearest `f64` (`1.8446744073709552e+19`) | exact |
//! | `1.0` and `1` | kept apart: `1.0` stays a float, `1` an integer | the same |
//!
//! Floats are read with serde_json's `float_roundtrip` (always on), which
//! rounds correctly where the default parser can be one ULP off.
//!
//! `exact-numbers` enables serde_json's `arbitrary_precision`, which stores
//! every float and every integer beyond 64 bits as its text. It is off by
//! default because cargo features are global to a build: it changes
//! `serde_json::Number` for **every** crate that uses serde_json, and there it
//! changes decoding. A float inside a `#[serde(untagged)]` enum, an
//! internally tagged enum or a `#[serde(flatten)]`ed struct no longer reads as
//! an `f64` (`enum NumOrText { Num(f64), Text(String) }` rejects `1.5`), and
//! decoding a type with a flattened field from a `serde_json::Value` (not from
//! text) fails on an integer of 20 to 39 digits among the fields it buffers.
//! This crate's own decoding reads answers from their text and keeps unknown
//! fields as `Value`s, so every model here decodes with the feature on
//! (`tests/numbers.rs` checks the dashboard, version-list, query and
//! `extra` paths); code elsewhere in the same build may not. Turn it on when
//! dashboards carry integers beyond 64 bits or when their text must come
//! back digit for digit:
//!
//! ```toml
//! grafana-client = { version = "0.1", features = ["exact-numbers"] }
//! ```
//!
//! Decoding cost, measured with `grafana-bench`'s W3 (release build, the three
//! builds interleaved, medians of 5 rounds on a busy 2-core VM): a 5 MB
//! dashboard answer through the client's decode path took 180 ms without
//! `float_roundtrip`, 167 ms with it (the default) and 181 ms with
//! `exact-numbers` too; 5,000 search hits 34, 36 and 31 ms. Every difference
//! is inside the run-to-run spread (±30% on that machine): on dashboard JSON,
//! which holds few floats (W3's has two per 2.3 KB panel), neither feature
//! costs measurably. With `exact-numbers`, every float and every integer
//! beyond 64 bits is held as a `String`, so number-heavy answers (the data
//! frames of `/api/ds/query`) pay one allocation per such number.

mod admin;
mod alerting;
mod annotations;
mod common;
mod dashboard;
mod dashboard_versions;
mod datasource;
mod folder;
mod health;
mod libraryelement;
mod notifications;
mod organization;
mod plugin;
mod query;
mod rbac;
mod search;
mod serviceaccount;
mod snapshots;
mod teams;
mod user;

pub use admin::*;
pub use alerting::*;
pub use annotations::*;
pub use common::{Extra, Message};
pub use dashboard::{
    DashboardDeleted, DashboardMeta, DashboardSaved, DashboardTag, DashboardWithMeta, HomeDashboard,
};
pub use dashboard_versions::*;
pub use datasource::*;
pub use folder::{Folder, FolderSummary, PermissionItem};
pub use health::{BuildInfo, HealthResponse};
pub use libraryelement::*;
pub use notifications::*;
pub use organization::*;
pub use plugin::*;
pub use query::{
    Column, DataFrame, DatasourceHealthResponse, FieldSchema, FrameData, FrameSchema, QueryRequest,
    QueryResponse, QueryResult, SmartQueryResponse,
};
pub use rbac::*;
pub use search::SearchHit;
pub use serviceaccount::*;
pub use snapshots::{SharingOptions, SnapshotCreated, SnapshotListItem, SnapshotWithMeta};
pub use teams::*;
pub use user::*;
