use serde::Serialize;

use crate::call::Endpoint;
use crate::error::{DecodeError, Error, Result};

use super::options::{finish_with, plain};
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

    /// `GET /api/serviceaccounts/{id}?accesscontrol=true`: the account, with
    /// the caller's permissions on it in `accessControl`.
    ///
    /// The Python package writes `?accesscontrol=true` into the path string;
    /// this sends it as a query parameter.
    pub fn get(&self, service_account_id: i64) -> Call<C, Plain<ServiceAccountModel>> {
        let request = Request::get(account_path(service_account_id)).query("accesscontrol", "true");
        plain(&self.client, request)
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
        plain(&self.client, request)
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
        plain(&self.client, request)
    }

    /// `DELETE /api/serviceaccounts/{id}`, with its tokens.
    pub fn delete(&self, service_account_id: i64) -> Call<C, Plain<Message>> {
        plain(
            &self.client,
            Request::delete(account_path(service_account_id)),
        )
    }

    /// `GET /api/serviceaccounts/{id}/tokens`: the account's tokens (without
    /// their secrets).
    pub fn get_tokens(&self, service_account_id: i64) -> Call<C, Plain<Vec<ServiceAccountToken>>> {
        plain(
            &self.client,
            Request::get(account_path(service_account_id).lit("tokens")),
        )
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
        plain(&self.client, request)
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
        plain(&self.client, Request::delete(path))
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
    /// it explicitly with [`.all()`](Call::all) (page after page, bounded),
    /// [`.into_stream()`](Call::into_stream) (async) or by iterating the call
    /// (blocking); see also [`search_one`](Self::search_one),
    /// [`search_all`](Self::search_all) and
    /// [`search_streaming`](Self::search_streaming).
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

    /// Every service account, one at a time, page after page
    /// (`GET /api/serviceaccounts/search`): the Python generator of this
    /// name. The call is the walk: [`.into_stream()`](Call::into_stream) on
    /// the async client, iterate it (or [`.iter()`](Call::iter)) on the
    /// blocking one. Options: [`query`](Call::query),
    /// [`perpage`](Call::perpage) (the page size). Lazy: a page is asked for
    /// only when its first account is wanted; at most
    /// [`MAX_PAGES`](crate::MAX_PAGES) pages.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let mut accounts = std::pin::pin!(api.serviceaccount().search_streaming().perpage(100).into_stream());
    /// while let Some(sa) = accounts.try_next().await? {
    ///     println!("{} {}", sa.id, sa.name);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// ```no_run
    /// let api = grafana_client::blocking::GrafanaApi::from_env()?;
    /// for sa in api.serviceaccount().search_streaming().perpage(100) {
    ///     println!("{}", sa?.name);
    /// }
    /// # Ok::<(), grafana_client::Error>(())
    /// ```
    pub fn search_streaming(&self) -> Call<C, SearchServiceAccounts> {
        self.search()
    }

    /// The one service account whose name or login contains `query`
    /// (`GET /api/serviceaccounts/search?query=…`), as Python's `search_one`.
    /// No match, or more than one, is an [`Error::Decode`] whose reason
    /// says how many matched (Python raises a `ValueError`).
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// let ci = api.serviceaccount().search_one("ci-bot").await?;
    /// println!("{}", ci.id);
    /// # Ok(()) }
    /// ```
    pub fn search_one(&self, query: &str) -> Call<C, SearchOne> {
        let search = self.search().query(query);
        Call {
            client: search.client,
            endpoint: SearchOne {
                search: search.endpoint,
                query: query.to_owned(),
            },
            options: search.options,
        }
    }
}

/// [`ServiceAccount::search_one`]'s call: a search that must find exactly
/// one account.
#[derive(Debug)]
pub struct SearchOne {
    search: SearchServiceAccounts,
    query: String,
}

impl<C: Client> Call<C, SearchOne> {
    /// The request this call would send, without sending it.
    pub fn into_request(self) -> Request {
        self.endpoint.search.into_request()
    }

    async fn run_one(self) -> Result<ServiceAccountModel> {
        let Call {
            client,
            endpoint,
            options,
        } = self;
        let request = endpoint.search.into_request();
        let path = request.path().map(str::to_owned).unwrap_or_default();
        let found: ServiceAccountSearchResult = client.core().execute(request, &options).await?;
        let count = found
            .total_count
            .unwrap_or(found.service_accounts.len() as i64);
        let mut accounts = found.service_accounts;
        match (count, accounts.pop()) {
            (1, Some(one)) if accounts.is_empty() => Ok(one),
            _ => Err(Error::from(DecodeError {
                status: http::StatusCode::OK,
                method: http::Method::GET,
                path,
                json_path: ".totalCount".into(),
                reason: format!(
                    "search_one: {count} service accounts match `{}`, not exactly one",
                    endpoint.query
                ),
                content_type: None,
                snippet: String::new(),
            })),
        }
    }
}

finish_with!(SearchOne => ServiceAccountModel, run_one, "Sends the search");

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
