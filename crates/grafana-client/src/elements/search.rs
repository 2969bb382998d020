use serde::Serialize;

use super::options::{is_false, setters, RequestExt};
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

/// [`Search::search_dashboards`]'s endpoint and options (the query).
#[derive(Serialize, Default, Clone, Debug)]
pub struct SearchDashboards {
    query: Option<String>,
    #[serde(rename = "tag")]
    tags: Vec<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(rename = "dashboardIds")]
    dashboard_ids: Vec<i64>,
    #[serde(rename = "dashboardUIDs")]
    dashboard_uids: Vec<String>,
    #[serde(rename = "folderIds")]
    folder_ids: Vec<i64>,
    #[serde(rename = "folderUIDs")]
    folder_uids: Vec<String>,
    #[serde(skip_serializing_if = "is_false")]
    starred: bool,
    limit: Option<u32>,
    page: Option<u32>,
}

setters! { SearchDashboards;
    /// Title substring.
    query: into String;
    /// Adds a tag; hits carry every tag given.
    tag => tags: push String;
    /// `dash-db` (dashboards) or `dash-folder` (folders).
    type_ => kind: into String;
    /// Only these dashboards (by uid).
    dashboard_uids: extend_into String;
    /// Only these dashboards (by numeric id; deprecated by Grafana).
    dashboard_ids: extend i64;
    /// Only in these folders (by uid; `""` is the root).
    folder_uids: extend_into String;
    /// Only in these folders (by numeric id; deprecated by Grafana).
    folder_ids: extend i64;
    /// Only the caller's starred dashboards.
    starred: flag bool;
    /// At most this many hits (Grafana allows up to 5000 and answers 422
    /// above); the page size when paging.
    limit: value u32;
    /// Page number, from 1.
    page: value u32;
}

impl Endpoint for SearchDashboards {
    type Output = Vec<SearchHit>;

    fn into_request(self) -> Request {
        Request::get(ApiPath::api().lit("search")).query_options(&self)
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
