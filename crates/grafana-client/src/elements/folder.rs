use serde::Serialize;
use serde_json::json;

use super::options::{is_false, list_body, object, plain, setters, RequestExt};
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
        plain(&self.client, Request::get(folder_path(uid)))
    }

    /// `GET /api/folders/id/{id}` (deprecated by Grafana in favour of uids;
    /// use [`get_folder`](Self::get_folder)). Still served by Grafana 12.
    pub fn get_folder_by_id(&self, folder_id: i64) -> Call<C, Plain<FolderModel>> {
        let path = ApiPath::api()
            .lit("folders/id")
            .param("folder_id", folder_id.to_string());
        plain(&self.client, Request::get(path))
    }

    /// `POST /api/folders`: creates a folder. Options: [`uid`](Call::uid)
    /// (generated when absent), [`parent_uid`](Call::parent_uid) (nested folders).
    pub fn create_folder(&self, title: &str) -> Call<C, CreateFolder> {
        let create = CreateFolder {
            title: title.to_owned(),
            ..CreateFolder::default()
        };
        Call::new(&self.client, create)
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
        let update = UpdateFolder {
            folder_uid: uid.to_owned(),
            ..UpdateFolder::default()
        };
        Call::new(&self.client, update)
    }

    /// `POST /api/folders/{uid}/move`: moves a folder below another
    /// (nested folders; `""` moves it to the root).
    pub fn move_folder(&self, uid: &str, parent_uid: &str) -> Call<C, Plain<FolderModel>> {
        let path = folder_path(uid).lit("move");
        let request = Request::post(path).json(&json!({ "parentUid": parent_uid }));
        plain(&self.client, request)
    }

    /// `DELETE /api/folders/{uid}`, with everything in it. Option:
    /// [`force_delete_rules`](Call::force_delete_rules) to delete alert rules
    /// too. Grafana 9 and older answer with an empty body: `None`.
    pub fn delete_folder(&self, uid: &str) -> Call<C, DeleteFolder> {
        let delete = DeleteFolder {
            uid: uid.to_owned(),
            ..DeleteFolder::default()
        };
        Call::new(&self.client, delete)
    }

    /// `GET /api/folders/{uid}/permissions`.
    pub fn get_folder_permissions(&self, uid: &str) -> Call<C, Plain<Vec<PermissionItem>>> {
        let path = folder_path(uid).lit("permissions");
        plain(&self.client, Request::get(path))
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
        let body = list_body("items", items);
        let request = Request::post(folder_path(uid).lit("permissions")).try_json(body);
        plain(&self.client, request)
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
        plain(&self.client, Request::post(path).json(permission))
    }
}

/// [`Folder::get_all_folders`]'s endpoint and options (the query).
#[derive(Serialize, Default, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct GetAllFolders {
    parent_uid: Option<String>,
    limit: Option<u32>,
    page: Option<u32>,
}

setters! { GetAllFolders;
    /// Only the children of this folder.
    parent_uid: into String;
    /// At most this many folders.
    limit: value u32;
    /// Page number, from 1.
    page: value u32;
}

impl Endpoint for GetAllFolders {
    type Output = Vec<FolderSummary>;

    fn into_request(self) -> Request {
        Request::get(ApiPath::api().lit("folders")).query_options(&self)
    }
}

/// [`Folder::create_folder`]'s endpoint and options (the body).
#[derive(Serialize, Default, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct CreateFolder {
    title: String,
    uid: Option<String>,
    parent_uid: Option<String>,
}

setters! { CreateFolder;
    /// Use this uid (at most 40 characters of `[A-Za-z0-9_-]`).
    uid: into String;
    /// Create it below this folder (nested folders).
    parent_uid: into String;
}

impl Endpoint for CreateFolder {
    type Output = FolderModel;

    fn into_request(self) -> Request {
        Request::post(ApiPath::api().lit("folders")).try_json(object(&self))
    }
}

/// [`Folder::update_folder`]'s endpoint and options (the body).
#[derive(Serialize, Default, Clone, Debug)]
pub struct UpdateFolder {
    #[serde(skip)]
    folder_uid: String,
    #[serde(rename = "uid")]
    new_uid: Option<String>,
    title: Option<String>,
    version: Option<i64>,
    #[serde(skip_serializing_if = "is_false")]
    overwrite: bool,
}

setters! { UpdateFolder;
    /// New title.
    title: into String;
    /// The version this update is based on.
    version: value i64;
    /// Save whatever the stored version.
    overwrite: flag bool;
    /// Give the folder a new uid (sent as `uid`).
    ///
    /// Only old Grafana versions read it: Grafana 12's `UpdateFolderCommand`
    /// has no `uid` field, so the folder keeps its uid and the call succeeds
    /// anyway. Still sent, for the servers that honour it.
    #[deprecated(
        note = "Grafana 12 ignores it (UpdateFolderCommand has no uid): a folder's uid cannot be changed; create a new folder and move the contents"
    )]
    new_uid: into String;
}

impl Endpoint for UpdateFolder {
    type Output = FolderModel;

    fn into_request(self) -> Request {
        Request::new(http::Method::PUT, folder_path(&self.folder_uid)).try_json(object(&self))
    }
}

/// [`Folder::delete_folder`]'s endpoint and options (the query).
#[derive(Serialize, Default, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct DeleteFolder {
    #[serde(skip)]
    uid: String,
    #[serde(skip_serializing_if = "is_false")]
    force_delete_rules: bool,
}

setters! { DeleteFolder;
    /// Also delete the alert rules stored in the folder (otherwise Grafana
    /// refuses to delete a folder that holds any).
    force_delete_rules: flag bool;
}

impl Endpoint for DeleteFolder {
    type Output = Option<Message>;

    fn into_request(self) -> Request {
        Request::delete(folder_path(&self.uid)).query_options(&self)
    }
}
