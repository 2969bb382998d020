//! The shape of `/apis` objects and lists: [`Object`], [`ObjectMeta`],
//! [`List`], [`ListMeta`], and a delete's answer ([`Deleted`]).
//!
//! Every struct keeps the fields it does not name in `extra`, so an object
//! read, changed and written back loses nothing.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::resource::HasMetadata;
use crate::error::ApiStatus;

/// Annotation that holds the folder uid a dashboard or folder lives in.
pub const FOLDER_ANNOTATION: &str = "grafana.app/folder";
/// Annotation that holds the commit message of a write.
pub const MESSAGE_ANNOTATION: &str = "grafana.app/message";
/// Label that holds the legacy numeric id of a dashboard or folder.
pub const INTERNAL_ID_LABEL: &str = "grafana.app/deprecatedInternalID";

/// A Kubernetes-style object: `apiVersion`, `kind`, `metadata`, `spec` and
/// `status`. The typed kinds are aliases of it
/// ([`Dashboard`](super::Dashboard), [`Folder`](super::Folder), ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Object<Spec, Status = Value> {
    /// `<group>/<version>`; filled in by create and replace when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    /// The kind (`Dashboard`); filled in by create and replace when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// Name, namespace, versions, labels and annotations.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The desired state.
    pub spec: Spec,
    /// The observed state, when the server reports one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Fields this type does not name, kept as they came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl<Spec, Status> Object<Spec, Status> {
    /// A new object with this name and spec, ready for
    /// [`Api::create`](super::Api::create).
    pub fn new(name: impl Into<String>, spec: Spec) -> Self {
        Object {
            api_version: String::new(),
            kind: String::new(),
            metadata: ObjectMeta {
                name: Some(name.into()),
                ..ObjectMeta::default()
            },
            spec,
            status: None,
            extra: Map::new(),
        }
    }

    /// A new object whose name the server generates from this prefix
    /// (`metadata.generateName`).
    pub fn generate(prefix: impl Into<String>, spec: Spec) -> Self {
        let mut object = Object::new(String::new(), spec);
        object.metadata.name = None;
        object.metadata.generate_name = Some(prefix.into());
        object
    }

    /// `metadata.name` (for dashboards and folders, the Grafana uid); empty
    /// when unset.
    pub fn name(&self) -> &str {
        self.metadata.name.as_deref().unwrap_or("")
    }

    /// `metadata.resourceVersion`, when set.
    pub fn resource_version(&self) -> Option<&str> {
        self.metadata.resource_version.as_deref()
    }

    /// The folder uid (`grafana.app/folder` annotation), when set.
    pub fn folder(&self) -> Option<&str> {
        self.metadata.annotation(FOLDER_ANNOTATION)
    }

    /// Puts the object in this folder (`None`: at the root).
    pub fn set_folder(&mut self, folder_uid: Option<&str>) {
        self.metadata.set_annotation(FOLDER_ANNOTATION, folder_uid);
    }
}

impl<Spec, Status> HasMetadata for Object<Spec, Status> {
    fn metadata(&self) -> &ObjectMeta {
        &self.metadata
    }
    fn metadata_mut(&mut self) -> &mut ObjectMeta {
        &mut self.metadata
    }
}

/// `metadata` of an object (Kubernetes `ObjectMeta`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    /// The name; for dashboards and folders the Grafana uid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Prefix of a name the server generates on create.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generate_name: Option<String>,
    /// The namespace (`default`, `org-2`, `stacks-123`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Internal id of the object (not the Grafana uid; not used in paths).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Opaque version of the stored object; changes on every write. Sent
    /// back on replace, it makes the write fail with 409 when someone else
    /// wrote in between.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_version: Option<String>,
    /// Increments when the spec changes (the dashboard "version").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation: Option<i64>,
    /// When the object was created (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Option<String>,
    /// When the object was deleted (soft-deleted objects of a trash list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_timestamp: Option<String>,
    /// Labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
    /// Annotations (`grafana.app/folder`, `grafana.app/message`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
    /// Fields this type does not name (`managedFields`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ObjectMeta {
    /// One annotation's value.
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations.as_ref()?.get(key).map(String::as_str)
    }

    /// Sets (`Some`) or removes (`None`) an annotation.
    pub fn set_annotation(&mut self, key: &str, value: Option<&str>) {
        match value {
            Some(v) => {
                self.annotations
                    .get_or_insert_with(BTreeMap::new)
                    .insert(key.to_owned(), v.to_owned());
            }
            None => {
                if let Some(map) = &mut self.annotations {
                    map.remove(key);
                }
            }
        }
    }

    /// One label's value.
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels.as_ref()?.get(key).map(String::as_str)
    }
}

/// `metadata` of a list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListMeta {
    /// The token for the next page; absent or empty on the last page.
    #[serde(default, rename = "continue", skip_serializing_if = "Option::is_none")]
    pub continue_token: Option<String>,
    /// The collection's version at the time of the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_version: Option<String>,
    /// How many items are left after this page, when the server says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining_item_count: Option<i64>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One page of a list (`DashboardList`, `FolderList`, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(deserialize = "T: Deserialize<'de>", serialize = "T: Serialize"))]
pub struct List<T> {
    /// `<group>/<version>`.
    #[serde(default)]
    pub api_version: String,
    /// `DashboardList`, ...
    #[serde(default)]
    pub kind: String,
    /// The continue token and the collection's version.
    #[serde(default)]
    pub metadata: ListMeta,
    /// The objects of this page (a `null` list is empty).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub items: Vec<T>,
}

impl<T> List<T> {
    /// The token for the next page, when there is one (an empty token is
    /// none).
    pub fn next_token(&self) -> Option<&str> {
        self.metadata
            .continue_token
            .as_deref()
            .filter(|t| !t.is_empty())
    }
}

fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// What a delete answers: Grafana answers a Kubernetes `Status` for
/// dashboards and playlists, and the deleted object for folders.
#[derive(Debug, Clone, PartialEq)]
// A delete's answer is matched once; boxing the status would only add a
// step to every pattern.
#[allow(clippy::large_enum_variant)]
pub enum Deleted<K> {
    /// The deleted object (its last state).
    Object(Box<K>),
    /// A `Status` (`"status": "Success"`, `details.name`, ...).
    Status(ApiStatus),
}

impl<'de, K: DeserializeOwned> Deserialize<'de> for Deleted<K> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        if let Some(status) = ApiStatus::from_json(&value) {
            return Ok(Deleted::Status(status));
        }
        serde_json::from_value(value)
            .map(|k| Deleted::Object(Box::new(k)))
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_keep_unknown_fields() {
        let wire = json!({
            "apiVersion": "folder.grafana.app/v1", "kind": "Folder",
            "metadata": {"name": "f1", "namespace": "default", "resourceVersion": "7",
                "generation": 2, "managedFields": [{"manager": "curl"}],
                "annotations": {"grafana.app/folder": "parent"},
                "labels": {"grafana.app/deprecatedInternalID": "11"}},
            "spec": {"title": "F"}, "status": {}, "future": 1
        });
        let o: Object<Value> = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!(o.name(), "f1");
        assert_eq!(o.resource_version(), Some("7"));
        assert_eq!(o.folder(), Some("parent"));
        assert_eq!(o.metadata.label(INTERNAL_ID_LABEL), Some("11"));
        assert_eq!(serde_json::to_value(&o).unwrap(), wire);
    }

    #[test]
    fn lists_and_deletes_decode() {
        let l: List<Object<Value>> = serde_json::from_value(json!({
            "kind": "FolderList", "metadata": {"continue": ""}, "items": null
        }))
        .unwrap();
        assert!(l.items.is_empty());
        assert_eq!(l.next_token(), None);
        let l: List<Object<Value>> =
            serde_json::from_value(json!({"metadata": {"continue": "abc"}, "items": []})).unwrap();
        assert_eq!(l.next_token(), Some("abc"));
        let d: Deleted<Object<Value>> = serde_json::from_value(
            json!({"kind": "Status", "status": "Success", "details": {"name": "x"}}),
        )
        .unwrap();
        match d {
            Deleted::Status(s) => assert_eq!(s.details.unwrap().name.as_deref(), Some("x")),
            other => panic!("{other:?}"),
        }
        let d: Deleted<Object<Value>> = serde_json::from_value(
            json!({"kind": "Folder", "metadata": {"name": "f"}, "spec": {}}),
        )
        .unwrap();
        assert!(matches!(d, Deleted::Object(o) if o.name() == "f"));
    }

    #[test]
    fn folder_annotation_round_trip() {
        let mut o: Object<Value> = Object::new("a", json!({}));
        assert_eq!(o.folder(), None);
        o.set_folder(Some("p"));
        assert_eq!(o.folder(), Some("p"));
        o.set_folder(None);
        assert_eq!(o.folder(), None);
        let g: Object<Value> = Object::generate("dash-", json!({}));
        assert_eq!(g.metadata.name, None);
        assert_eq!(g.metadata.generate_name.as_deref(), Some("dash-"));
    }
}
