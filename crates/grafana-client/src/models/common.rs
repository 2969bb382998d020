use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Fields a model does not name, kept as they arrived.
pub type Extra = Map<String, Value>;

/// Grafana's plain `{"message": ...}` answer, with whatever else came beside it
/// (`id`, `uid`, `title`, …).
///
/// ```
/// let m: grafana_client::models::Message =
///     serde_json::from_str(r#"{"message":"Snapshot deleted","id":7}"#).unwrap();
/// assert_eq!(m.id, Some(7));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Message {
    /// The message.
    #[serde(default)]
    pub message: String,
    /// Numeric id of the affected resource, when Grafana sends one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}
