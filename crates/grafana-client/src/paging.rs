//! Fetching every page of a paged search: [`Call::all`].
//!
//! Grafana's searches (users, teams, service accounts) answer one page at a
//! time with a `totalCount`. `.all()` turns such a call into one that asks
//! page after page and returns every item, stopping at the first empty or
//! short page, once `totalCount` items are in, or after [`MAX_PAGES`] pages —
//! never in an endless loop, whatever the server answers.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use serde::de::DeserializeOwned;

use crate::call::{Call, CallOptions, Client, Endpoint, Request};
use crate::error::Result;
use crate::path::ApiPath;

/// The most pages `.all()` asks for before it stops.
pub const MAX_PAGES: u32 = 10_000;

/// One page of answer, taken apart.
#[derive(Debug)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The server's `totalCount`, when it sends one.
    pub total: Option<u64>,
}

/// A search that can be asked page by page.
pub trait Paged: Endpoint + Clone {
    /// One item of the result.
    type Item: DeserializeOwned + Send + 'static;

    /// The same search, asking for `page` (from 1).
    fn with_page(self, page: u32) -> Self;

    /// Items per page this search asks for, when it says.
    fn per_page(&self) -> Option<u32>;

    /// The items (and total) of one answer.
    fn page(output: Self::Output) -> Page<Self::Item>;
}

/// The answer of a `query`/`page`/`perpage` search (teams, service
/// accounts): one page of items and `totalCount`.
pub trait SearchPage: DeserializeOwned + Send + 'static {
    /// One item.
    type Item: DeserializeOwned + Send + 'static;
    /// The search's path below `api/`.
    const PATH: &'static str;
    /// The items (and total) of this page.
    fn into_page(self) -> Page<Self::Item>;
}

/// A `GET api/<path>?query=&page=&perpage=` search answered by `R`
/// (e.g. [`SearchTeams`](crate::elements::SearchTeams)). Options:
/// [`query`](Call::query), [`page`](Call::page), [`perpage`](Call::perpage);
/// [`Call::all`] walks every page.
pub struct PerPageSearch<R> {
    query: Option<String>,
    page: Option<u32>,
    perpage: Option<u32>,
    _answer: PhantomData<fn() -> R>,
}

impl<R> PerPageSearch<R> {
    pub(crate) fn new() -> Self {
        PerPageSearch {
            query: None,
            page: None,
            perpage: None,
            _answer: PhantomData,
        }
    }
}

impl<R> Clone for PerPageSearch<R> {
    fn clone(&self) -> Self {
        PerPageSearch {
            query: self.query.clone(),
            page: self.page,
            perpage: self.perpage,
            _answer: PhantomData,
        }
    }
}

impl<R> std::fmt::Debug for PerPageSearch<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PerPageSearch")
            .field("query", &self.query)
            .field("page", &self.page)
            .field("perpage", &self.perpage)
            .finish()
    }
}

impl<C: Client, R: SearchPage> Call<C, PerPageSearch<R>> {
    /// Only results whose name (or login, or email) contains this.
    pub fn query(mut self, query: impl Into<String>) -> Self {
        self.endpoint.query = Some(query.into());
        self
    }

    /// Page number, from 1.
    pub fn page(mut self, page: u32) -> Self {
        self.endpoint.page = Some(page);
        self
    }

    /// Results per page.
    pub fn perpage(mut self, perpage: u32) -> Self {
        self.endpoint.perpage = Some(perpage);
        self
    }
}

impl<C: Client, R: SearchPage> Call<C, AllPages<PerPageSearch<R>>> {
    /// Only results whose name (or login, or email) contains this.
    pub fn query(self, query: impl Into<String>) -> Self {
        let query = query.into();
        self.map_search(|s| PerPageSearch {
            query: Some(query),
            ..s
        })
    }

    /// Results per page.
    pub fn perpage(self, perpage: u32) -> Self {
        self.map_search(|s| PerPageSearch {
            perpage: Some(perpage),
            ..s
        })
    }
}

impl<R: SearchPage> Endpoint for PerPageSearch<R> {
    type Output = R;

    fn into_request(self) -> Request {
        Request::get(ApiPath::api().lit(R::PATH))
            .query_opt("query", self.query)
            .query_opt("page", self.page)
            .query_opt("perpage", self.perpage)
    }
}

impl<R: SearchPage> Paged for PerPageSearch<R> {
    type Item = R::Item;

    fn with_page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    fn per_page(&self) -> Option<u32> {
        self.perpage
    }

    fn page(output: R) -> Page<R::Item> {
        output.into_page()
    }
}

/// Every page of a [`Paged`] search; see [`Call::all`].
#[derive(Debug)]
pub struct AllPages<P> {
    search: P,
}

impl<C: Client, P: Paged> Call<C, P> {
    /// Asks page after page, from page 1, and returns every item.
    ///
    /// Set the call's options (org, timeout, per page) before `.all()`.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// let everyone = api.users().search_users().perpage(500).all().await?;
    /// println!("{} users", everyone.len());
    /// # Ok(()) }
    /// ```
    pub fn all(self) -> Call<C, AllPages<P>> {
        Call {
            client: self.client,
            endpoint: AllPages {
                search: self.endpoint,
            },
            options: self.options,
        }
    }
}

impl<C: Client, P: Paged> Call<C, AllPages<P>> {
    /// Changes the search's options (for builder methods on all-pages calls).
    pub(crate) fn map_search(mut self, f: impl FnOnce(P) -> P) -> Self {
        self.endpoint.search = f(self.endpoint.search);
        self
    }

    async fn run_all(self) -> Result<Vec<P::Item>> {
        let Call {
            client,
            endpoint,
            options,
        } = self;
        collect_pages(client.core(), endpoint.search, &options).await
    }
}

async fn collect_pages<P: Paged>(
    core: &crate::transport::Core,
    search: P,
    options: &CallOptions,
) -> Result<Vec<P::Item>> {
    let per_page = search.per_page();
    let mut items = Vec::new();
    for page in 1..=MAX_PAGES {
        let request = search.clone().with_page(page).into_request();
        let output: P::Output = core.execute(request, options).await?;
        let Page { items: got, total } = P::page(output);
        let short = per_page.is_some_and(|n| got.len() < n as usize);
        let empty = got.is_empty();
        items.extend(got);
        let complete = total.is_some_and(|t| items.len() as u64 >= t);
        if empty || short || complete {
            break;
        }
    }
    Ok(items)
}

impl<P: Paged> Call<crate::GrafanaApi, AllPages<P>> {
    /// Fetches every page (the same as `.await`ing it).
    pub async fn send(self) -> Result<Vec<P::Item>> {
        self.run_all().await
    }
}

impl<P: Paged> IntoFuture for Call<crate::GrafanaApi, AllPages<P>> {
    type Output = Result<Vec<P::Item>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run_all())
    }
}

impl<P: Paged> Call<crate::blocking::GrafanaApi, AllPages<P>> {
    /// Fetches every page and waits for the answer.
    pub fn send(self) -> Result<Vec<P::Item>> {
        let client = self.client.clone();
        client.block_on(self.run_all())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::Request;
    use crate::path::ApiPath;
    use serde_json::{json, Value};
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// A search over `/api/things/search` answering `{totalCount, things}`.
    #[derive(Debug, Clone)]
    struct Things {
        page: Option<u32>,
        per_page: Option<u32>,
    }

    impl Endpoint for Things {
        type Output = Value;
        fn into_request(self) -> Request {
            Request::get(ApiPath::api().lit("things/search"))
                .query_opt("perpage", self.per_page)
                .query_opt("page", self.page)
        }
    }

    impl Paged for Things {
        type Item = Value;
        fn with_page(mut self, page: u32) -> Self {
            self.page = Some(page);
            self
        }
        fn per_page(&self) -> Option<u32> {
            self.per_page
        }
        fn page(output: Value) -> Page<Value> {
            Page {
                items: output["things"].as_array().cloned().unwrap_or_default(),
                total: output["totalCount"].as_u64(),
            }
        }
    }

    async fn answer(server: &MockServer, page: u32, things: Value, total: Option<u64>) {
        let mut body = json!({ "things": things });
        if let Some(t) = total {
            body["totalCount"] = t.into();
        }
        Mock::given(method("GET"))
            .and(path("/api/things/search"))
            .and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(server)
            .await;
    }

    async fn all(server: &MockServer, per_page: Option<u32>) -> (Vec<Value>, usize) {
        let api = crate::GrafanaApi::builder()
            .url(&server.uri())
            .build()
            .unwrap();
        let things = Call::new(
            &api,
            Things {
                page: None,
                per_page,
            },
        )
        .all()
        .await
        .unwrap();
        (things, server.received_requests().await.unwrap().len())
    }

    #[tokio::test]
    async fn stops_when_the_total_is_reached() {
        let server = MockServer::start().await;
        answer(&server, 1, json!([1, 2]), Some(5)).await;
        answer(&server, 2, json!([3, 4]), Some(5)).await;
        answer(&server, 3, json!([5]), Some(5)).await;
        let (things, asked) = all(&server, None).await;
        assert_eq!(
            things,
            vec![json!(1), json!(2), json!(3), json!(4), json!(5)]
        );
        assert_eq!(asked, 3);
    }

    #[tokio::test]
    async fn stops_at_a_short_page_without_an_extra_request() {
        let server = MockServer::start().await;
        answer(&server, 1, json!([1, 2]), None).await;
        answer(&server, 2, json!([3]), None).await;
        let (things, asked) = all(&server, Some(2)).await;
        assert_eq!(things.len(), 3);
        assert_eq!(asked, 2);
    }

    #[tokio::test]
    async fn stops_at_an_empty_page() {
        let server = MockServer::start().await;
        answer(&server, 1, json!([1, 2]), None).await;
        answer(&server, 2, json!([]), None).await;
        let (things, asked) = all(&server, None).await;
        assert_eq!(things.len(), 2);
        assert_eq!(asked, 2);
    }

    #[tokio::test]
    async fn a_server_repeating_page_one_cannot_loop_forever() {
        // A server that ignores `page` and always answers the same full page:
        // the total stops it.
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"things": [1, 2], "totalCount": 6})),
            )
            .mount(&server)
            .await;
        let (things, asked) = all(&server, Some(2)).await;
        assert_eq!(things.len(), 6);
        assert_eq!(asked, 3);
    }

    #[tokio::test]
    async fn errors_end_the_walk() {
        let server = MockServer::start().await;
        answer(&server, 1, json!([1, 2]), Some(4)).await;
        let api = crate::GrafanaApi::builder()
            .url(&server.uri())
            .retry(crate::RetryPolicy::none())
            .build()
            .unwrap();
        let err = Call::new(
            &api,
            Things {
                page: None,
                per_page: Some(2),
            },
        )
        .all()
        .await
        .unwrap_err();
        assert!(err.is_not_found(), "{err}");
    }
}
