use serde::Serialize;

use super::options::{plain, setters, RequestExt};
use crate::call::{Call, Client, Endpoint, Plain, Request};
use crate::models::{Message, UserOrg, UserProfile, UserSearchHit, UserTeam};
use crate::paging::{Page, Paged};
use crate::path::{ApiPath, PathBuilder};

/// `api.users()`: every user of the server (server admin: `/api/users`).
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// use serde_json::json;
/// let page = api.users().search_users().query("ana").perpage(50).page(1).await?;
/// for hit in &page {
///     println!("{} {}", hit.id, hit.login);
/// }
/// let everyone = api.users().search_users().perpage(500).all().await?;
/// println!("{} users", everyone.len());
/// let ana = api.users().find_user("ana@example.com").await?;
/// api.users()
///     .update_user(ana.id, &json!({"name": "Ana B.", "login": "ana", "email": "ana@example.com"}))
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Users<C> {
    client: C,
}

/// `api/users/{user_id}`.
fn user_path(user_id: i64) -> PathBuilder {
    ApiPath::api()
        .lit("users")
        .param("user_id", user_id.to_string())
}

impl<C: Client> Users<C> {
    pub(crate) fn new(client: C) -> Self {
        Users { client }
    }

    /// `GET /api/users`: one page of users. Options: [`query`](Call::query)
    /// (matched against login, email and name), [`page`](Call::page) (from 1)
    /// and [`perpage`](Call::perpage) (Grafana's default 1000); only those
    /// set are sent.
    ///
    /// When no page is given, the Python helper requests pages 1, 2, … until
    /// an empty one and returns them all; this method requests one page
    /// (Grafana's first when no page is set). For every user, add
    /// [`.all()`](Call::all): it asks page after page and stops at an empty
    /// or short page; [`.into_stream()`](Call::into_stream) (async) and
    /// iterating the call (blocking) walk the same pages lazily.
    pub fn search_users(&self) -> Call<C, SearchUsers> {
        Call::new(&self.client, SearchUsers::default())
    }

    /// `GET /api/users/{user_id}`: a user's profile.
    pub fn get_user(&self, user_id: i64) -> Call<C, Plain<UserProfile>> {
        plain(&self.client, Request::get(user_path(user_id)))
    }

    /// `GET /api/users/lookup?loginOrEmail=…`: a user by login or email
    /// (form-encoded in the query).
    pub fn find_user(&self, login_or_email: &str) -> Call<C, Plain<UserProfile>> {
        let request =
            Request::get(ApiPath::api().lit("users/lookup")).query("loginOrEmail", login_or_email);
        plain(&self.client, request)
    }

    /// `PUT /api/users/{user_id}`: updates a user's login, email, name or
    /// theme. `user` is Grafana's body, sent as it is.
    pub fn update_user(
        &self,
        user_id: i64,
        user: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        let request = Request::new(http::Method::PUT, user_path(user_id)).json(user);
        plain(&self.client, request)
    }

    /// `GET /api/users/{user_id}/orgs`: the organizations a user belongs to.
    pub fn get_user_organisations(&self, user_id: i64) -> Call<C, Plain<Vec<UserOrg>>> {
        let path = user_path(user_id).lit("orgs");
        plain(&self.client, Request::get(path))
    }

    /// `GET /api/users/{user_id}/teams`: the teams a user is a member of.
    pub fn get_user_teams(&self, user_id: i64) -> Call<C, Plain<Vec<UserTeam>>> {
        let path = user_path(user_id).lit("teams");
        plain(&self.client, Request::get(path))
    }
}

/// [`Users::search_users`]'s endpoint and options (the query).
#[derive(Serialize, Default, Clone, Debug)]
pub struct SearchUsers {
    query: Option<String>,
    page: Option<u32>,
    perpage: Option<u32>,
}

setters! { SearchUsers;
    /// Only users whose login, email or name contains this.
    query: into String;
    /// Page number, from 1.
    page: value u32;
    /// Users per page.
    perpage: value u32;
}

impl Endpoint for SearchUsers {
    type Output = Vec<UserSearchHit>;

    fn into_request(self) -> Request {
        Request::get(ApiPath::api().lit("users")).query_options(&self)
    }
}

impl Paged for SearchUsers {
    type Item = UserSearchHit;

    fn with_page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    fn per_page(&self) -> Option<u32> {
        self.perpage
    }

    fn page(output: Vec<UserSearchHit>) -> Page<UserSearchHit> {
        Page {
            items: output,
            total: None,
        }
    }
}
