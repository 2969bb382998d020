use serde::Serialize;
use serde_json::{Map, Value};

use super::options::{plain, setters, to_json, RequestExt};
use crate::call::{Call, Client, Endpoint, Plain, Request};
use crate::error::{Error, Result};
use crate::models::{
    LibraryElementArrayResponse, LibraryElementConnectionsResponse, LibraryElementDto,
    LibraryElementResponse, LibraryElementSearchResponse, Message,
};
use crate::path::{ApiPath, PathBuilder};

/// `api.libraryelement()`: library panels and variables (`/api/library-elements`).
///
/// Grafana wraps every answer in `{"result": ...}`; the models keep that
/// wrapper ([`LibraryElementResponse::result`], …).
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// use serde_json::json;
/// let panel = json!({"type": "text", "title": "Notes", "options": {"content": "hi"}});
/// let created = api
///     .libraryelement()
///     .create_library_element(&panel)
///     .folder_uid("team-a")
///     .await?
///     .result;
/// let uid = created.uid.clone().unwrap_or_default();
/// let mut changed = created.clone();
/// changed.model = Some(json!({"type": "text", "title": "Notes v2"}));
/// api.libraryelement()
///     .update_library_element(&uid, &changed, created.version.unwrap_or(1))
///     .await?;
/// let found = api.libraryelement().list_library_elements().search_string("Notes").await?;
/// println!("{} found", found.result.elements.len());
/// api.libraryelement().delete_library_element(&uid).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct LibraryElement<C> {
    client: C,
}

fn element_path(name: &'static str, element_uid: &str) -> PathBuilder {
    ApiPath::api()
        .lit("library-elements")
        .param(name, element_uid)
}

impl<C: Client> LibraryElement<C> {
    pub(crate) fn new(client: C) -> Self {
        LibraryElement { client }
    }

    /// `GET /api/library-elements/{uid}`.
    pub fn get_library_element(&self, element_uid: &str) -> Call<C, Plain<LibraryElementResponse>> {
        let request = Request::get(element_path("element_uid", element_uid));
        plain(&self.client, request)
    }

    /// `GET /api/library-elements/name/{name}`: every element of that name
    /// (one per folder at most).
    pub fn get_library_element_by_name(
        &self,
        element_name: &str,
    ) -> Call<C, Plain<LibraryElementArrayResponse>> {
        let path = ApiPath::api()
            .lit("library-elements/name")
            .param("element_name", element_name);
        plain(&self.client, Request::get(path))
    }

    /// `GET /api/library-elements/{uid}/connections/`: the dashboards using
    /// the element. The path ends in `/` as Grafana documents it (the Python
    /// package leaves the slash out).
    pub fn get_library_element_connections(
        &self,
        element_uid: &str,
    ) -> Call<C, Plain<LibraryElementConnectionsResponse>> {
        let path = element_path("element_uid", element_uid)
            .lit("connections")
            .trailing_slash();
        plain(&self.client, Request::get(path))
    }

    /// `POST /api/library-elements`: creates a library element.
    ///
    /// `model` is either the panel JSON itself or a whole element as Grafana
    /// returns it ([`LibraryElementDto`](crate::models::LibraryElementDto),
    /// with `model`, `kind` and `meta`). As in the Python package, what the
    /// options leave unset is taken from it: the folder from `meta.folderUid`,
    /// the uid from `model.uid`, the name from `model.title`, the kind from
    /// `kind` (else [`LibraryElementDto::PANEL`](crate::models::LibraryElementDto::PANEL)). Options: [`name`](Call::name),
    /// [`kind`](Call::kind), [`uid`](Call::uid), [`folder_uid`](Call::folder_uid).
    /// A `model` that is not a JSON object is refused unsent.
    ///
    /// The Python package lets the model's `kind` override an explicit
    /// `kind`; here the explicit option wins.
    pub fn create_library_element(
        &self,
        model: &(impl Serialize + ?Sized),
    ) -> Call<C, CreateLibraryElement> {
        let create = CreateLibraryElement {
            fields: ElementFields::new(model),
            uid: None,
        };
        Call::new(&self.client, create)
    }

    /// `PATCH /api/library-elements/{uid}`: replaces a library element's
    /// model (and name, kind, folder). `version` is the version being
    /// updated (Grafana answers 412 when it is stale); `model`, and the
    /// options [`name`](Call::name), [`kind`](Call::kind),
    /// [`folder_uid`](Call::folder_uid), work as in
    /// [`create_library_element`](Self::create_library_element).
    ///
    /// The Python package makes `version` optional and then first GETs the
    /// element to read it, which fails on Grafana's `{"result": …}` wrapper;
    /// here `version` is required and exactly one request is sent (take it
    /// from [`get_library_element`](Self::get_library_element)'s
    /// `result.version`).
    pub fn update_library_element(
        &self,
        uid: &str,
        model: &(impl Serialize + ?Sized),
        version: i64,
    ) -> Call<C, UpdateLibraryElement> {
        let update = UpdateLibraryElement {
            uid: uid.to_owned(),
            version,
            fields: ElementFields::new(model),
        };
        Call::new(&self.client, update)
    }

    /// `DELETE /api/library-elements/{uid}`. Grafana refuses (403) to
    /// delete an element that dashboards still use.
    pub fn delete_library_element(&self, element_uid: &str) -> Call<C, Plain<Message>> {
        let request = Request::delete(element_path("element_uid", element_uid));
        plain(&self.client, request)
    }

    /// `GET /api/library-elements`: a page of elements. Options:
    /// [`search_string`](Call::search_string), [`kind`](Call::kind),
    /// [`sort_direction`](Call::sort_direction) (`alpha-asc`, `alpha-desc`),
    /// [`type_filter`](Call::type_filter), [`exclude_uid`](Call::exclude_uid),
    /// [`folder_filter`](Call::folder_filter) (folder ids),
    /// [`folder_filter_uids`](Call::folder_filter_uids) (folder uids),
    /// [`per_page`](Call::per_page)
    /// (server default 100), [`page`](Call::page) (from 1).
    ///
    /// The Python package concatenates the query by hand, unencoded; this
    /// form-encodes every value.
    pub fn list_library_elements(&self) -> Call<C, ListLibraryElements> {
        Call::new(&self.client, ListLibraryElements::default())
    }
}

/// The model and the options that create and update share.
#[derive(Debug)]
struct ElementFields {
    model: Result<Map<String, Value>>,
    name: Option<String>,
    kind: Option<i64>,
    folder_uid: Option<String>,
}

impl ElementFields {
    fn new(model: &(impl Serialize + ?Sized)) -> Self {
        let model = match to_json("model", model) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(other) => Err(Error::invalid_argument(
                "model",
                format!("must be a JSON object, not {other}"),
            )),
            Err(e) => Err(e),
        };
        ElementFields {
            model,
            name: None,
            kind: None,
            folder_uid: None,
        }
    }

    /// Grafana's body: `folderUid`, `uid`, `name` when known, `model`,
    /// `kind`, and `version` for an update. `uid` is `Ok` for an update's
    /// fixed uid, `Err` for a create's option (taken from the model when unset).
    fn body(
        self,
        uid: std::result::Result<String, Option<String>>,
        version: Option<i64>,
    ) -> Result<Map<String, Value>> {
        let given = self.model?;
        let mut body = Map::new();
        let folder = self
            .folder_uid
            .map(Value::from)
            .or_else(|| nested(&given, "meta", "folderUid"));
        let uid = match uid {
            Ok(fixed) => Some(Value::from(fixed)),
            Err(option) => option
                .map(Value::from)
                .or_else(|| nested(&given, "model", "uid")),
        };
        let name = self
            .name
            .map(Value::from)
            .or_else(|| nested(&given, "model", "title"));
        for (key, value) in [("folderUid", folder), ("uid", uid), ("name", name)] {
            if let Some(value) = value {
                body.insert(key.into(), value);
            }
        }
        let kind = self
            .kind
            .map(Value::from)
            .or_else(|| given.get("kind").filter(|k| !k.is_null()).cloned())
            .unwrap_or(Value::from(LibraryElementDto::PANEL));
        let model = match given.get("model") {
            Some(inner) if !inner.is_null() => inner.clone(),
            _ => Value::Object(given),
        };
        body.insert("model".into(), model);
        body.insert("kind".into(), kind);
        if let Some(version) = version {
            body.insert("version".into(), version.into());
        }
        Ok(body)
    }
}

/// A non-null value at `outer.inner` of a JSON object.
fn nested(map: &Map<String, Value>, outer: &str, inner: &str) -> Option<Value> {
    map.get(outer)
        .and_then(|o| o.get(inner))
        .filter(|v| !v.is_null())
        .cloned()
}

/// The `name`, `kind` and `folder_uid` options of create and update.
macro_rules! element_options {
    ($endpoint:ty) => {
        setters! { $endpoint;
            /// Name (else the model's `title`).
            name => fields.name: into String;
            /// 1 for a panel, 2 for a variable (else the given element's
            /// `kind`, else 1).
            kind => fields.kind: value i64;
            /// Folder to store it in (else the given element's `meta.folderUid`).
            folder_uid => fields.folder_uid: into String;
        }
    };
}

/// [`LibraryElement::create_library_element`]'s endpoint and options.
#[derive(Debug)]
pub struct CreateLibraryElement {
    fields: ElementFields,
    uid: Option<String>,
}

element_options!(CreateLibraryElement);

setters! { CreateLibraryElement;
    /// Uid of the new element (else the model's `uid`, else generated).
    uid: into String;
}

impl Endpoint for CreateLibraryElement {
    type Output = LibraryElementResponse;

    fn into_request(self) -> Request {
        let body = self.fields.body(Err(self.uid), None);
        Request::post(ApiPath::api().lit("library-elements")).try_json(body)
    }
}

/// [`LibraryElement::update_library_element`]'s endpoint and options.
#[derive(Debug)]
pub struct UpdateLibraryElement {
    uid: String,
    version: i64,
    fields: ElementFields,
}

element_options!(UpdateLibraryElement);

impl Endpoint for UpdateLibraryElement {
    type Output = LibraryElementResponse;

    fn into_request(self) -> Request {
        let path = element_path("uid", &self.uid);
        let body = self.fields.body(Ok(self.uid), Some(self.version));
        Request::new(http::Method::PATCH, path).try_json(body)
    }
}

/// [`LibraryElement::list_library_elements`]'s endpoint and options (the query).
#[derive(Serialize, Default, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct ListLibraryElements {
    search_string: Option<String>,
    kind: Option<i64>,
    sort_direction: Option<String>,
    type_filter: Option<String>,
    exclude_uid: Option<String>,
    folder_filter: Option<String>,
    #[serde(rename = "folderFilterUIDs")]
    folder_filter_uids: Option<String>,
    per_page: Option<i64>,
    page: Option<i64>,
}

setters! { ListLibraryElements;
    /// Only elements whose name or description contains this.
    search_string: into String;
    /// Only this kind (1 panels, 2 variables).
    kind: value i64;
    /// `alpha-asc` or `alpha-desc`.
    sort_direction: into String;
    /// Only these panel types, comma-separated (`timeseries,text`).
    type_filter: into String;
    /// Leave out the element with this uid.
    exclude_uid: into String;
    /// Only elements in these folders, by numeric folder id, comma-separated
    /// (`folderFilter`, deprecated by Grafana; `0` is the root). Grafana
    /// refuses (500) a request that also sets
    /// [`folder_filter_uids`](Call::folder_filter_uids).
    folder_filter: into String;
    /// Only elements in these folders, by folder uid, comma-separated
    /// (`folderFilterUIDs`; `general` is the root).
    folder_filter_uids: into String;
    /// Page size.
    per_page: value i64;
    /// Page number, from 1.
    page: value i64;
}

impl Endpoint for ListLibraryElements {
    type Output = LibraryElementSearchResponse;

    fn into_request(self) -> Request {
        Request::get(ApiPath::api().lit("library-elements")).query_options(&self)
    }
}
