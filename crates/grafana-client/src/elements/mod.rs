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

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};

pub use dashboard::{Dashboard, UpdateDashboard};
pub use folder::{CreateFolder, DeleteFolder, Folder, GetAllFolders, UpdateFolder};
pub use health::Health;
pub use search::{Search, SearchDashboards};
pub use snapshots::{CreateNewSnapshot, GetDashboardSnapshots, Snapshots};

/// Grafana's `{"items": [...]}` from what the caller gave.
pub(crate) fn items_body(items: &(impl Serialize + ?Sized)) -> Result<Value> {
    let value = serde_json::to_value(items)
        .map_err(|e| Error::invalid_argument("items", format!("cannot be serialized: {e}")))?;
    match value {
        Value::Object(m) if m.contains_key("items") => Ok(Value::Object(m)),
        Value::Object(m) => Ok(serde_json::json!({ "items": [m] })),
        Value::Array(a) => Ok(serde_json::json!({ "items": a })),
        other => Err(Error::invalid_argument(
            "items",
            format!("must be a list or an object, not {other}"),
        )),
    }
}
