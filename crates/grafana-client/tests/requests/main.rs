//! Request shapes and answer decoding of every endpoint, without HTTP: one
//! module per area with a `requests` table (method, encoded path, query,
//! JSON body, endpoint headers) and a `decodes` table (realistic Grafana
//! answers decoded losslessly), plus the hostile path-value table. The
//! harness is in [`harness`]; transport behaviour is in `tests/transport.rs`.

mod harness;

mod health;
#[rustfmt::skip] // tables: one row per line
mod datasource;
#[rustfmt::skip] // tables: one row per line
mod alertingprovisioning;
#[rustfmt::skip] // tables: one row per line
mod alerting;
#[rustfmt::skip] // tables: one row per line
mod annotations;
#[rustfmt::skip] // tables: one row per line
mod dashboard;
#[rustfmt::skip] // tables: one row per line
mod raw;
#[rustfmt::skip] // tables: one row per line
mod snapshots;
#[rustfmt::skip] // tables: one row per line
mod paths;
#[rustfmt::skip] // tables: one row per line
mod admin;
#[rustfmt::skip] // tables: one row per line
mod dashboard_versions;
#[rustfmt::skip] // tables: one row per line
mod libraryelement;
#[rustfmt::skip] // tables: one row per line
mod notifications;
#[rustfmt::skip] // tables: one row per line
mod organization;
#[rustfmt::skip] // tables: one row per line
mod organizations;
#[rustfmt::skip] // tables: one row per line
mod plugin;
#[rustfmt::skip] // tables: one row per line
mod rbac;
#[rustfmt::skip] // tables: one row per line
mod serviceaccount;
#[rustfmt::skip] // tables: one row per line
mod teams;
#[rustfmt::skip] // tables: one row per line
mod user;
#[rustfmt::skip] // tables: one row per line
mod users;
