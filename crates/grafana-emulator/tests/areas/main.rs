//! Emulator tests per API area: status codes, bodies and messages of every
//! route, error cases included. One binary, one module per area.

#[path = "../common/mod.rs"]
mod common;

mod admin;
mod alerting;
mod annotations;
mod apis;
mod bootdata_health;
mod concurrency;
mod dashboard_versions;
mod dashboards;
mod datasource_proxy;
mod datasources;
mod ds_query;
mod folders;
mod library_elements;
mod orgs;
mod plugins;
mod removed;
mod ruler;
mod search;
mod service_accounts;
mod teams;
mod user;
mod users;
