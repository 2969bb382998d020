//! Typed models of Grafana's JSON, one module per API area.
//!
//! Every model is tolerant and lossless: fields Grafana may omit are `Option`,
//! and fields this crate does not know are kept in `extra`, so serializing a
//! model gives back what the server sent, key for key. Dashboard bodies stay
//! `serde_json::Value`, so they survive a fetch-modify-save untouched.
//!
//! One limit: a known optional field that the server sends as an explicit
//! `null` is read as `None` and written back as an absent key.

mod common;
mod dashboard;
mod folder;
mod health;
mod search;
mod snapshots;

mod admin;
#[allow(unused_imports)] // until the area's models land
pub use admin::*;
mod annotations;
#[allow(unused_imports)] // until the area's models land
pub use annotations::*;
mod alerting;
#[allow(unused_imports)] // until the area's models land
pub use alerting::*;
mod dashboard_versions;
#[allow(unused_imports)] // until the area's models land
pub use dashboard_versions::*;
mod datasource;
#[allow(unused_imports)] // until the area's models land
pub use datasource::*;
mod libraryelement;
#[allow(unused_imports)] // until the area's models land
pub use libraryelement::*;
mod notifications;
#[allow(unused_imports)] // until the area's models land
pub use notifications::*;
mod organization;
#[allow(unused_imports)] // until the area's models land
pub use organization::*;
mod plugin;
#[allow(unused_imports)] // until the area's models land
pub use plugin::*;
mod rbac;
#[allow(unused_imports)] // until the area's models land
pub use rbac::*;
mod serviceaccount;
#[allow(unused_imports)] // until the area's models land
pub use serviceaccount::*;
mod teams;
#[allow(unused_imports)] // until the area's models land
pub use teams::*;
mod user;
#[allow(unused_imports)] // until the area's models land
pub use user::*;
pub use common::{Extra, Message};
pub use dashboard::{
    DashboardDeleted, DashboardMeta, DashboardSaved, DashboardTag, DashboardWithMeta, HomeDashboard,
};
pub use folder::{Folder, FolderSummary, PermissionItem};
pub use health::{BuildInfo, HealthResponse};
pub use search::SearchHit;
pub use snapshots::{SharingOptions, SnapshotCreated, SnapshotListItem, SnapshotWithMeta};
