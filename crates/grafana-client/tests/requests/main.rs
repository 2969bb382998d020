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
