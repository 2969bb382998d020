use super::options::plain;
use crate::call::{Call, Client, Plain, Request};
use crate::models::HealthResponse;
use crate::path::ApiPath;

/// `api.health()`: is the server up?
#[derive(Debug, Clone)]
pub struct Health<C> {
    client: C,
}

impl<C: Client> Health<C> {
    pub(crate) fn new(client: C) -> Self {
        Health { client }
    }

    /// `GET /api/health`: database state and version. Needs no credentials.
    ///
    /// A failing database is answered with 503 and comes back as an
    /// [`Error::Api`](crate::Error::Api) whose body holds `"database": "failing"`.
    /// (The Python package's `health.check()` reads `/api/frontend/settings`
    /// instead; for that, use [`GrafanaApi::connect`](crate::GrafanaApi::connect).)
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// let health = api.health().check().await?;
    /// assert_eq!(health.database, "ok");
    /// # Ok(()) }
    /// ```
    pub fn check(&self) -> Call<C, Plain<HealthResponse>> {
        plain(&self.client, Request::get(ApiPath::api().lit("health")))
    }
}
