//! Workflow tests per client area against the emulator (or a real Grafana
//! when `GRAFANA_URL` is set), each on the async and the blocking client:
//! the area's lifecycle end to end, errors included.

#[macro_use]
#[path = "../support/mod.rs"]
mod support;

mod admin;
mod alerting;
mod alertingprovisioning;
mod annotations;
mod apis;
mod current_grafana;
mod dashboard;
mod dashboard_versions;
mod datasource;
mod ds_query;
mod folder;
mod health;
mod libraryelement;
mod notifications;
mod organization;
mod organizations;
mod plugin;
mod rbac;
mod removed_routes;
mod route_coverage;
mod search;
mod serviceaccount;
mod snapshot_with_data;
mod streams;
mod teams;
mod user;
mod users;
