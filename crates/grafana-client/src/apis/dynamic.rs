//! Any other resource: [`DynamicObject`], whose `spec` and `status` are
//! untyped JSON.

use serde_json::Value;

use super::object::Object;

/// An object of any resource, `spec` and `status` as JSON: reach groups this
/// crate has no types for with [`Apis::dynamic`](super::Apis::dynamic).
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// use grafana_client::apis::ListParams;
/// let rules = api.apis().dynamic("rules.alerting.grafana.app", "v0alpha1", "alertrules");
/// for rule in rules.list(&ListParams::default()).await?.items {
///     println!("{} {}", rule.name(), rule.spec["title"]);
/// }
/// # Ok(()) }
/// ```
pub type DynamicObject = Object<Value, Value>;
