use serde::Serialize;

use crate::call::{Call, Client, Plain, Request};
use crate::models::{
    Message, ServiceAccount as ServiceAccountModel, ServiceAccountSearchResult,
    ServiceAccountToken, ServiceAccountTokenCreated, ServiceAccountUpdated,
};
use crate::paging::{AllPages, Page, PerPageSearch, SearchPage};
use crate::path::{ApiPath, PathBuilder};

/// `api.serviceaccount()`: service accounts and their tokens
/// (`/api/serviceaccounts`).
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// use serde_json::json;
/// let sa = api
///     .serviceaccount()
///     .create(&json!({"name": "ci", "role": "Editor"}))
///     .await?;
/// let token = api
///     .serviceaccount()
///     .create_token(sa.id, &json!({"name": "ci-token", "secondsToLive": 86_400}))
///     .await?;
/// // token.key is the secret; Debug never shows it
/// let page = api.serviceaccount().search().query("ci").perpage(10).await?;
/// println!("{} of {:?}", page.service_accounts.len(), page.total_count);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ServiceAccount<C> {
    client: C,
}

fn account_path(service_account_id: i64) -> PathBuilder {
    ApiPath::api()
        .lit("serviceaccounts")
        .param("service_account_id", service_account_id.to_string())
}

impl<C: Client> ServiceAccount<C> {
    pub(crate) fn new(client: C) -> Self {
        ServiceAccount { client }
    }

    fn plain<T>(&self, request: Request) -> Call<C, Plain<T>>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
    {
        Call::new(&self.client, Plain::new(request))
    }

    /// `GET /api/serviceaccounts/{id}?accesscontrol=true`: the account, with
    /// the caller's permissions on it in `accessControl`.
    ///
    /// The Python package writes `?accesscontrol=true` into the path string;
    /// this sends it as a query parameter.
    pub fn get(&self, service_account_id: i64) -> Call<C, Plain<ServiceAccountModel>> {
        let request = Request::get(account_path(service_account_id)).query("accesscontrol", "true");
        self.plain(request)
    }

    /// `POST /api/serviceaccounts`: creates an account; `service_account` is
    /// Grafana's body (`{"name": …, "role": …, "isDisabled": …}`), sent as it is.
    ///
    /// The Python package posts to `/api/serviceaccounts/` (trailing slash);
    /// this posts to the documented `/api/serviceaccounts`.
    pub fn create(
        &self,
        service_account: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<ServiceAccountModel>> {
        let request = Request::post(ApiPath::api().lit("serviceaccounts")).json(service_account);
        self.plain(request)
    }

    /// `PATCH /api/serviceaccounts/{id}`: changes name, role or disabled
    /// state; `service_account` is sent as it is.
    pub fn update(
        &self,
        service_account_id: i64,
        service_account: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<ServiceAccountUpdated>> {
        let request = Request::new(http::Method::PATCH, account_path(service_account_id))
            .json(service_account);
        self.plain(request)
    }

    /// `DELETE /api/serviceaccounts/{id}`, with its tokens.
    pub fn delete(&self, service_account_id: i64) -> Call<C, Plain<Message>> {
        self.plain(Request::delete(account_path(service_account_id)))
    }

    /// `GET /api/serviceaccounts/{id}/tokens`: the account's tokens (without
    /// their secrets).
    pub fn get_tokens(&self, service_account_id: i64) -> Call<C, Plain<Vec<ServiceAccountToken>>> {
        self.plain(Request::get(account_path(service_account_id).lit("tokens")))
    }

    /// `POST /api/serviceaccounts/{id}/tokens`: creates a token; `content` is
    /// Grafana's body (`{"name": …, "secondsToLive": …}`), sent as it is. The
    /// answer's [`key`](ServiceAccountTokenCreated::key) is the secret, shown
    /// only this once.
    pub fn create_token(
        &self,
        service_account_id: i64,
        content: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<ServiceAccountTokenCreated>> {
        let request = Request::post(account_path(service_account_id).lit("tokens")).json(content);
        self.plain(request)
    }

    /// `DELETE /api/serviceaccounts/{id}/tokens/{token_id}`: revokes a token.
    pub fn delete_token(
        &self,
        service_account_id: i64,
        service_account_token_id: i64,
    ) -> Call<C, Plain<Message>> {
        let path = account_path(service_account_id).lit("tokens").param(
            "service_account_token_id",
            service_account_token_id.to_string(),
        );
        self.plain(Request::delete(path))
    }

    /// `GET /api/serviceaccounts/search`: one page of the organization's
    /// service accounts. Options: [`query`](Call::query) (part of the name or
    /// login), [`page`](Call::page) (from 1) and [`perpage`](Call::perpage)
    /// (server default 1000); only those set are sent, form-encoded.
    ///
    /// The Python package pages through everything when no page is given
    /// (several requests, returning a list of pages) and builds the query
    /// string unencoded; this requests one page, properly encoded, and returns
    /// it with `totalCount` so you can page on. To get every account, ask for
    /// it explicitly with [`.all()`](Call::all) (page after page, bounded).
    /// (Python's `search_one`, `search_all` and `search_streaming` helpers are
    /// not offered.)
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// let every_account = api.serviceaccount().search().perpage(100).all().await?;
    /// # Ok(()) }
    /// ```
    pub fn search(&self) -> Call<C, SearchServiceAccounts> {
        Call::new(&self.client, SearchServiceAccounts::new())
    }

    /// Every service account matching the search, page after page
    /// (`GET /api/serviceaccounts/search`, see [`Call::all`]). Options:
    /// [`query`](Call::query) and [`perpage`](Call::perpage).
    ///
    /// The Python helper of this name pages until an empty page, so it always
    /// asks once more than needed; this stops at a short page or when
    /// `totalCount` accounts are in, and never loops (a `#` in the query cut
    /// the Python helper's `page` parameter off and made it loop forever).
    pub fn search_all(&self) -> Call<C, AllPages<SearchServiceAccounts>> {
        self.search().all()
    }
}

/// [`ServiceAccount::search`]'s endpoint: `GET /api/serviceaccounts/search` (options on [`PerPageSearch`]).
pub type SearchServiceAccounts = PerPageSearch<ServiceAccountSearchResult>;

impl SearchPage for ServiceAccountSearchResult {
    type Item = ServiceAccountModel;
    const PATH: &'static str = "serviceaccounts/search";

    fn into_page(self) -> Page<ServiceAccountModel> {
        Page {
            items: self.service_accounts,
            total: self.total_count.and_then(|t| u64::try_from(t).ok()),
        }
    }
}
