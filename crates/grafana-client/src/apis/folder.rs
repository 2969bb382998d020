//! Folders (`folder.grafana.app`): [`Folder`], its spec, and the `parents`
//! and `counts` subresources.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::api::Api;
use super::object::Object;
use crate::call::{Call, Client, Plain, Request};

/// A folder: `folder.grafana.app` `Folder`. The parent folder is the
/// `grafana.app/folder` annotation ([`Object::folder`],
/// [`Object::set_folder`]); moving a folder is changing it.
pub type Folder = Object<FolderSpec>;

/// `spec` of a folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FolderSpec {
    /// The title.
    #[serde(default)]
    pub title: String,
    /// The description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl FolderSpec {
    /// A spec with this title.
    pub fn new(title: impl Into<String>) -> Self {
        FolderSpec {
            title: title.into(),
            ..FolderSpec::default()
        }
    }
}

impl<C: Client> Api<Folder, C> {
    /// `GET …/folders/<name>/parents`: the folder's ancestors, as Grafana
    /// answers them (a `FolderInfoList`).
    pub fn parents(&self, name: &str) -> Call<C, Plain<Value>> {
        Call::new(
            &self.client,
            Plain::new(Request::get(self.target.item(name).lit("parents"))),
        )
    }

    /// `GET …/folders/<name>/counts`: how many dashboards, alert rules, ...
    /// the folder holds, as Grafana answers them.
    pub fn counts(&self, name: &str) -> Call<C, Plain<Value>> {
        Call::new(
            &self.client,
            Plain::new(Request::get(self.target.item(name).lit("counts"))),
        )
    }
}
