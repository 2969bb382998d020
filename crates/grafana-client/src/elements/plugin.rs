use serde::Serialize;
use serde_json::Value;

use super::options::{object, plain, setters};
use crate::call::{Call, Client, Endpoint, Plain, Request};
use crate::models::{Plugin as PluginModel, PluginHealth};
use crate::path::{ApiPath, PathBuilder};

/// `api.plugin()`: installed plugins (`/api/plugins`).
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// for p in api.plugin().list().await? {
///     println!("{} {:?}", p.id, p.info.and_then(|i| i.version));
/// }
/// // Installing what is already installed is a 409: treat it as done.
/// match api.plugin().install("grafana-clock-panel").version("2.1.5").await {
///     Err(e) if e.is_conflict() => {}
///     other => {
///         other?;
///     }
/// }
/// let health = api.plugin().health("grafana-clock-panel").await?;
/// println!("{}", health.status);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Plugin<C> {
    client: C,
}

fn plugin_path(plugin_id: &str) -> PathBuilder {
    ApiPath::api().lit("plugins").param("plugin_id", plugin_id)
}

impl<C: Client> Plugin<C> {
    pub(crate) fn new(client: C) -> Self {
        Plugin { client }
    }

    /// `GET /api/plugins?embedded=0`: every installed plugin.
    pub fn list(&self) -> Call<C, Plain<Vec<PluginModel>>> {
        let request = Request::get(ApiPath::api().lit("plugins")).query("embedded", 0);
        plain(&self.client, request)
    }

    /// `GET /api/plugins/{plugin_id}/settings`: one installed plugin; a 404
    /// ([`Error::is_not_found`](crate::Error::is_not_found)) when there is none.
    ///
    /// The Python package downloads the whole list and searches it, raising
    /// a made-up 404; this asks Grafana for the one plugin (its answer has the
    /// list entry's fields and the plugin's settings).
    pub fn by_id(&self, plugin_id: &str) -> Call<C, Plain<PluginModel>> {
        let path = plugin_path(plugin_id).lit("settings");
        plain(&self.client, Request::get(path))
    }

    /// `GET /api/plugins/{plugin_id}/health`: the plugin's own health check.
    /// Grafana answers an unhealthy plugin with a 400 (an [`Error::Api`](crate::Error::Api)).
    pub fn health(&self, plugin_id: &str) -> Call<C, Plain<PluginHealth>> {
        let path = plugin_path(plugin_id).lit("health");
        plain(&self.client, Request::get(path))
    }

    /// `GET /api/plugins/{plugin_id}/metrics`: the plugin's Prometheus
    /// metrics, as the text Grafana serves (org admins only).
    pub fn metrics(&self, plugin_id: &str) -> Call<C, Plain<String>> {
        let path = plugin_path(plugin_id).lit("metrics");
        plain(&self.client, Request::get(path).text())
    }

    /// `POST /api/plugins/{plugin_id}/install` (server admins): installs a
    /// plugin from the catalogue. Option: [`version`](Call::version) (else the
    /// newest). Grafana answers with no content (`""` or an empty body).
    ///
    /// The Python package sends `{"version": null}` when no version is given
    /// (this sends `{}`), and its `errors="ignore"` swallows a 409 found by
    /// looking for `"409"` in the message. Nothing is swallowed here: an
    /// already installed plugin is an error whose
    /// [`is_conflict`](crate::Error::is_conflict) is true, for the caller to
    /// match (see the example on [`Plugin`]).
    pub fn install(&self, plugin_id: &str) -> Call<C, Install> {
        Call::new(
            &self.client,
            Install {
                plugin_id: plugin_id.to_owned(),
                version: None,
            },
        )
    }

    /// `POST /api/plugins/{plugin_id}/uninstall` (server admins), without a
    /// body. Grafana answers with no content (`""` or an empty body).
    ///
    /// The Python package's `errors="ignore"` swallows every error; here
    /// every error is returned (use `.ok()` on the result to ignore them).
    pub fn uninstall(&self, plugin_id: &str) -> Call<C, Plain<Value>> {
        let path = plugin_path(plugin_id).lit("uninstall");
        plain(&self.client, Request::post(path))
    }
}

/// [`Plugin::install`]'s endpoint and options (the body).
#[derive(Serialize, Default, Clone, Debug)]
pub struct Install {
    #[serde(skip)]
    plugin_id: String,
    version: Option<String>,
}

setters! { Install;
    /// Install this version (`2.1.5`) instead of the newest.
    version: into String;
}

impl Endpoint for Install {
    type Output = Value;

    fn into_request(self) -> Request {
        Request::post(plugin_path(&self.plugin_id).lit("install")).try_json(object(&self))
    }
}
