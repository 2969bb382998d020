//! API areas, named like the Python package's element attributes
//! (`api.snapshots()`, `api.dashboard()`, …).
//!
//! Each handler is generic over the client: the same methods serve
//! [`crate::GrafanaApi`] (await the returned [`Call`](crate::Call)) and
//! [`crate::blocking::GrafanaApi`] (`.send()` it).

mod dashboard;
mod folder;
mod health;
mod search;
mod snapshots;

pub use dashboard::{Dashboard, UpdateDashboard};
pub use folder::{CreateFolder, DeleteFolder, Folder, GetAllFolders, UpdateFolder};
pub use health::Health;
pub use search::{Search, SearchDashboards};
pub use snapshots::{CreateNewSnapshot, GetDashboardSnapshots, Snapshots};
