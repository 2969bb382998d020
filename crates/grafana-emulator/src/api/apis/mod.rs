//! Grafana's Kubernetes-style App Platform API (`/apis`): discovery,
//! namespaces, and dashboards, folders and playlists as resources over the
//! same store as `/api`.
//!
//! Routes (`<ns>` a namespace, `<r>` a resource of the group):
//! - `GET /apis`, `GET /apis/<group>`, `GET /apis/<group>/<version>`
//!   (discovery: `APIGroupList`, `APIGroup`, `APIResourceList`);
//! - `GET|POST /apis/<group>/<version>/namespaces/<ns>/<r>` (list, create);
//! - `GET|PUT|PATCH|DELETE /apis/<group>/<version>/namespaces/<ns>/<r>/<name>`;
//! - `GET …/folders/<name>/parents`, `GET …/folders/<name>/counts`;
//! - other `GET /apis/…` paths of these shapes answer the apiserver's 404
//!   `Status` (cluster-wide lists are not served).
//!
//! Groups and versions by emulated release (see [`discovery`]):
//!
//! | Group | 11.6 | 12.x | 13.0 |
//! |---|---|---|---|
//! | `dashboard.grafana.app` | `v0alpha1` | `v1beta1`*, `v0alpha1`, `v2beta1` | `v1`*, `v1beta1`, `v0alpha1`, `v2`, `v2beta1` |
//! | `folder.grafana.app` | `v0alpha1` | `v1beta1`* | `v1`*, `v1beta1` |
//! | `playlist.grafana.app` | `v0alpha1` | `v0alpha1` | `v1`*, `v0alpha1` |
//!
//! (* = `preferredVersion`.) Sources: `apis.md` §3 (manifests, PRs #104009,
//! #120748, #117638). 11.6 serves only the experimental `v0alpha1` versions,
//! with the classic dashboard spec.
//!
//! Behaviour shared by the three groups, from Kubernetes' generic registry
//! (`k8s.io/apiserver pkg/registry/generic/registry/store.go`) as Grafana
//! uses it (`pkg/apiserver/registry/generic/strategy.go`):
//! - every error is a Kubernetes `Status` body ([`status`]);
//! - `metadata.resourceVersion` is one counter shared by every object: each
//!   write, through `/apis` or `/api`, gives the object a new, higher value
//!   (a write through `/api` is noticed at the next `/apis` request, by a
//!   fingerprint of the stored row: see [`Store`]); the list's
//!   `metadata.resourceVersion` is the counter;
//! - `PUT` without `resourceVersion` overwrites (`AllowUnconditionalUpdate`),
//!   with a stale one answers 409 `Conflict`; `PUT` to a missing name creates
//!   (`AllowCreateOnUpdate`); `POST` with a `resourceVersion` is 400;
//! - lists page with `limit` and an opaque `continue` token; pages may be
//!   short ([`crate::EmulatorBuilder::apis_max_page`]); tokens issued before
//!   [`crate::EmulatorHandle::expire_continue_tokens`] answer 410 `Expired`;
//! - `dryRun=All` validates and stores nothing.
//!
//! Namespaces (`authlib types/namespace.go` `ParseNamespace`, the
//! `org_id.go` authorizer in `pkg/services/apiserver/auth/authorizer`):
//! `default` is org 1, `org-N` org N; `org-1`, another org the caller is not
//! a member of, and stack or unknown namespaces answer 403 `Forbidden`.

pub(crate) mod dashboards;
pub(crate) mod discovery;
pub(crate) mod folders;
pub(crate) mod playlists;
mod selectors;

use std::collections::{BTreeMap, HashMap};

use axum::response::Response;
use base64::Engine;
use serde_json::{json, Map, Value};

use super::{respond, ApiResult, Ctx};
use crate::auth::{Caller, Identity};
use crate::clock::rfc3339;
use crate::role::{allows, Action, Role};
use crate::routes::Route;
use crate::state::{State, MAIN_ORG_ID};

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("GET", "/apis", discovery::groups),
    Route::new("GET", "/apis/{group}", discovery::group),
    Route::new("GET", "/apis/{group}/{version}", discovery::resources),
    // Cluster-wide lists and bare namespaces are not served (the dashboard
    // builder hides cross-tenant lists): the apiserver's 404 Status.
    Route::new("GET", "/apis/{group}/{version}/{resource}", not_served),
    Route::new("GET", "/apis/{group}/{version}/namespaces/{ns}", not_served),
    Route::new(
        "GET",
        "/apis/{group}/{version}/namespaces/{ns}/{resource}",
        list,
    ),
    Route::new(
        "POST",
        "/apis/{group}/{version}/namespaces/{ns}/{resource}",
        create,
    ),
    Route::new(
        "GET",
        "/apis/{group}/{version}/namespaces/{ns}/{resource}/{name}",
        get,
    ),
    Route::new(
        "PUT",
        "/apis/{group}/{version}/namespaces/{ns}/{resource}/{name}",
        replace,
    ),
    Route::new(
        "PATCH",
        "/apis/{group}/{version}/namespaces/{ns}/{resource}/{name}",
        patch,
    ),
    Route::new(
        "DELETE",
        "/apis/{group}/{version}/namespaces/{ns}/{resource}/{name}",
        delete,
    ),
    Route::new(
        "GET",
        "/apis/{group}/{version}/namespaces/{ns}/{resource}/{name}/{sub}",
        subresource,
    ),
];

// ---------------------------------------------------------------------------
// State

/// What `/apis` keeps next to the `/api` rows (held by
/// [`crate::state::State`]): the resourceVersion counter, per-object
/// metadata the legacy rows have no place for, playlists, and the epoch of
/// `continue` tokens.
#[derive(Debug, Default)]
pub(crate) struct Store {
    /// The last resourceVersion handed out (shared by all objects).
    pub(crate) rv: i64,
    /// Bumped by `expire_continue_tokens()`: tokens of an older epoch are
    /// answered with 410.
    pub(crate) continue_epoch: u64,
    /// (resource, org, name) → metadata of a dashboard, folder or playlist.
    pub(crate) objects: HashMap<(&'static str, i64, String), ObjMeta>,
    /// (dashboard id, version) → the resourceVersion of that history entry.
    pub(crate) history_rv: HashMap<(i64, i64), i64>,
    /// (org, name) → playlist (playlists live only under `/apis`).
    pub(crate) playlists: BTreeMap<(i64, String), playlists::Playlist>,
}

impl Store {
    /// The next resourceVersion.
    pub(crate) fn next_rv(&mut self) -> i64 {
        self.rv += 1;
        self.rv
    }
}

/// The `/apis` view of one stored object.
#[derive(Debug, Clone)]
pub(crate) struct ObjMeta {
    /// The row's id (ids are never reused: another id is another object).
    pub(crate) id: i64,
    /// A fingerprint of the row when `rv` was assigned: a row that changed
    /// since (a write through `/api`) gets a new resourceVersion.
    pub(crate) fingerprint: String,
    pub(crate) rv: i64,
    /// `metadata.uid` (internal; never used in paths).
    pub(crate) k8s_uid: String,
    /// Labels set through `/apis`.
    pub(crate) labels: Map<String, Value>,
    /// Annotations set through `/apis`, other than the ones the server
    /// computes (`grafana.app/folder`, `createdBy`, …).
    pub(crate) annotations: Map<String, Value>,
    /// A dashboard stored through a `v2*` version: its spec, valid while the
    /// dashboard is at `generation`.
    pub(crate) v2: Option<V2Stored>,
}

/// A v2 dashboard spec as stored.
#[derive(Debug, Clone)]
pub(crate) struct V2Stored {
    pub(crate) api_version: String,
    pub(crate) generation: i64,
    pub(crate) spec: Value,
}

/// Brings the metadata of one row up to date: a new row (or a new id under
/// the same name) gets fresh metadata and a resourceVersion, a changed
/// fingerprint a new resourceVersion. Returns the metadata.
pub(crate) fn touch<'a>(
    store: &'a mut Store,
    resource: &'static str,
    org: i64,
    name: &str,
    id: i64,
    fingerprint: String,
) -> &'a mut ObjMeta {
    let key = (resource, org, name.to_string());
    let stale = match store.objects.get(&key) {
        Some(m) if m.id == id => m.fingerprint != fingerprint,
        _ => {
            store.objects.remove(&key);
            true
        }
    };
    if stale {
        let rv = store.next_rv();
        let entry = store.objects.entry(key.clone()).or_insert_with(|| ObjMeta {
            id,
            fingerprint: String::new(),
            rv,
            k8s_uid: k8s_uid(),
            labels: Map::new(),
            annotations: Map::new(),
            v2: None,
        });
        entry.rv = rv;
        entry.fingerprint = fingerprint;
    }
    store.objects.get_mut(&key).expect("present")
}

/// Drops the metadata of `resource` rows of `org` that `keep` rejects (rows
/// deleted through `/api`).
pub(crate) fn forget_missing(
    store: &mut Store,
    resource: &'static str,
    org: i64,
    keep: impl Fn(&str, i64) -> bool,
) {
    store
        .objects
        .retain(|(r, o, name), m| *r != resource || *o != org || keep(name, m.id));
}

/// A random RFC 4122-shaped id for `metadata.uid`.
fn k8s_uid() -> String {
    let hex = |n: usize| -> String { (0..n).map(|_| fastrand::digit(16)).collect() };
    format!("{}-{}-4{}-a{}-{}", hex(8), hex(4), hex(3), hex(3), hex(12))
}

// ---------------------------------------------------------------------------
// Namespaces

/// The namespace of an org (`OrgNamespaceFormatter`): `default` for org 1,
/// `org-N` otherwise.
pub(crate) fn namespace_of(org: i64) -> String {
    if org == MAIN_ORG_ID {
        "default".into()
    } else {
        format!("org-{org}")
    }
}

/// `ParseNamespace` (authlib `types/namespace.go`): the org of a namespace,
/// or the reason the `org_id` authorizer gives for refusing it.
fn parse_namespace(ns: &str) -> Result<i64, String> {
    if ns == "default" {
        return Ok(MAIN_ORG_ID);
    }
    if let Some(id) = ns.strip_prefix("org-") {
        return match id.parse::<i64>() {
            Ok(1) => Err("error reading namespace: use default rather than org-1".into()),
            Ok(n) if n >= 1 => Ok(n),
            _ => Err("error reading namespace: invalid org id".into()),
        };
    }
    if ns.starts_with("stacks-") {
        return Err("using a stack namespace requires deployment with a fixed stack id".into());
    }
    Err("org id is required".into())
}

// ---------------------------------------------------------------------------
// Resources

/// What a request does, for authorization messages and RBAC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verb {
    Get,
    List,
    Create,
    Update,
    Patch,
    Delete,
}

impl Verb {
    fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "get",
            Verb::List => "list",
            Verb::Create => "create",
            Verb::Update => "update",
            Verb::Patch => "patch",
            Verb::Delete => "delete",
        }
    }
}

/// One resource type served under `/apis`.
pub(crate) struct ResourceDef {
    pub(crate) group: &'static str,
    /// Plural (path segment, `details.kind`).
    pub(crate) resource: &'static str,
    pub(crate) singular: &'static str,
    pub(crate) kind: &'static str,
    /// Versions served by an emulated release, preferred first (empty: the
    /// group is not served).
    pub(crate) versions: fn((u32, u32)) -> &'static [&'static str],
    pub(crate) read: Action,
    pub(crate) create: Action,
    pub(crate) write: Action,
    pub(crate) delete: Action,
    /// Brings the metadata of every row of the org up to date; returns the
    /// names in list order.
    pub(crate) sync: fn(&mut State, i64) -> Vec<String>,
    /// The object at the requested version (after [`ResourceDef::sync`]).
    pub(crate) get: fn(&State, &Scope, &str) -> Option<Value>,
    /// Validates and stores an object (create when `existing` is false);
    /// with `dry_run` only validates. Returns the stored (or would-be)
    /// object.
    pub(crate) save: SaveFn,
    /// Deletes (after a successful lookup).
    pub(crate) remove: fn(&mut State, &Scope, &str) -> Result<(), Response>,
}

/// A handler step's result carrying a JSON value.
pub(crate) type ValueResult = Result<Value, Response>;

/// [`ResourceDef::save`]: `(state, scope, name, object, existing, dry_run)`.
pub(crate) type SaveFn =
    fn(&mut State, &Scope, &str, Map<String, Value>, bool, bool) -> ValueResult;

/// Every resource type.
const RESOURCES: &[&ResourceDef] = &[&dashboards::DEF, &folders::DEF, &playlists::DEF];

/// The resource type of a group and plural, if the group is known.
fn find_resource(group: &str, resource: &str) -> Option<&'static ResourceDef> {
    RESOURCES
        .iter()
        .copied()
        .find(|d| d.group == group && d.resource == resource)
}

/// The versions of `group` served by the emulated release, preferred first.
pub(crate) fn group_versions(group: &str, version: (u32, u32)) -> &'static [&'static str] {
    RESOURCES
        .iter()
        .find(|d| d.group == group)
        .map_or(&[], |d| (d.versions)(version))
}

/// The groups served, in discovery order.
pub(crate) fn groups() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for d in RESOURCES {
        if !out.contains(&d.group) {
            out.push(d.group);
        }
    }
    out
}

/// The resource types of a group.
pub(crate) fn resources_of(group: &str) -> impl Iterator<Item = &'static ResourceDef> + '_ {
    RESOURCES.iter().copied().filter(move |d| d.group == group)
}

/// One authorized request on a resource: who, in which org and namespace,
/// at which version.
pub(crate) struct Scope {
    pub(crate) def: &'static ResourceDef,
    /// The API version of the path (`v1`, `v2beta1`, …).
    pub(crate) version: String,
    pub(crate) ns: String,
    pub(crate) org: i64,
    /// The caller, with `org_id` and `role` of the namespace's org.
    pub(crate) who: Identity,
    /// The emulated release.
    pub(crate) release: (u32, u32),
    /// Test clock, Unix seconds.
    pub(crate) now: i64,
    /// `?forceDeleteRules=true` (folder delete).
    pub(crate) force_delete_rules: bool,
}

impl Scope {
    /// `<group>/<version>`.
    pub(crate) fn api_version(&self) -> String {
        format!("{}/{}", self.def.group, self.version)
    }

    /// `<resource>.<group>` (Kubernetes' qualified resource).
    pub(crate) fn qualified(&self) -> String {
        format!("{}.{}", self.def.resource, self.def.group)
    }

    /// `Kind.group` (qualified kind, in `Invalid` messages).
    pub(crate) fn qualified_kind(&self) -> String {
        format!("{}.{}", self.def.kind, self.def.group)
    }

    /// 404 `NotFound` for `name`.
    pub(crate) fn not_found(&self, name: &str) -> Response {
        status(
            404,
            "NotFound",
            &format!("{} \"{name}\" not found", self.qualified()),
            Some(self.details(name)),
        )
    }

    /// 409 `AlreadyExists` for `name`.
    pub(crate) fn already_exists(&self, name: &str) -> Response {
        status(
            409,
            "AlreadyExists",
            &format!("{} \"{name}\" already exists", self.qualified()),
            Some(self.details(name)),
        )
    }

    /// 409 `Conflict` (`OptimisticLockErrorMsg`).
    pub(crate) fn conflict(&self, name: &str) -> Response {
        status(
            409,
            "Conflict",
            &format!(
                "Operation cannot be fulfilled on {} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
                self.qualified()
            ),
            Some(self.details(name)),
        )
    }

    /// 422 `Invalid` with one cause per `(reason, field, message)`
    /// (`apierrors.NewInvalid`: the message lists `field: message`).
    pub(crate) fn invalid(&self, name: &str, causes: &[(&str, &str, String)]) -> Response {
        let list: Vec<String> = causes.iter().map(|(_, f, m)| format!("{f}: {m}")).collect();
        let joined = if list.len() == 1 {
            list[0].clone()
        } else {
            format!("[{}]", list.join(", "))
        };
        let causes: Vec<Value> = causes
            .iter()
            .map(|(r, f, m)| json!({"reason": r, "message": m, "field": f}))
            .collect();
        status(
            422,
            "Invalid",
            &format!("{} \"{name}\" is invalid: {joined}", self.qualified_kind()),
            Some(
                json!({"name": name, "group": self.def.group, "kind": self.def.kind, "causes": causes}),
            ),
        )
    }

    /// `details` naming the object (`kind` is the plural resource, as the
    /// Kubernetes error constructors write it).
    pub(crate) fn details(&self, name: &str) -> Value {
        json!({"name": name, "group": self.def.group, "kind": self.def.resource})
    }
}

// ---------------------------------------------------------------------------
// Responses

/// A Kubernetes `Status` failure body (`metav1.Status`; `details` left out
/// when `None`).
pub(crate) fn status(code: u16, reason: &str, message: &str, details: Option<Value>) -> Response {
    let mut m = Map::new();
    m.insert("kind".into(), json!("Status"));
    m.insert("apiVersion".into(), json!("v1"));
    m.insert("metadata".into(), json!({}));
    m.insert("status".into(), json!("Failure"));
    m.insert("message".into(), json!(message));
    m.insert("reason".into(), json!(reason));
    if let Some(d) = details {
        m.insert("details".into(), d);
    }
    m.insert("code".into(), json!(code));
    respond::json(code, &Value::Object(m))
}

/// 400 `BadRequest`.
pub(crate) fn bad_request(message: &str) -> Response {
    status(400, "BadRequest", message, None)
}

/// 404 for a path no resource serves (the apiserver's `NotFound` handler).
pub(crate) fn unknown_path() -> Response {
    status(
        404,
        "NotFound",
        "the server could not find the requested resource",
        Some(json!({})),
    )
}

/// A `/apis` path that no resource serves.
fn not_served(_ctx: &Ctx) -> ApiResult {
    Err(unknown_path())
}

/// 401 `Unauthorized`.
fn unauthorized() -> Response {
    status(401, "Unauthorized", "Unauthorized", None)
}

/// The typed id the authorizers print: `user:<id>` / `service-account:<id>`.
fn typed_id(who: &Identity) -> String {
    if who.is_service_account {
        format!("service-account:{}", who.id)
    } else {
        format!("user:{}", who.id)
    }
}

// ---------------------------------------------------------------------------
// Request handling

/// The signed-in caller for `/apis` (401 `Status` otherwise).
pub(crate) fn caller<'c>(ctx: &'c Ctx<'_>) -> Result<&'c Identity, Response> {
    match &ctx.caller {
        Caller::Signed(id) => Ok(id),
        _ => Err(unauthorized()),
    }
}

/// Resolves the path (`{group}/{version}/namespaces/{ns}/{resource}`) and
/// authorizes `verb` for the caller in the namespace's org. `name` is the
/// object's name for messages (`""` for collection requests).
fn scope(ctx: &Ctx, verb: Verb, name: &str) -> Result<Scope, Response> {
    let group = ctx.param_at(0);
    let version = ctx.param_at(1);
    let ns = ctx.param_at(2);
    let resource = ctx.param_at(3);
    let release = ctx.version();
    let def = find_resource(group, resource)
        .filter(|d| (d.versions)(release).contains(&version))
        .ok_or_else(unknown_path)?;
    let who = caller(ctx)?;
    let qualified = format!("{}.{}", def.resource, def.group);
    let forbidden = |reason: &str| {
        let what = if name.is_empty() {
            format!("{qualified} is forbidden")
        } else {
            format!("{qualified} \"{name}\" is forbidden")
        };
        let mut msg = format!(
            "{what}: User \"{}\" cannot {} resource \"{}\" in API group \"{}\" in the namespace \"{ns}\"",
            who.login,
            verb.as_str(),
            def.resource,
            def.group
        );
        if !reason.is_empty() {
            msg.push_str(": ");
            msg.push_str(reason);
        }
        status(
            403,
            "Forbidden",
            &msg,
            Some(json!({"name": name, "group": def.group, "kind": def.resource})),
        )
    };
    let org = parse_namespace(ns).map_err(|r| forbidden(&r))?;
    // The caller's role in the namespace's org (org_id.go: members of the
    // org pass; a service account belongs to one org).
    let role: Option<Role> = {
        let st = ctx.app.state.read();
        if who.is_service_account {
            st.service_accounts
                .get(&who.id)
                .filter(|sa| sa.org_id == org)
                .map(|sa| sa.role)
                .ok_or(())
        } else {
            st.users
                .get(&who.id)
                .and_then(|u| u.orgs.get(&org).copied())
                .map(Some)
                .ok_or(())
        }
    }
    .map_err(|()| {
        forbidden(&format!(
            "{} ({}) is not a member of org {org}",
            typed_id(who),
            who.login
        ))
    })?;
    let action = match verb {
        Verb::Get | Verb::List => def.read,
        Verb::Create => def.create,
        Verb::Update | Verb::Patch => def.write,
        Verb::Delete => def.delete,
    };
    if !allows(role, action) {
        return Err(forbidden(""));
    }
    let mut who = who.clone();
    who.org_id = org;
    who.role = role;
    Ok(Scope {
        def,
        version: version.to_string(),
        ns: ns.to_string(),
        org,
        who,
        release,
        now: ctx.now,
        force_delete_rules: ctx.query.bool("forceDeleteRules"),
    })
}

/// `dryRun`: absent → false; `All` → true; anything else is the 422 the
/// options validation gives.
fn dry_run(ctx: &Ctx, options_kind: &str) -> Result<bool, Response> {
    let values = ctx.query.all("dryRun");
    if values.is_empty() {
        return Ok(false);
    }
    if let Some(bad) = values.iter().find(|v| **v != "All") {
        return Err(status(
            422,
            "Invalid",
            &format!(
                "{options_kind}.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: \"{bad}\": supported values: \"All\""
            ),
            Some(json!({"group": "meta.k8s.io", "kind": options_kind, "causes": [{
                "reason": "FieldValueNotSupported",
                "message": format!("Unsupported value: \"{bad}\": supported values: \"All\""),
                "field": "dryRun"
            }]})),
        ));
    }
    Ok(true)
}

/// The request body as a JSON object (400 `BadRequest` otherwise).
fn body_object(ctx: &Ctx) -> Result<Map<String, Value>, Response> {
    match serde_json::from_slice::<Value>(ctx.body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(bad_request(
            "couldn't get version/kind; json parse error: expected a JSON object",
        )),
        Err(e) => Err(bad_request(&format!(
            "couldn't get version/kind; json parse error: {e}"
        ))),
    }
}

/// Checks `apiVersion`, `kind` and `metadata.namespace` of a body against
/// the request (each may be absent).
fn check_body_identity(scope: &Scope, obj: &Map<String, Value>) -> Result<(), Response> {
    if let Some(v) = obj.get("apiVersion").and_then(Value::as_str) {
        if v != scope.api_version() {
            return Err(bad_request(&format!(
                "the API version in the data ({v}) does not match the expected API version ({})",
                scope.api_version()
            )));
        }
    }
    if let Some(k) = obj.get("kind").and_then(Value::as_str) {
        if k != scope.def.kind {
            return Err(bad_request(&format!(
                "the kind in the data ({k}) does not match the expected kind ({})",
                scope.def.kind
            )));
        }
    }
    let ns = obj
        .get("metadata")
        .and_then(|m| m.get("namespace"))
        .and_then(Value::as_str)
        .unwrap_or("");
    if !ns.is_empty() && ns != scope.ns {
        return Err(bad_request(
            "the namespace of the provided object does not match the namespace sent on the request",
        ));
    }
    Ok(())
}

/// A string field of `metadata`.
pub(crate) fn meta_str<'a>(obj: &'a Map<String, Value>, key: &str) -> &'a str {
    obj.get("metadata")
        .and_then(|m| m.get(key))
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// A string map of `metadata` (`labels`, `annotations`); non-string values
/// are dropped.
pub(crate) fn meta_map(obj: &Map<String, Value>, key: &str) -> Map<String, Value> {
    obj.get("metadata")
        .and_then(|m| m.get(key))
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter(|(_, v)| v.is_string())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Labels that cannot be stored (`newEvent` in unified storage: "can not
/// save label").
pub(crate) fn check_labels(labels: &Map<String, Value>) -> Result<(), Response> {
    for reserved in [
        "grafana.app/get-history",
        "grafana.app/get-trash",
        "grafana.app/fullpath",
    ] {
        if labels.contains_key(reserved) {
            return Err(bad_request(&format!("can not save label: {reserved}")));
        }
    }
    Ok(())
}

/// The common `metadata` of a stored object.
pub(crate) struct MetaOut<'a> {
    pub(crate) name: &'a str,
    pub(crate) ns: &'a str,
    pub(crate) meta: &'a ObjMeta,
    /// Overrides `meta.rv` (history entries).
    pub(crate) rv: Option<i64>,
    pub(crate) generation: i64,
    pub(crate) created: i64,
    pub(crate) updated: i64,
    pub(crate) created_by: String,
    pub(crate) updated_by: String,
    /// `grafana.app/folder` (`""`: none).
    pub(crate) folder: &'a str,
    /// `grafana.app/message` (`""`: none).
    pub(crate) message: &'a str,
    /// `grafana.app/deprecatedInternalID`.
    pub(crate) internal_id: Option<i64>,
}

impl MetaOut<'_> {
    /// The `metadata` object.
    pub(crate) fn to_json(&self) -> Value {
        let mut labels = self.meta.labels.clone();
        if let Some(id) = self.internal_id {
            labels.insert(
                "grafana.app/deprecatedInternalID".into(),
                json!(id.to_string()),
            );
        }
        let mut ann = Map::new();
        if !self.folder.is_empty() {
            ann.insert("grafana.app/folder".into(), json!(self.folder));
        }
        if !self.created_by.is_empty() {
            ann.insert("grafana.app/createdBy".into(), json!(self.created_by));
        }
        if !self.updated_by.is_empty() {
            ann.insert("grafana.app/updatedBy".into(), json!(self.updated_by));
        }
        ann.insert(
            "grafana.app/updatedTimestamp".into(),
            json!(rfc3339(self.updated)),
        );
        if !self.message.is_empty() {
            ann.insert("grafana.app/message".into(), json!(self.message));
        }
        for (k, v) in &self.meta.annotations {
            ann.entry(k.clone()).or_insert_with(|| v.clone());
        }
        let mut m = Map::new();
        m.insert("name".into(), json!(self.name));
        m.insert("namespace".into(), json!(self.ns));
        m.insert("uid".into(), json!(self.meta.k8s_uid));
        m.insert(
            "resourceVersion".into(),
            json!(self.rv.unwrap_or(self.meta.rv).to_string()),
        );
        m.insert("generation".into(), json!(self.generation));
        m.insert("creationTimestamp".into(), json!(rfc3339(self.created)));
        if !labels.is_empty() {
            m.insert("labels".into(), Value::Object(labels));
        }
        m.insert("annotations".into(), Value::Object(ann));
        Value::Object(m)
    }
}

/// `{apiVersion, kind, metadata, spec, status}`.
pub(crate) fn object(scope: &Scope, metadata: Value, spec: Value, status: Value) -> Value {
    let mut m = Map::new();
    m.insert("kind".into(), json!(scope.def.kind));
    m.insert("apiVersion".into(), json!(scope.api_version()));
    m.insert("metadata".into(), metadata);
    m.insert("spec".into(), spec);
    m.insert("status".into(), status);
    Value::Object(m)
}

/// The who of `grafana.app/createdBy`/`updatedBy` for a stored login or
/// service-account name: `user:<login>` for a user,
/// `service-account:<uid>` for a service account, `""` when unknown.
pub(crate) fn identity_ref(st: &State, org: i64, saved_by: &str) -> String {
    if saved_by.is_empty() {
        return String::new();
    }
    if let Some(sa) = st
        .service_accounts
        .values()
        .find(|s| s.org_id == org && (s.login == saved_by || s.name == saved_by))
    {
        return format!("service-account:{}", sa.uid);
    }
    if st.users.values().any(|u| u.login == saved_by) {
        return format!("user:{saved_by}");
    }
    String::new()
}

/// The name the `/api` rows record for who saved (a user's login; a
/// service account's name from Grafana 12).
pub(crate) fn saver_name(st: &State, who: &Identity, release: (u32, u32)) -> String {
    super::dashboards::identity_name(st, who, release)
}

/// The object returned by a dry run: the validated input with the
/// server-set metadata filled in (nothing stored).
pub(crate) fn preview(
    scope: &Scope,
    name: &str,
    input: &Map<String, Value>,
    existing: Option<&Value>,
    spec: Value,
) -> Value {
    let old_meta = existing.and_then(|e| e.get("metadata"));
    let mut meta = input
        .get("metadata")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    meta.remove("generateName");
    meta.insert("name".into(), json!(name));
    meta.insert("namespace".into(), json!(scope.ns));
    let pick =
        |k: &str, default: Value| old_meta.and_then(|m| m.get(k)).cloned().unwrap_or(default);
    meta.insert("uid".into(), pick("uid", json!(k8s_uid())));
    meta.insert("resourceVersion".into(), pick("resourceVersion", json!("")));
    let generation = old_meta
        .and_then(|m| m.get("generation"))
        .and_then(Value::as_i64)
        .map_or(1, |g| g + 1);
    meta.insert("generation".into(), json!(generation));
    meta.insert(
        "creationTimestamp".into(),
        pick("creationTimestamp", json!(rfc3339(scope.now))),
    );
    object(scope, Value::Object(meta), spec, json!({}))
}

/// A name for `generateName`: the prefix and five random characters, as
/// Kubernetes' name generator does.
fn generate_name(prefix: &str) -> String {
    let suffix: String = (0..5)
        .map(|_| {
            if fastrand::bool() {
                fastrand::char('a'..='z')
            } else {
                fastrand::char('0'..='9')
            }
        })
        .collect();
    format!("{prefix}{suffix}")
}

// ---------------------------------------------------------------------------
// Handlers

/// `GET …/<resource>`: a list, or (dashboards) the history with the
/// `grafana.app/get-history` label selector.
fn list(ctx: &Ctx) -> ApiResult {
    let scope = scope(ctx, Verb::List, "")?;
    let labels = selectors::LabelSelector::parse(ctx.query.get("labelSelector").unwrap_or(""))
        .map_err(|e| bad_request(&format!("unable to parse requirement: {e}")))?;
    let field_name = selectors::field_name(ctx.query.get("fieldSelector").unwrap_or(""))
        .map_err(|e| bad_request(&e))?;
    let mut st = ctx.app.state.write();
    let names = (scope.def.sync)(&mut st, scope.org);
    if let Some(target) = labels.history_target(field_name.as_deref(), scope.release) {
        if scope.def.resource != dashboards::DEF.resource {
            return Err(bad_request(&format!(
                "history is not supported for {}",
                scope.qualified()
            )));
        }
        let target = target.map_err(|e| bad_request(&e))?;
        let items = dashboards::history(&mut st, &scope, &target);
        return page_items(ctx, &st, &scope, items.into_iter().map(Ok));
    }
    let items = names
        .into_iter()
        .filter(|n| field_name.as_deref().is_none_or(|f| f == n))
        .map(|n| {
            let obj = (scope.def.get)(&st, &scope, &n);
            (n, obj)
        })
        .filter_map(|(n, obj)| obj.map(|o| (n, o)))
        .filter(|(_, o)| labels.matches(o))
        .map(Ok);
    page_items(ctx, &st, &scope, items)
}

/// The `continue` token: the last name served, the list's
/// resourceVersion and the epoch (base64 JSON, opaque to clients).
fn encode_continue(last: &str, rv: i64, epoch: u64) -> String {
    let raw = json!({"o": last, "v": rv, "e": epoch}).to_string();
    base64::engine::general_purpose::STANDARD.encode(raw)
}

/// One page of `items` (in key order) after the `continue` token.
fn page_items(
    ctx: &Ctx,
    st: &State,
    scope: &Scope,
    items: impl Iterator<Item = Result<(String, Value), Response>>,
) -> ApiResult {
    let epoch = st.apis.continue_epoch;
    let after = match ctx.query.get("continue").filter(|c| !c.is_empty()) {
        None => None,
        Some(tok) => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(tok)
                .ok()
                .and_then(|b| serde_json::from_slice::<Value>(&b).ok());
            let Some(t) = decoded else {
                return Err(bad_request(
                    "continue key is not valid: invalid continue token",
                ));
            };
            if t.get("e").and_then(Value::as_u64) != Some(epoch) {
                return Err(status(
                    410,
                    "Expired",
                    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.",
                    None,
                ));
            }
            Some(t.get("o").and_then(Value::as_str).unwrap_or("").to_string())
        }
    };
    let default_page = if scope.release >= (12, 2) { 500 } else { 50 };
    let limit = match ctx.query.int("limit") {
        l if l > 0 => l as usize,
        _ => default_page,
    };
    let page_size = match ctx.app.settings.apis_max_page {
        Some(max) if max > 0 => limit.min(max),
        _ => limit,
    };
    let list_rv = st.apis.rv;
    let mut out = Vec::new();
    let mut more = false;
    let mut last = String::new();
    for item in items {
        let (key, obj) = item?;
        if let Some(a) = &after {
            if key_le(&key, a) {
                continue;
            }
        }
        if out.len() == page_size {
            more = true;
            break;
        }
        last = key;
        out.push(obj);
    }
    let mut meta = Map::new();
    meta.insert("resourceVersion".into(), json!(list_rv.to_string()));
    if more {
        meta.insert(
            "continue".into(),
            json!(encode_continue(&last, list_rv, epoch)),
        );
    }
    let mut m = Map::new();
    m.insert("kind".into(), json!(format!("{}List", scope.def.kind)));
    m.insert("apiVersion".into(), json!(scope.api_version()));
    m.insert("metadata".into(), Value::Object(meta));
    m.insert("items".into(), Value::Array(out));
    Ok(respond::json(200, &Value::Object(m)))
}

/// Whether list key `key` comes at or before `after`. Keys of history pages
/// are zero-padded numbers, so plain string order works for both kinds.
fn key_le(key: &str, after: &str) -> bool {
    key <= after
}

/// `GET …/<resource>/<name>` (`?resourceVersion=` reads a history entry of
/// a dashboard).
fn get(ctx: &Ctx) -> ApiResult {
    let name = ctx.param_at(4).to_string();
    let scope = scope(ctx, Verb::Get, &name)?;
    let mut st = ctx.app.state.write();
    (scope.def.sync)(&mut st, scope.org);
    let current = (scope.def.get)(&st, &scope, &name).ok_or_else(|| scope.not_found(&name))?;
    let rv = ctx.query.get("resourceVersion").unwrap_or("");
    let current_rv = current["metadata"]["resourceVersion"]
        .as_str()
        .unwrap_or("");
    if rv.is_empty() || rv == "0" || rv == current_rv {
        return Ok(respond::json(200, &current));
    }
    if scope.def.resource == dashboards::DEF.resource {
        if let Some(old) = dashboards::at_resource_version(&mut st, &scope, &name, rv) {
            return Ok(respond::json(200, &old));
        }
    }
    Err(scope.not_found(&name))
}

/// `POST …/<resource>`: create (name or `generateName`).
fn create(ctx: &Ctx) -> ApiResult {
    let scope = scope(ctx, Verb::Create, "")?;
    let dry = dry_run(ctx, "CreateOptions")?;
    let obj = body_object(ctx)?;
    check_body_identity(&scope, &obj)?;
    if !meta_str(&obj, "resourceVersion").is_empty() {
        return Err(bad_request(
            "resourceVersion should not be set on objects to be created",
        ));
    }
    let mut st = ctx.app.state.write();
    let names = (scope.def.sync)(&mut st, scope.org);
    let name = match (meta_str(&obj, "name"), meta_str(&obj, "generateName")) {
        ("", "") => {
            return Err(scope.invalid(
                "",
                &[(
                    "FieldValueRequired",
                    "metadata.name",
                    "Required value: name or generateName is required".into(),
                )],
            ))
        }
        ("", prefix) => loop {
            let n = generate_name(prefix);
            if !names.contains(&n) {
                break n;
            }
        },
        (n, _) => n.to_string(),
    };
    if names.contains(&name) {
        return Err(scope.already_exists(&name));
    }
    let saved = (scope.def.save)(&mut st, &scope, &name, obj, false, dry)?;
    Ok(respond::json(201, &saved))
}

/// `PUT …/<resource>/<name>`: replace (creates a missing object).
fn replace(ctx: &Ctx) -> ApiResult {
    let name = ctx.param_at(4).to_string();
    let scope = scope(ctx, Verb::Update, &name)?;
    let dry = dry_run(ctx, "UpdateOptions")?;
    let obj = body_object(ctx)?;
    check_body_identity(&scope, &obj)?;
    let body_name = meta_str(&obj, "name");
    if body_name != name {
        return Err(bad_request(&format!(
            "the name of the object ({body_name}) does not match the name on the URL ({name})"
        )));
    }
    let mut st = ctx.app.state.write();
    (scope.def.sync)(&mut st, scope.org);
    let rv = meta_str(&obj, "resourceVersion").to_string();
    match (scope.def.get)(&st, &scope, &name) {
        Some(current) => {
            if !rv.is_empty() && current["metadata"]["resourceVersion"].as_str() != Some(&rv) {
                return Err(scope.conflict(&name));
            }
            let saved = (scope.def.save)(&mut st, &scope, &name, obj, true, dry)?;
            Ok(respond::json(200, &saved))
        }
        None => {
            if !rv.is_empty() {
                return Err(scope.not_found(&name));
            }
            if !allows(scope.who.role, scope.def.create) {
                return Err(status(
                    403,
                    "Forbidden",
                    &format!(
                        "{} \"{name}\" is forbidden: User \"{}\" cannot create resource \"{}\" in API group \"{}\" in the namespace \"{}\"",
                        scope.qualified(),
                        scope.who.login,
                        scope.def.resource,
                        scope.def.group,
                        scope.ns
                    ),
                    Some(scope.details(&name)),
                ));
            }
            let saved = (scope.def.save)(&mut st, &scope, &name, obj, false, dry)?;
            Ok(respond::json(201, &saved))
        }
    }
}

/// `PATCH …/<resource>/<name>` with a JSON merge patch or a JSON patch.
fn patch(ctx: &Ctx) -> ApiResult {
    let name = ctx.param_at(4).to_string();
    let scope = scope(ctx, Verb::Patch, &name)?;
    let ctype = ctx
        .header("content-type")
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let merge = match ctype.as_str() {
        "application/merge-patch+json" => true,
        "application/json-patch+json" => false,
        _ => {
            return Err(status(
                415,
                "UnsupportedMediaType",
                &format!(
                    "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json (got \"{ctype}\")"
                ),
                None,
            ))
        }
    };
    let dry = dry_run(ctx, "PatchOptions")?;
    let patch: Value = serde_json::from_slice(ctx.body)
        .map_err(|e| bad_request(&format!("error decoding patch: {e}")))?;
    let mut st = ctx.app.state.write();
    (scope.def.sync)(&mut st, scope.org);
    let current = (scope.def.get)(&st, &scope, &name).ok_or_else(|| scope.not_found(&name))?;
    let current_rv = current["metadata"]["resourceVersion"].clone();
    let patched = if merge {
        if !patch.is_object() {
            return Err(bad_request("a merge patch must be a JSON object"));
        }
        let mut doc = current.clone();
        merge_patch(&mut doc, &patch);
        doc
    } else {
        json_patch(&current, &patch).map_err(|e| {
            status(
                422,
                "Invalid",
                &format!(
                    "{} \"{name}\" is invalid: patch: {e}",
                    scope.qualified_kind()
                ),
                Some(scope.details(&name)),
            )
        })?
    };
    let Value::Object(obj) = patched else {
        return Err(bad_request("the patched document is not an object"));
    };
    if meta_str(&obj, "name") != name {
        return Err(bad_request(&format!(
            "the name of the object ({}) does not match the name on the URL ({name})",
            meta_str(&obj, "name")
        )));
    }
    // A resourceVersion in the patch is a precondition.
    if obj["metadata"]["resourceVersion"] != current_rv {
        return Err(scope.conflict(&name));
    }
    check_body_identity(&scope, &obj)?;
    let saved = (scope.def.save)(&mut st, &scope, &name, obj, true, dry)?;
    Ok(respond::json(200, &saved))
}

/// `DELETE …/<resource>/<name>`: 200 `Status` `Success`.
fn delete(ctx: &Ctx) -> ApiResult {
    let name = ctx.param_at(4).to_string();
    let scope = scope(ctx, Verb::Delete, &name)?;
    let dry = dry_run(ctx, "DeleteOptions")?;
    let mut st = ctx.app.state.write();
    (scope.def.sync)(&mut st, scope.org);
    let current = (scope.def.get)(&st, &scope, &name).ok_or_else(|| scope.not_found(&name))?;
    // DeleteOptions.preconditions.resourceVersion, when a body carries one.
    if let Ok(Value::Object(opts)) = serde_json::from_slice::<Value>(ctx.body) {
        let want = opts
            .get("preconditions")
            .and_then(|p| p.get("resourceVersion"))
            .and_then(Value::as_str);
        if let Some(want) = want {
            if current["metadata"]["resourceVersion"].as_str() != Some(want) {
                return Err(scope.conflict(&name));
            }
        }
    }
    if !dry {
        (scope.def.remove)(&mut st, &scope, &name)?;
        st.apis.next_rv();
        st.apis
            .objects
            .remove(&(scope.def.resource, scope.org, name.clone()));
    }
    let mut m = Map::new();
    m.insert("kind".into(), json!("Status"));
    m.insert("apiVersion".into(), json!("v1"));
    m.insert("metadata".into(), json!({}));
    m.insert("status".into(), json!("Success"));
    m.insert(
        "details".into(),
        json!({
            "name": name,
            "group": scope.def.group,
            "kind": scope.def.resource,
            "uid": current["metadata"]["uid"],
        }),
    );
    Ok(respond::json(200, &Value::Object(m)))
}

/// `GET …/<resource>/<name>/<sub>`: folder `parents` and `counts`.
fn subresource(ctx: &Ctx) -> ApiResult {
    let name = ctx.param_at(4).to_string();
    let sub = ctx.param_at(5).to_string();
    let scope = scope(ctx, Verb::Get, &name)?;
    let mut st = ctx.app.state.write();
    (scope.def.sync)(&mut st, scope.org);
    if (scope.def.get)(&st, &scope, &name).is_none() {
        return Err(scope.not_found(&name));
    }
    if scope.def.resource == folders::DEF.resource {
        match sub.as_str() {
            "parents" => return Ok(respond::json(200, &folders::parents(&st, &scope, &name))),
            "counts" => return Ok(respond::json(200, &folders::counts(&st, &scope, &name))),
            _ => {}
        }
    }
    Err(unknown_path())
}

// ---------------------------------------------------------------------------
// Patches

/// RFC 7386 JSON merge patch.
pub(crate) fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(t) = target {
        for (k, v) in p {
            if v.is_null() {
                t.remove(k);
            } else {
                merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
    }
}

/// RFC 6902 JSON patch (`add`, `remove`, `replace`, `move`, `copy`,
/// `test`).
pub(crate) fn json_patch(doc: &Value, patch: &Value) -> Result<Value, String> {
    let ops = patch
        .as_array()
        .ok_or_else(|| "a JSON patch must be an array of operations".to_string())?;
    let mut doc = doc.clone();
    for op in ops {
        let kind = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("operation {kind:?} has no path"))?;
        match kind {
            "add" => {
                let v = op.get("value").cloned().ok_or("add has no value")?;
                pointer_add(&mut doc, path, v)?;
            }
            "remove" => {
                pointer_remove(&mut doc, path)?;
            }
            "replace" => {
                let v = op.get("value").cloned().ok_or("replace has no value")?;
                let slot = doc.pointer_mut(path).ok_or_else(|| {
                    format!("replace operation does not apply: doc is missing key: {path}")
                })?;
                *slot = v;
            }
            "move" | "copy" => {
                let from = op
                    .get("from")
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("{kind} has no from"))?;
                let v = doc.pointer(from).cloned().ok_or_else(|| {
                    format!("{kind} operation does not apply: doc is missing from path: {from}")
                })?;
                if kind == "move" {
                    pointer_remove(&mut doc, from)?;
                }
                pointer_add(&mut doc, path, v)?;
            }
            "test" => {
                let v = op.get("value").ok_or("test has no value")?;
                if doc.pointer(path) != Some(v) {
                    return Err(format!("testing value {path} failed: test failed"));
                }
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(doc)
}

/// Splits a JSON pointer into its parent pointer and last token (decoded).
fn split_pointer(path: &str) -> Result<(&str, String), String> {
    let i = path
        .rfind('/')
        .ok_or_else(|| format!("invalid JSON pointer: {path:?}"))?;
    let last = path[i + 1..].replace("~1", "/").replace("~0", "~");
    Ok((&path[..i], last))
}

fn pointer_add(doc: &mut Value, path: &str, v: Value) -> Result<(), String> {
    if path.is_empty() {
        *doc = v;
        return Ok(());
    }
    let (parent, last) = split_pointer(path)?;
    let p = doc
        .pointer_mut(parent)
        .ok_or_else(|| format!("add operation does not apply: doc is missing path: {path}"))?;
    match p {
        Value::Object(m) => {
            m.insert(last, v);
            Ok(())
        }
        Value::Array(a) => {
            let idx = if last == "-" {
                a.len()
            } else {
                last.parse::<usize>()
                    .ok()
                    .filter(|i| *i <= a.len())
                    .ok_or_else(|| {
                        format!("add operation does not apply: index out of range: {path}")
                    })?
            };
            a.insert(idx, v);
            Ok(())
        }
        _ => Err(format!("add operation does not apply: {path}")),
    }
}

fn pointer_remove(doc: &mut Value, path: &str) -> Result<(), String> {
    let (parent, last) = split_pointer(path)?;
    let missing = || format!("remove operation does not apply: doc is missing path: {path}");
    match doc.pointer_mut(parent).ok_or_else(missing)? {
        Value::Object(m) => m.remove(&last).map(|_| ()).ok_or_else(missing),
        Value::Array(a) => {
            let i = last
                .parse::<usize>()
                .ok()
                .filter(|i| *i < a.len())
                .ok_or_else(missing)?;
            a.remove(i);
            Ok(())
        }
        _ => Err(missing()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_parse_as_authlib_does() {
        assert_eq!(parse_namespace("default"), Ok(1));
        assert_eq!(parse_namespace("org-7"), Ok(7));
        assert!(parse_namespace("org-1")
            .unwrap_err()
            .contains("use default rather than org-1"));
        assert!(parse_namespace("org-0")
            .unwrap_err()
            .contains("invalid org id"));
        assert!(parse_namespace("org-x")
            .unwrap_err()
            .contains("invalid org id"));
        assert!(parse_namespace("stacks-12").is_err());
        assert_eq!(parse_namespace("nope").unwrap_err(), "org id is required");
        assert_eq!(namespace_of(1), "default");
        assert_eq!(namespace_of(3), "org-3");
    }

    #[test]
    fn patches() {
        let mut doc = json!({"a": {"b": 1, "c": 2}, "d": [1]});
        merge_patch(&mut doc, &json!({"a": {"b": null, "e": 3}}));
        assert_eq!(doc, json!({"a": {"c": 2, "e": 3}, "d": [1]}));
        let out = json_patch(
            &doc,
            &json!([
                {"op": "add", "path": "/d/-", "value": 2},
                {"op": "replace", "path": "/a/c", "value": 9},
                {"op": "test", "path": "/a/e", "value": 3},
                {"op": "move", "from": "/a/e", "path": "/f"},
                {"op": "remove", "path": "/d/0"}
            ]),
        )
        .unwrap();
        assert_eq!(out, json!({"a": {"c": 9}, "d": [2], "f": 3}));
        assert!(json_patch(&out, &json!([{"op": "test", "path": "/f", "value": 4}])).is_err());
        assert!(json_patch(&out, &json!([{"op": "remove", "path": "/zz"}])).is_err());
        assert!(json_patch(&out, &json!({"op": "add"})).is_err());
    }
}
