//! Walking a paged search: [`Call::into_stream`] (async), iterating the
//! call (blocking) and [`Call::all`] (both).
//!
//! This module holds the client-independent part: the [`Paged`] trait, the
//! walk that decides which page comes next and when to stop, and `.all()`'s
//! collecting loop. Each client adds its own way of walking on top: the
//! async stream in `client.rs`, the blocking iterator ([`PageIter`](crate::PageIter)) in
//! `blocking.rs`.
//!
//! Grafana's searches (users, teams, service accounts, dashboards) answer one
//! page at a time, some with a `totalCount`; the dashboard version list of
//! Grafana 11.6 and later answers a `continueToken` instead. Each walk asks
//! page after page, lazily (a page is fetched only when its first item is
//! wanted), and stops at the first empty or short page, once `totalCount`
//! items are in, when a token-paged answer has no token left, when the server
//! answers a page again, or after [`MAX_PAGES`] pages: never an endless loop,
//! whatever the server answers. The first error ends the walk.
//!
//! ```no_run
//! # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
//! use futures_util::TryStreamExt;
//! let mut teams = std::pin::pin!(api.teams().search_teams().perpage(100).into_stream());
//! while let Some(team) = teams.try_next().await? {
//!     println!("{}", team.name);
//! }
//! # Ok(()) }
//! ```
//!
//! ```no_run
//! let api = grafana_client::blocking::GrafanaApi::from_env()?;
//! for user in api.users().search_users().perpage(100) {
//!     println!("{}", user?.login);
//! }
//! # Ok::<(), grafana_client::Error>(())
//! ```

use std::collections::VecDeque;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::call::{Call, CallOptions, Client, Endpoint, Request};
use crate::error::Result;
use crate::path::ApiPath;
use crate::transport::Core;

/// The most pages a walk asks for before it stops.
pub const MAX_PAGES: u32 = 10_000;

/// One page of answer, taken apart.
#[derive(Debug)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The server's `totalCount`, when it sends one.
    pub total: Option<u64>,
}

/// Where a walk is: what the next page's request is built from
/// (see [`Paged::next_page`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Cursor {
    /// The number of the page to ask for, from 1.
    pub page: u32,
    /// How many items the pages before it brought.
    pub seen: u64,
    /// The previous answer's continue token, when it had a non-empty one.
    pub continue_token: Option<String>,
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

    /// The token an answer gives for the next page, if any (read before
    /// [`page`](Self::page)). Default: none.
    fn continue_token(_output: &Self::Output) -> Option<String> {
        None
    }

    /// The search asking for the page `cursor` describes. Default:
    /// [`with_page(cursor.page)`](Self::with_page).
    fn next_page(self, cursor: &Cursor) -> Self {
        self.with_page(cursor.page)
    }

    /// A key that strictly decreases from one item to the next, when the
    /// items have one (version numbers, newest first). A page whose first
    /// key is not below the previous page's last one is the server
    /// answering an earlier page again: the walk ends there. Default: none.
    fn order_key(_item: &Self::Item) -> Option<i64> {
        None
    }
}

/// The state of one walk over the pages of a search.
#[derive(Debug)]
struct Walk<P> {
    search: P,
    per_page: Option<u32>,
    cursor: Cursor,
    followed_token: bool,
    last_key: Option<i64>,
    done: bool,
}

impl<P: Paged> Walk<P> {
    fn new(search: P) -> Self {
        Walk {
            per_page: search.per_page(),
            search,
            cursor: Cursor {
                page: 1,
                seen: 0,
                continue_token: None,
            },
            followed_token: false,
            last_key: None,
            done: false,
        }
    }

    /// The next page's request, or `None` when the walk is over.
    fn request(&self) -> Option<Request> {
        if self.done || self.cursor.page > MAX_PAGES {
            return None;
        }
        Some(self.search.clone().next_page(&self.cursor).into_request())
    }

    /// Takes one answer in; returns its items and decides whether to go on.
    fn accept(&mut self, output: P::Output) -> Vec<P::Item> {
        let token = P::continue_token(&output).filter(|t| !t.is_empty());
        let Page { mut items, total } = P::page(output);
        let first = items.first().and_then(P::order_key);
        if let (Some(prev), Some(first)) = (self.last_key, first) {
            if first >= prev {
                items.clear();
            }
        }
        let empty = items.is_empty();
        let short = self.per_page.is_some_and(|n| items.len() < n as usize);
        self.cursor.seen += items.len() as u64;
        let complete = total.is_some_and(|t| self.cursor.seen >= t);
        let token_ended = self.followed_token && token.is_none();
        self.last_key = items.last().and_then(P::order_key).or(self.last_key);
        self.done = empty || complete || token_ended || (short && token.is_none());
        self.followed_token |= token.is_some();
        self.cursor.continue_token = token;
        self.cursor.page = self.cursor.page.saturating_add(1);
        items
    }
}

/// What a stream or iterator over pages carries between pages: the walk,
/// the transport that fetches each page, and the items not handed out yet.
/// Each client's way of walking (the async stream in `client.rs`, the
/// blocking iterator in `blocking.rs`) is a loop over [`pop`](Self::pop),
/// [`fetch`](Self::fetch) and [`accept`](Self::accept).
pub(crate) struct WalkState<P: Paged> {
    core: Arc<Core>,
    options: CallOptions,
    walk: Walk<P>,
    buffer: VecDeque<P::Item>,
}

impl<P: Paged> std::fmt::Debug for WalkState<P>
where
    P: std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WalkState")
            .field("walk", &self.walk)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

impl<P: Paged> WalkState<P> {
    pub(crate) fn new<C: Client>(call: Call<C, P>) -> Self {
        WalkState {
            core: call.client.core().clone(),
            options: call.options,
            walk: Walk::new(call.endpoint),
            buffer: VecDeque::new(),
        }
    }

    /// The next item already fetched, if any.
    pub(crate) fn pop(&mut self) -> Option<P::Item> {
        self.buffer.pop_front()
    }

    /// Takes one page's answer in: its items are handed out next.
    pub(crate) fn accept(&mut self, output: P::Output) {
        let items = self.walk.accept(output);
        self.buffer.extend(items);
    }

    /// The next page's request and what sends it, or `None` when done.
    pub(crate) fn fetch(&self) -> Option<impl Future<Output = Result<P::Output>> + Send + 'static> {
        let request = self.walk.request()?;
        let core = self.core.clone();
        let options = self.options.clone();
        Some(async move { core.execute::<P::Output>(request, &options).await })
    }
}

impl<C: Client, P: Paged> Call<C, P> {
    /// Asks page after page, from page 1, and returns every item.
    ///
    /// Set the call's options (org, timeout, per page) before `.all()`. The
    /// walk is the one of [`into_stream`](Call::into_stream), collected.
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

impl<C: Client, P: Paged> Call<C, AllPages<P>> {
    /// Changes the search's options (for builder methods on all-pages calls).
    pub(crate) fn map_search(mut self, f: impl FnOnce(P) -> P) -> Self {
        self.endpoint.search = f(self.endpoint.search);
        self
    }

    /// Every item of every page (what `.all()` finishes with on both clients).
    pub(crate) async fn run_all(self) -> Result<Vec<P::Item>> {
        let Call {
            client,
            endpoint,
            options,
        } = self;
        let mut state = WalkState::new(Call {
            client,
            endpoint: endpoint.search,
            options,
        });
        let mut items = Vec::new();
        while let Some(fetch) = state.fetch() {
            let output = fetch.await?;
            items.extend(state.walk.accept(output));
        }
        Ok(items)
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

    #[tokio::test]
    async fn the_stream_yields_the_items_then_the_error_then_ends() {
        use futures_util::StreamExt;
        let server = MockServer::start().await;
        answer(&server, 1, json!([1, 2]), Some(4)).await;
        let api = crate::GrafanaApi::builder()
            .url(&server.uri())
            .retry(crate::RetryPolicy::none())
            .build()
            .unwrap();
        let call = Call::new(
            &api,
            Things {
                page: None,
                per_page: Some(2),
            },
        );
        let got: Vec<Result<Value>> = call.into_stream().collect().await;
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].as_ref().unwrap(), &json!(1));
        assert_eq!(got[1].as_ref().unwrap(), &json!(2));
        assert!(got[2].as_ref().unwrap_err().is_not_found());
        assert_eq!(server.received_requests().await.unwrap().len(), 2);
    }
}
