//! Request shapes and answer decoding of every endpoint, without HTTP: one
//! module per area with a `requests` table (method, encoded path, query,
//! JSON body, endpoint headers) and a `decodes` table (realistic Grafana
//! answers decoded losslessly), plus the hostile path-value table. The
//! harness is in [`harness`]; transport behaviour is in `tests/transport.rs`.

mod harness;

mod health;
mod datasource;
mod alertingprovisioning;
mod alerting;
mod annotations;
mod dashboard;
mod raw;
mod snapshots;
mod paths;
