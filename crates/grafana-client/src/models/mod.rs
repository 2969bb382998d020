//! Typed models of Grafana's JSON, one module per API area.
//!
//! Every model is tolerant and lossless: fields Grafana may omit are `Option`,
//! and fields this crate does not know are kept in `extra`, so serializing a
//! model gives back what the server sent, key for key. Dashboard bodies stay
//! `serde_json::Value`, so they survive a fetch-modify-save untouched.
//!
//! One limit: a known optional field that the server sends as an explicit
//! `null` is read as `None` and written back as an absent key.

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
