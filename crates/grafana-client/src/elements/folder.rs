use serde::Serialize;
use serde_json::{json, Map};

use crate::call::{Call, Client, Endpoint, Plain, Request};
use crate::models::{Folder as FolderModel, FolderSummary, Message, PermissionItem};
use crate::path::ApiPath;

/// `api.folder()`: folders (`/api/folders`).
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// let folder = api.folder().create_folder("Team A").uid("team-a").await?;
/// let renamed = api
///     .folder()
///     .update_folder(&folder.uid)
///     .title("Team A (prod)")
///     .version(folder.version.unwrap_or(1))
///     .await?;
/// api.folder().delete_folder(&renamed.uid).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Folder<C> {
    client: C,
}

fn folder_path(uid: &str) -> crate::path::PathBuilder {
    ApiPath::api().lit("folders").param("uid", uid)
}

impl<C: Client> Folder<C> {
    pub(crate) fn new(client: C) -> Self {
        Folder { client }
    }

    /// `GET /api/folders`: folders at the root, or below
    /// [`parent_uid`](Call::parent_uid) (nested folders). Also
    /// [`limit`](Call::limit) (server default 1000) and [`page`](Call::page).
    pub fn get_all_folders(&self) -> Call<C, GetAllFolders> {
        Call::new(&self.client, GetAllFolders::default())
    }

    /// `GET /api/folders/{uid}`.
    pub fn get_folder(&self, uid: &str) -> Call<C, Plain<FolderModel>> {
        Call::new(&self.client, Plain::new(Request::get(folder_path(uid))))
    }

    /// `GET /api/folders/id/{id}` (deprecated by Grafana in favour of uids;
    /// use [`get_folder`](Self::get_folder)). Still served by Grafana 12.
    pub fn get_folder_by_id(&self, folder_id: i64) -> Call<C, Plain<FolderModel>> {
        let path = ApiPath::api()
            .lit("folders/id")
            .param("folder_id", folder_id.to_string());
        Call::new(&self.client, Plain::new(Request::get(path)))
    }

    /// `POST /api/folders`: creates a folder. Options: [`uid`](Call::uid)
    /// (generated when absent), [`parent_uid`](Call::parent_uid) (nested folders).
    pub fn create_folder(&self, title: &str) -> Call<C, CreateFolder> {
        Call::new(
            &self.client,
            CreateFolder {
                title: title.to_owned(),
                uid: None,
                parent_uid: None,
            },
        )
    }

    /// `PUT /api/folders/{uid}`: renames or re-keys a folder. Options:
    /// [`title`](Call::title), [`version`](Call::version) (the version you
    /// read; a stale one is a 412), [`overwrite`](Call::overwrite) (ignore the
    /// version), [`new_uid`](Call::new_uid) (deprecated: current Grafana
    /// ignores it). Only options that are set are sent (the Python package
    /// also drops a version of 0 and an empty title; here they are sent).
    ///
    /// Grafana 12's `UpdateFolderCommand` is `{title, description, version,
    /// overwrite}`: a folder's uid cannot be changed; create a new folder and
    /// move its contents instead.
    pub fn update_folder(&self, uid: &str) -> Call<C, UpdateFolder> {
        Call::new(
            &self.client,
            UpdateFolder {
                uid: uid.to_owned(),
                title: None,
                version: None,
                overwrite: false,
                new_uid: None,
            },
        )
    }

    /// `POST /api/folders/{uid}/move`: moves a folder below another
    /// (nested folders; `""` moves it to the root).
    pub fn move_folder(&self, uid: &str, parent_uid: &str) -> Call<C, Plain<FolderModel>> {
        let path = folder_path(uid).lit("move");
        let request = Request::post(path).json(&json!({ "parentUid": parent_uid }));
        Call::new(&self.client, Plain::new(request))
    }

    /// `DELETE /api/folders/{uid}`, with everything in it. Option:
    /// [`force_delete_rules`](Call::force_delete_rules) to delete alert rules
    /// too. Grafana 9 and older answer with an empty body: `None`.
    pub fn delete_folder(&self, uid: &str) -> Call<C, DeleteFolder> {
        Call::new(
            &self.client,
            DeleteFolder {
                uid: uid.to_owned(),
                force_delete_rules: false,
            },
        )
    }

    /// `GET /api/folders/{uid}/permissions`.
    pub fn get_folder_permissions(&self, uid: &str) -> Call<C, Plain<Vec<PermissionItem>>> {
        let path = folder_path(uid).lit("permissions");
        Call::new(&self.client, Plain::new(Request::get(path)))
    }

    /// `POST /api/folders/{uid}/permissions`: replaces the folder's
    /// permissions. `items` is the list (`[{"role": "Viewer", "permission": 1}, …]`),
    /// sent as `{"items": items}`; one object becomes a one-item list, and an
    /// object that already has `items` is sent as it is.
    pub fn update_folder_permissions(
        &self,
        uid: &str,
        items: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        let body = super::items_body(items);
        let request = Request::post(folder_path(uid).lit("permissions")).try_json(body);
        Call::new(&self.client, Plain::new(request))
    }

    /// `POST /api/access-control/folders/{uid}/users/{user_id}`: sets one
    /// user's permission on the folder. `permission` is Grafana's body,
    /// `{"permission": "View"}` (or `Edit`, `Admin`, `""` to remove), sent as
    /// it is. (The Python package wraps it in `{"items": …}`, which Grafana
    /// reads as an empty permission.)
    pub fn update_folder_permissions_for_user(
        &self,
        uid: &str,
        user_id: i64,
        permission: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        let path = ApiPath::api()
            .lit("access-control/folders")
            .param("uid", uid)
            .lit("users")
            .param("user_id", user_id.to_string());
        Call::new(
            &self.client,
            Plain::new(Request::post(path).json(permission)),
        )
    }
}

/// [`Folder::get_all_folders`]'s endpoint and options.
#[derive(Debug, Default)]
pub struct GetAllFolders {
    parent_uid: Option<String>,
    limit: Option<u32>,
    page: Option<u32>,
}

impl<C: Client> Call<C, GetAllFolders> {
    /// Only the children of this folder.
    pub fn parent_uid(mut self, parent_uid: impl Into<String>) -> Self {
        self.endpoint.parent_uid = Some(parent_uid.into());
        self
    }

    /// At most this many folders.
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

impl Endpoint for GetAllFolders {
    type Output = Vec<FolderSummary>;

    fn into_request(self) -> Request {
        Request::get(ApiPath::api().lit("folders"))
            .query_opt("parentUid", self.parent_uid)
            .query_opt("limit", self.limit)
            .query_opt("page", self.page)
    }
}

/// [`Folder::create_folder`]'s endpoint and options.
#[derive(Debug)]
pub struct CreateFolder {
    title: String,
    uid: Option<String>,
    parent_uid: Option<String>,
}

impl<C: Client> Call<C, CreateFolder> {
    /// Use this uid (at most 40 characters of `[A-Za-z0-9_-]`).
    pub fn uid(mut self, uid: impl Into<String>) -> Self {
        self.endpoint.uid = Some(uid.into());
        self
    }

    /// Create it below this folder (nested folders).
    pub fn parent_uid(mut self, parent_uid: impl Into<String>) -> Self {
        self.endpoint.parent_uid = Some(parent_uid.into());
        self
    }
}

impl Endpoint for CreateFolder {
    type Output = FolderModel;

    fn into_request(self) -> Request {
        let mut body = Map::new();
        body.insert("title".into(), self.title.into());
        if let Some(uid) = self.uid {
            body.insert("uid".into(), uid.into());
        }
        if let Some(parent) = self.parent_uid {
            body.insert("parentUid".into(), parent.into());
        }
        Request::post(ApiPath::api().lit("folders")).json(&body)
    }
}

/// [`Folder::update_folder`]'s endpoint and options.
#[derive(Debug)]
pub struct UpdateFolder {
    uid: String,
    title: Option<String>,
    version: Option<i64>,
    overwrite: bool,
    new_uid: Option<String>,
}

impl<C: Client> Call<C, UpdateFolder> {
    /// New title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.endpoint.title = Some(title.into());
        self
    }

    /// The version this update is based on.
    pub fn version(mut self, version: i64) -> Self {
        self.endpoint.version = Some(version);
        self
    }

    /// Save whatever the stored version.
    pub fn overwrite(mut self, overwrite: bool) -> Self {
        self.endpoint.overwrite = overwrite;
        self
    }

    /// Give the folder a new uid (sent as `uid`).
    ///
    /// Only old Grafana versions read it: Grafana 12's `UpdateFolderCommand`
    /// has no `uid` field, so the folder keeps its uid and the call succeeds
    /// anyway. Still sent, for the servers that honour it.
    #[deprecated(
        note = "Grafana 12 ignores it (UpdateFolderCommand has no uid): a folder's uid cannot be changed; create a new folder and move the contents"
    )]
    pub fn new_uid(mut self, new_uid: impl Into<String>) -> Self {
        self.endpoint.new_uid = Some(new_uid.into());
        self
    }
}

impl Endpoint for UpdateFolder {
    type Output = FolderModel;

    fn into_request(self) -> Request {
        let mut body = Map::new();
        if let Some(uid) = self.new_uid {
            body.insert("uid".into(), uid.into());
        }
        if let Some(title) = self.title {
            body.insert("title".into(), title.into());
        }
        if let Some(version) = self.version {
            body.insert("version".into(), version.into());
        }
        if self.overwrite {
            body.insert("overwrite".into(), true.into());
        }
        Request::new(http::Method::PUT, folder_path(&self.uid)).json(&body)
    }
}

/// [`Folder::delete_folder`]'s endpoint and options.
#[derive(Debug)]
pub struct DeleteFolder {
    uid: String,
    force_delete_rules: bool,
}

impl<C: Client> Call<C, DeleteFolder> {
    /// Also delete the alert rules stored in the folder (otherwise Grafana
    /// refuses to delete a folder that holds any).
    pub fn force_delete_rules(mut self, force: bool) -> Self {
        self.endpoint.force_delete_rules = force;
        self
    }
}

impl Endpoint for DeleteFolder {
    type Output = Option<Message>;

    fn into_request(self) -> Request {
        let request = Request::delete(folder_path(&self.uid));
        if self.force_delete_rules {
            request.query("forceDeleteRules", "true")
        } else {
            request
        }
    }
}
