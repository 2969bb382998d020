use crate::call::{Call, Client, Endpoint, Request};
use crate::models::SearchHit;
use crate::paging::{Page, Paged};
use crate::path::ApiPath;

/// The most hits Grafana's `/api/search` answers per page.
const MAX_LIMIT: u32 = 5000;

/// `api.search()`: dashboard and folder search (`/api/search`).
#[derive(Debug, Clone)]
pub struct Search<C> {
    client: C,
}

impl<C: Client> Search<C> {
    pub(crate) fn new(client: C) -> Self {
        Search { client }
    }

    /// `GET /api/search`: dashboards and folders matching every option set.
    ///
    /// Options, named like the Python package's keyword arguments:
    /// [`query`](Call::query), [`tag`](Call::tag) (repeatable; all must match),
    /// [`type_`](Call::type_) (`dash-db` or `dash-folder`),
    /// [`dashboard_uids`](Call::dashboard_uids), [`dashboard_ids`](Call::dashboard_ids),
    /// [`folder_uids`](Call::folder_uids), [`folder_ids`](Call::folder_ids),
    /// [`starred`](Call::starred), [`limit`](Call::limit) (at most 5000),
    /// [`page`](Call::page) (from 1). Every value is form-encoded.
    ///
    /// One call asks for one page (Grafana's default: the first 1000 hits).
    /// For every hit, page by page with `limit` as the page size, use
    /// [`.all()`](Call::all), [`.into_stream()`](Call::into_stream) (async)
    /// or iterate the call (blocking): each stops at the first short or empty
    /// page.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// let hits = api.search().search_dashboards().query("latency").tag("prod").limit(50).await?;
    /// for h in hits { println!("{} {}", h.uid, h.title); }
    /// # Ok(()) }
    /// ```
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let every_dashboard: Vec<_> = api
    ///     .search()
    ///     .search_dashboards()
    ///     .type_("dash-db")
    ///     .limit(500)
    ///     .into_stream()
    ///     .try_collect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn search_dashboards(&self) -> Call<C, SearchDashboards> {
        Call::new(&self.client, SearchDashboards::default())
    }
}

/// [`Search::search_dashboards`]'s endpoint and options.
#[derive(Debug, Default, Clone)]
pub struct SearchDashboards {
    query: Option<String>,
    tags: Vec<String>,
    kind: Option<String>,
    dashboard_ids: Vec<i64>,
    dashboard_uids: Vec<String>,
    folder_ids: Vec<i64>,
    folder_uids: Vec<String>,
    starred: bool,
    limit: Option<u32>,
    page: Option<u32>,
}

impl<C: Client> Call<C, SearchDashboards> {
    /// Title substring.
    pub fn query(mut self, query: impl Into<String>) -> Self {
        self.endpoint.query = Some(query.into());
        self
    }

    /// Adds a tag; hits carry every tag given.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.endpoint.tags.push(tag.into());
        self
    }

    /// `dash-db` (dashboards) or `dash-folder` (folders).
    pub fn type_(mut self, kind: impl Into<String>) -> Self {
        self.endpoint.kind = Some(kind.into());
        self
    }

    /// Only these dashboards (by uid).
    pub fn dashboard_uids<S: Into<String>>(mut self, uids: impl IntoIterator<Item = S>) -> Self {
        self.endpoint
            .dashboard_uids
            .extend(uids.into_iter().map(Into::into));
        self
    }

    /// Only these dashboards (by numeric id; deprecated by Grafana).
    pub fn dashboard_ids(mut self, ids: impl IntoIterator<Item = i64>) -> Self {
        self.endpoint.dashboard_ids.extend(ids);
        self
    }

    /// Only in these folders (by uid; `""` is the root).
    pub fn folder_uids<S: Into<String>>(mut self, uids: impl IntoIterator<Item = S>) -> Self {
        self.endpoint
            .folder_uids
            .extend(uids.into_iter().map(Into::into));
        self
    }

    /// Only in these folders (by numeric id; deprecated by Grafana).
    pub fn folder_ids(mut self, ids: impl IntoIterator<Item = i64>) -> Self {
        self.endpoint.folder_ids.extend(ids);
        self
    }

    /// Only the caller's starred dashboards.
    pub fn starred(mut self, starred: bool) -> Self {
        self.endpoint.starred = starred;
        self
    }

    /// At most this many hits (Grafana allows up to 5000 and answers 422
    /// above); the page size when paging.
    pub fn limit(mut self, limit: u32) -> Self {
        self.endpoint.limit = Some(limit);
        self
    }

    /// Page number, from 1.
    pub fn page(mut self, page: u32) -> Self {
        self.endpoint.page = Some(page);
        self
    }
}

impl Endpoint for SearchDashboards {
    type Output = Vec<SearchHit>;

    fn into_request(self) -> Request {
        let mut r = Request::get(ApiPath::api().lit("search")).query_opt("query", self.query);
        for t in self.tags {
            r = r.query("tag", t);
        }
        r = r.query_opt("type", self.kind);
        for id in self.dashboard_ids {
            r = r.query("dashboardIds", id);
        }
        for uid in self.dashboard_uids {
            r = r.query("dashboardUIDs", uid);
        }
        for id in self.folder_ids {
            r = r.query("folderIds", id);
        }
        for uid in self.folder_uids {
            r = r.query("folderUIDs", uid);
        }
        if self.starred {
            r = r.query("starred", "true");
        }
        r.query_opt("limit", self.limit)
            .query_opt("page", self.page)
    }
}

impl Paged for SearchDashboards {
    type Item = SearchHit;

    fn with_page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    /// `limit` (at most 5000, Grafana's cap); unset, Grafana's default of
    /// 1000 is not assumed, so the walk ends at an empty page.
    fn per_page(&self) -> Option<u32> {
        self.limit.map(|l| l.min(MAX_LIMIT))
    }

    fn page(output: Vec<SearchHit>) -> Page<SearchHit> {
        Page {
            items: output,
            total: None,
        }
    }
}
