//! API areas, named like the Python package's element attributes
//! (`api.snapshots()`, `api.dashboard()`, …).
//!
//! Each handler is generic over the client: the same methods serve
//! [`crate::GrafanaApi`] (await the returned [`Call`](crate::Call)) and
//! [`crate::blocking::GrafanaApi`] (`.send()` it).

mod admin;
mod alerting;
mod alertingprovisioning;
mod annotations;
mod dashboard;
mod dashboard_versions;
mod datasource;
mod folder;
mod health;
mod libraryelement;
mod notifications;
pub(crate) mod options;
mod organization;
mod organizations;
mod plugin;
mod rbac;
mod search;
mod serviceaccount;
mod snapshots;
mod teams;
mod user;
mod users;

pub use admin::*;
pub use alerting::*;
pub use alertingprovisioning::*;
pub use annotations::*;
pub use dashboard::*;
pub use dashboard_versions::*;
pub use datasource::*;
pub use folder::*;
pub use health::*;
pub use libraryelement::*;
pub use notifications::*;
pub use organization::*;
pub use organizations::*;
pub use plugin::*;
pub use rbac::*;
pub use search::*;
pub use serviceaccount::*;
pub use snapshots::*;
pub use teams::*;
pub use user::*;
pub use users::*;

/// Calls `$m!` with every element: `accessor => Type, "doc";`. The one list
/// the [`Client`](crate::Client) trait and both clients' inherent accessors
/// are generated from.
macro_rules! for_each_element {
    ($m:ident) => {
        $m! {
            snapshots => Snapshots, "Dashboard snapshots (`api.snapshots` in Python).";
            dashboard => Dashboard, "Dashboards (`api.dashboard` in Python).";
            dashboard_versions => DashboardVersions, "Dashboard version history (`api.dashboard_versions` in Python).";
            datasource => Datasource, "Data sources (`api.datasource` in Python).";
            folder => Folder, "Folders (`api.folder` in Python).";
            health => Health, "Server health (`api.health` in Python).";
            organization => Organization, "The current organization (`api.organization` in Python).";
            organizations => Organizations, "All organizations (server admin) (`api.organizations` in Python).";
            search => Search, "Dashboard and folder search (`api.search` in Python).";
            user => User, "The signed-in user (`api.user` in Python).";
            users => Users, "All users (server admin) (`api.users` in Python).";
            rbac => Rbac, "Role-based access control (`api.rbac` in Python).";
            teams => Teams, "Teams (`api.teams` in Python).";
            annotations => Annotations, "Annotations (`api.annotations` in Python).";
            notifications => Notifications, "Legacy alert notification channels (`api.notifications` in Python).";
            plugin => Plugin, "Plugins (`api.plugin` in Python).";
            serviceaccount => ServiceAccount, "Service accounts and their tokens (`api.serviceaccount` in Python).";
            libraryelement => LibraryElement, "Library panels (`api.libraryelement` in Python).";
            admin => Admin, "Server administration (`api.admin` in Python).";
            alerting => Alerting, "Unified alerting's Ruler and Prometheus rules API (`api.alerting` in Python).";
            alertingprovisioning => AlertingProvisioning, "Alerting provisioning (`api.alertingprovisioning` in Python).";
        }
    };
}
pub(crate) use for_each_element;
