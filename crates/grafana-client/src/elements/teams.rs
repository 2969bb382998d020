use serde::Serialize;
use serde_json::{json, Value};

use super::options::{plain, to_json};
use crate::call::{Call, Client, Plain, Request};
use crate::models::{
    Message, Preferences, Team, TeamCreated, TeamGroup, TeamMember, TeamSearchResult,
};
use crate::paging::{Page, PerPageSearch, SearchPage};
use crate::path::{ApiPath, PathBuilder};

/// `api.teams()`: teams, their members, preferences and external groups
/// (`/api/teams`).
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// let created = api.teams().add_team("SRE").await?;
/// api.teams().add_team_member(created.team_id, 7).await?;
/// let page = api.teams().search_teams().query("SRE").perpage(50).await?;
/// for team in &page.teams {
///     println!("{} ({:?} members)", team.name, team.member_count);
/// }
/// api.teams().delete_team(created.team_id).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Teams<C> {
    client: C,
}

fn team_path(team_id: i64) -> PathBuilder {
    ApiPath::api()
        .lit("teams")
        .param("team_id", team_id.to_string())
}

impl<C: Client> Teams<C> {
    pub(crate) fn new(client: C) -> Self {
        Teams { client }
    }

    /// `GET /api/teams/search`: one page of the teams matching. Options:
    /// [`query`](Call::query) (part of the name or email),
    /// [`page`](Call::page) (from 1) and [`perpage`](Call::perpage) (server
    /// default 1000); only those set are sent, form-encoded.
    ///
    /// The Python package pages through every result when no page is given
    /// (several requests) and returns the teams only, building the query
    /// string unencoded; this requests one page, properly encoded, and returns
    /// it with `totalCount` so you can page on. To get every team, ask for it
    /// explicitly with [`.all()`](Call::all) (page after page, bounded).
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// let every_team = api.teams().search_teams().perpage(100).all().await?;
    /// # Ok(()) }
    /// ```
    pub fn search_teams(&self) -> Call<C, SearchTeams> {
        Call::new(&self.client, SearchTeams::new())
    }

    /// `GET /api/teams/search?name=…`: the teams with exactly this name (at
    /// most one), in [`TeamSearchResult::teams`].
    ///
    /// The Python package returns the `teams` list and concatenates the name
    /// into the query unencoded; this returns the whole answer and form-encodes
    /// the name.
    pub fn get_team_by_name(&self, team_name: &str) -> Call<C, Plain<TeamSearchResult>> {
        let request = Request::get(ApiPath::api().lit("teams/search")).query("name", team_name);
        plain(&self.client, request)
    }

    /// `GET /api/teams/{id}`.
    pub fn get_team(&self, team_id: i64) -> Call<C, Plain<Team>> {
        plain(&self.client, Request::get(team_path(team_id)))
    }

    /// `POST /api/teams`: creates a team. `team` is Grafana's body
    /// (`{"name": …, "email": …}`); a plain string is taken as the name, as
    /// in the Python package (`add_team("SRE")` sends `{"name": "SRE"}`).
    pub fn add_team(&self, team: &(impl Serialize + ?Sized)) -> Call<C, Plain<TeamCreated>> {
        let body = to_json("team", team).map(|team| match team {
            Value::String(name) => json!({ "name": name }),
            other => other,
        });
        plain(
            &self.client,
            Request::post(ApiPath::api().lit("teams")).try_json(body),
        )
    }

    /// `PUT /api/teams/{id}`: updates a team; `team` (`{"name": …, "email": …}`)
    /// is sent as it is.
    pub fn update_team(
        &self,
        team_id: i64,
        team: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        plain(
            &self.client,
            Request::new(http::Method::PUT, team_path(team_id)).json(team),
        )
    }

    /// `DELETE /api/teams/{id}`.
    pub fn delete_team(&self, team_id: i64) -> Call<C, Plain<Message>> {
        plain(&self.client, Request::delete(team_path(team_id)))
    }

    /// `GET /api/teams/{id}/members`.
    pub fn get_team_members(&self, team_id: i64) -> Call<C, Plain<Vec<TeamMember>>> {
        plain(
            &self.client,
            Request::get(team_path(team_id).lit("members")),
        )
    }

    /// `POST /api/teams/{id}/members`: adds a user (`{"userId": user_id}`).
    pub fn add_team_member(&self, team_id: i64, user_id: i64) -> Call<C, Plain<Message>> {
        let request =
            Request::post(team_path(team_id).lit("members")).json(&json!({ "userId": user_id }));
        plain(&self.client, request)
    }

    /// `DELETE /api/teams/{id}/members/{user_id}`.
    pub fn remove_team_member(&self, team_id: i64, user_id: i64) -> Call<C, Plain<Message>> {
        let path = team_path(team_id)
            .lit("members")
            .param("user_id", user_id.to_string());
        plain(&self.client, Request::delete(path))
    }

    /// `GET /api/teams/{id}/preferences`.
    pub fn get_preferences(&self, team_id: i64) -> Call<C, Plain<Preferences>> {
        plain(
            &self.client,
            Request::get(team_path(team_id).lit("preferences")),
        )
    }

    /// Deprecated name of [`get_preferences`](Self::get_preferences).
    #[deprecated(note = "use get_preferences, as the Python package advises")]
    pub fn get_team_preferences(&self, team_id: i64) -> Call<C, Plain<Preferences>> {
        self.get_preferences(team_id)
    }

    /// `PUT /api/teams/{id}/preferences`: sets the preferences given
    /// (a [`Preferences`], e.g. `Preferences::new().theme("dark")`, or any
    /// JSON object such as `{"theme": "dark", "weekStart": "monday"}`). As the Python package does with its
    /// `PersonalPreferences`, top-level `null` fields are left out, so an unset
    /// preference is not sent (Grafana would read `null` as "reset").
    pub fn update_preferences(
        &self,
        team_id: i64,
        preferences: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        let body = to_json("preferences", preferences).map(without_nulls);
        let request =
            Request::new(http::Method::PUT, team_path(team_id).lit("preferences")).try_json(body);
        plain(&self.client, request)
    }

    /// Deprecated name of [`update_preferences`](Self::update_preferences).
    #[deprecated(note = "use update_preferences, as the Python package advises")]
    pub fn update_team_preferences(
        &self,
        team_id: i64,
        preferences: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        self.update_preferences(team_id, preferences)
    }

    /// `GET /api/teams/{id}/groups`: the external groups synced to the team
    /// (team sync).
    ///
    /// Grafana Enterprise (or Grafana Cloud) only; open-source Grafana answers 404.
    pub fn get_team_external_group(&self, team_id: i64) -> Call<C, Plain<Vec<TeamGroup>>> {
        plain(&self.client, Request::get(team_path(team_id).lit("groups")))
    }

    /// `POST /api/teams/{id}/groups`: syncs an external group to the team
    /// (`{"groupId": group}`).
    ///
    /// Grafana Enterprise (or Grafana Cloud) only; open-source Grafana answers 404.
    pub fn add_team_external_group(&self, team_id: i64, group: &str) -> Call<C, Plain<Message>> {
        let request =
            Request::post(team_path(team_id).lit("groups")).json(&json!({ "groupId": group }));
        plain(&self.client, request)
    }

    /// `DELETE /api/teams/{id}/groups?groupId=…`: stops syncing an external
    /// group (the form of Grafana 10.2 and later).
    ///
    /// Grafana Enterprise (or Grafana Cloud) only; open-source Grafana answers 404.
    ///
    /// The Python package first asks the server's version and, below 10.2.0,
    /// puts the group id in the path (`/groups/{group_id}`), concatenating it
    /// unencoded either way; this sends one request in the 10.2+ form, with
    /// the group id form-encoded (group ids are often LDAP DNs with `=` and `,`).
    pub fn remove_team_external_group(
        &self,
        team_id: i64,
        group_id: &str,
    ) -> Call<C, Plain<Message>> {
        let request = Request::delete(team_path(team_id).lit("groups")).query("groupId", group_id);
        plain(&self.client, request)
    }
}

/// A JSON object without its top-level `null` fields; other values as they are.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).collect())
        }
        other => other,
    }
}

/// [`Teams::search_teams`]'s endpoint: `GET /api/teams/search` (options on [`PerPageSearch`]).
pub type SearchTeams = PerPageSearch<TeamSearchResult>;

impl SearchPage for TeamSearchResult {
    type Item = Team;
    const PATH: &'static str = "teams/search";

    fn into_page(self) -> Page<Team> {
        Page {
            items: self.teams,
            total: self.total_count.and_then(|t| u64::try_from(t).ok()),
        }
    }
}
