//! [`Api`]: the operations on one resource in one namespace, modelled on
//! kube-rs's `Api<K>` (`kube-client/src/api/core_methods.rs`), with the
//! requests built separately from sending (as `kube-core/src/request.rs`
//! does), so every operation's request can be inspected with
//! [`Call::into_request`].

use std::collections::VecDeque;
use std::marker::PhantomData;

use futures_util::Stream;
use http::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::object::{Deleted, List};
use super::params::{query_pairs, DeleteParams, ListParams, Patch, PatchParams, PostParams};
use super::resource::ApiResource;
use super::steps::{flow_call, BoxFuture, Ctx, Flow, Steps};
use crate::call::{Call, Client, Optional, Plain, Request};
use crate::error::{Error, Result};
use crate::paging::MAX_PAGES;
use crate::path::{ApiPath, PathBuilder};

/// Where an [`Api`] points: a resource and a namespace. Builds every
/// operation's request; sends nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    pub(crate) resource: ApiResource,
    /// The namespace, or why there is none (an org id below 1).
    pub(crate) namespace: std::result::Result<String, String>,
}

impl Target {
    /// `apis/<group>/<version>/namespaces/<ns>/<plural>`.
    fn collection(&self) -> PathBuilder {
        let (ns, why) = match &self.namespace {
            Ok(ns) => (ns.as_str(), None),
            Err(why) => ("-", Some(why.clone())),
        };
        let b = ApiPath::root()
            .lit("apis")
            .param("group", &self.resource.group)
            .param("version", &self.resource.version)
            .lit("namespaces")
            .param("namespace", ns)
            .param("resource", &self.resource.plural);
        match why {
            Some(why) => b.invalid("namespace", why),
            None => b,
        }
    }

    pub(crate) fn item(&self, name: &str) -> PathBuilder {
        self.collection().param("name", name)
    }

    /// Refuses a dry run where Grafana may write for real.
    fn dry_run_check(&self, path: PathBuilder, dry_run: bool) -> PathBuilder {
        if dry_run && !self.resource.dry_run_trusted() {
            path.invalid(
                "dry_run",
                format!(
                    "Grafana does not reliably honour dryRun for {}.{}; only dashboards, \
                     folders and playlists accept it",
                    self.resource.plural, self.resource.group
                ),
            )
        } else {
            path
        }
    }

    pub(crate) fn get(&self, name: &str) -> Request {
        Request::get(self.item(name))
    }

    pub(crate) fn get_at_version(&self, name: &str, resource_version: &str) -> Request {
        Request::get(self.item(name)).query("resourceVersion", resource_version)
    }

    pub(crate) fn list(&self, params: &ListParams) -> Request {
        with_query(Request::get(self.collection()), params)
    }

    pub(crate) fn history(&self, name: &str, form: HistoryForm, params: &ListParams) -> Request {
        let mut params = params.clone();
        match form {
            HistoryForm::NameSelector => {
                params.label_selector = Some("grafana.app/get-history=true".into());
                params.field_selector = Some(format!("metadata.name={name}"));
            }
            HistoryForm::NameInLabel => {
                params.label_selector = Some(format!("grafana.app/get-history={name}"));
                params.field_selector = None;
            }
        }
        let mut path = self.collection();
        // The name goes into selectors, where `,` `=` `!` `(` `)` and
        // spaces are syntax: only resource-name characters are taken.
        let selector_safe = name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if let Err(e) = crate::path::check_segment("name", name) {
            path = path.invalid("name", e.to_string());
        } else if !selector_safe {
            path = path.invalid(
                "name",
                format!("`{name}` is not a resource name (letters, digits, `-`, `_`, `.`)"),
            );
        }
        with_query(Request::get(path), &params)
    }

    pub(crate) fn create(&self, params: &PostParams, object: &impl Serialize) -> Request {
        let path = self.dry_run_check(self.collection(), params.dry_run);
        let body = self.body(object, None);
        with_query(Request::post(path), params).try_json(body)
    }

    pub(crate) fn replace(
        &self,
        name: &str,
        params: &PostParams,
        object: &impl Serialize,
    ) -> Request {
        let path = self.dry_run_check(self.item(name), params.dry_run);
        let body = self.body(object, Some(name));
        with_query(Request::new(Method::PUT, path), params).try_json(body)
    }

    pub(crate) fn patch(&self, name: &str, params: &PatchParams, patch: &Patch) -> Request {
        let path = self.dry_run_check(self.item(name), params.dry_run);
        with_query(Request::new(Method::PATCH, path), params)
            .json(patch.body())
            .header("content-type", patch.content_type())
    }

    pub(crate) fn delete(&self, name: &str, params: &DeleteParams) -> Request {
        let path = self.dry_run_check(self.item(name), params.dry_run);
        with_query(Request::delete(path), params)
    }

    /// The JSON of an object to write: `apiVersion` and `kind` of this
    /// resource; on create (`name` is `None`) no `resourceVersion`, and a
    /// `generateName` when there is no name; on replace the name of the path
    /// when the object has none.
    fn body(&self, object: &impl Serialize, name: Option<&str>) -> Result<Value> {
        let mut value = serde_json::to_value(object)
            .map_err(|e| Error::invalid_argument("object", format!("cannot be serialized: {e}")))?;
        let Some(map) = value.as_object_mut() else {
            return Err(Error::invalid_argument(
                "object",
                "must serialize to a JSON object",
            ));
        };
        map.insert("apiVersion".into(), self.resource.api_version().into());
        if !self.resource.kind.is_empty() {
            map.insert("kind".into(), self.resource.kind.as_ref().into());
        }
        let meta = map
            .entry("metadata")
            .or_insert_with(|| Value::Object(Default::default()));
        if meta.is_null() {
            *meta = Value::Object(Default::default());
        }
        let Some(meta) = meta.as_object_mut() else {
            return Err(Error::invalid_argument(
                "object",
                "`metadata` must be a JSON object",
            ));
        };
        let has = |meta: &serde_json::Map<String, Value>, k: &str| {
            meta.get(k)
                .and_then(Value::as_str)
                .is_some_and(|s| !s.is_empty())
        };
        match name {
            None => {
                // Kubernetes refuses a create that carries a resourceVersion.
                meta.remove("resourceVersion");
                if !has(meta, "name") {
                    meta.remove("name");
                    if !has(meta, "generateName") {
                        let prefix = format!("{}-", self.resource.kind.to_ascii_lowercase());
                        meta.insert("generateName".into(), prefix.into());
                    }
                }
            }
            Some(name) => {
                if !has(meta, "name") {
                    meta.insert("name".into(), name.into());
                }
            }
        }
        Ok(value)
    }
}

fn with_query(mut request: Request, params: &impl Serialize) -> Request {
    request.query.extend(query_pairs(params));
    request
}

/// Which form of history query the server wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HistoryForm {
    /// `labelSelector=grafana.app/get-history=true&fieldSelector=metadata.name=<name>`:
    /// Grafana 12 and later (documented in `resource-history.md`; the
    /// Grafana 12 frontend's dashboard versions list asks this way).
    NameSelector,
    /// `labelSelector=grafana.app/get-history=<name>`: Grafana 11 (unified
    /// storage's older `GetHistoryRequest`, which refused field selectors
    /// next to it).
    NameInLabel,
}

impl HistoryForm {
    /// The form a server of this version wants.
    pub fn for_version(version: &crate::GrafanaVersion) -> Self {
        if version.at_least(12, 0, 0) {
            HistoryForm::NameSelector
        } else {
            HistoryForm::NameInLabel
        }
    }
}

/// The operations on one resource (`K` is its object type) in one
/// namespace, async or blocking after the client `C`.
///
/// Get one from [`Apis`](super::Apis): `api.apis().dashboards_v1()`,
/// `.folders()`, `.playlists()`, `.dynamic(..)`.
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// use grafana_client::apis::{ListParams, Patch, PatchParams};
/// use serde_json::json;
/// let folders = api.apis().folders();
/// let page = folders.list(&ListParams::default().limit(50)).await?;
/// for f in &page.items {
///     println!("{} {}", f.name(), f.spec.title);
/// }
/// let renamed = folders
///     .patch("team-a", &PatchParams::default(), &Patch::Merge(json!({"spec": {"title": "Team A"}})))
///     .await?;
/// # Ok(()) }
/// ```
pub struct Api<K, C> {
    pub(crate) client: C,
    pub(crate) target: Target,
    _kind: PhantomData<fn() -> K>,
}

impl<K, C: Clone> Clone for Api<K, C> {
    fn clone(&self) -> Self {
        Api {
            client: self.client.clone(),
            target: self.target.clone(),
            _kind: PhantomData,
        }
    }
}

impl<K, C> std::fmt::Debug for Api<K, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Api")
            .field("resource", &self.target.resource)
            .field("namespace", &self.target.namespace)
            .finish()
    }
}

impl<K, C> Api<K, C>
where
    K: Serialize + DeserializeOwned + Send + 'static,
    C: Client,
{
    pub(crate) fn from_target(client: C, target: Target) -> Self {
        Api {
            client,
            target,
            _kind: PhantomData,
        }
    }

    /// The resource this points at.
    pub fn resource(&self) -> &ApiResource {
        &self.target.resource
    }

    /// The namespace this acts in (`default`, `org-2`, `stacks-12`); `None`
    /// when the client's org id maps to none (every call then fails with
    /// [`Error::InvalidArgument`] before sending).
    pub fn namespace(&self) -> Option<&str> {
        self.target.namespace.as_deref().ok()
    }

    /// The same resource in another namespace.
    pub fn within(mut self, namespace: impl Into<String>) -> Self {
        self.target.namespace = Ok(namespace.into());
        self
    }

    /// The same resource at another version (`v1beta1` on Grafana 12).
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.target.resource = self.target.resource.with_version(version.into());
        self
    }

    fn plain<T: DeserializeOwned + Send + 'static>(&self, request: Request) -> Call<C, Plain<T>> {
        Call::new(&self.client, Plain::new(request))
    }

    /// `GET …/<plural>/<name>`: one object.
    pub fn get(&self, name: &str) -> Call<C, Plain<K>> {
        self.plain(self.target.get(name))
    }

    /// Like [`get`](Self::get), with a 404 as `None`.
    pub fn get_opt(&self, name: &str) -> Call<C, Optional<Plain<K>>> {
        self.get(name).optional()
    }

    /// `GET …/<plural>/<name>?resourceVersion=<rv>`: the object as it was at
    /// that version (one entry of [`history`](Self::history)).
    pub fn get_at_version(&self, name: &str, resource_version: &str) -> Call<C, Plain<K>> {
        self.plain(self.target.get_at_version(name, resource_version))
    }

    /// `GET …/<plural>`: **one page** (`limit`, `continue`, selectors from
    /// `params`). The page may hold fewer than `limit` items even when more
    /// follow; go on while [`List::next_token`] is `Some`, or use
    /// [`list_all`](Self::list_all).
    pub fn list(&self, params: &ListParams) -> Call<C, Plain<List<K>>> {
        self.plain(self.target.list(params))
    }

    /// Every object, page after page over `continue` (pages of
    /// `params.limit`, short pages included: only a page without a token is
    /// the last). `.await`/`.send()` collects them; `.into_stream()` (async)
    /// and `.iter()` (blocking) walk lazily. An expired `continue` token ends
    /// the walk with an error for which [`Error::is_expired`] is true (start
    /// again from the first page). The walk also ends when the server
    /// answers the same token twice, or after [`MAX_PAGES`] pages.
    pub fn list_all(&self, params: &ListParams) -> Call<C, Flow<ListAll<K>>> {
        let target = self.target.clone();
        let params = params.clone();
        flow_call(
            &self.client,
            ListAll::new(move |token| {
                let mut p = params.clone();
                p.continue_token = token.map(str::to_owned);
                target.list(&p)
            }),
        )
    }

    /// `POST …/<plural>`: creates the object. Its `resourceVersion` is never
    /// sent; with no name, a `generateName` (the object's, or
    /// `<kind>-`) lets the server pick one. `apiVersion` and `kind` are set
    /// to this resource's.
    pub fn create(&self, params: &PostParams, object: &K) -> Call<C, Plain<K>> {
        self.plain(self.target.create(params, object))
    }

    /// `PUT …/<plural>/<name>`: replaces the object. With
    /// `metadata.resourceVersion` set (as read), a concurrent write makes it
    /// fail with 409 ([`Error::is_conflict`]); without, it overwrites. See
    /// [`update`](Self::update) for a read-modify-write that retries.
    pub fn replace(&self, name: &str, params: &PostParams, object: &K) -> Call<C, Plain<K>> {
        self.plain(self.target.replace(name, params, object))
    }

    /// `PATCH …/<plural>/<name>` with a JSON merge patch or a JSON patch.
    pub fn patch(&self, name: &str, params: &PatchParams, patch: &Patch) -> Call<C, Plain<K>> {
        self.plain(self.target.patch(name, params, patch))
    }

    /// `DELETE …/<plural>/<name>`.
    pub fn delete(&self, name: &str, params: &DeleteParams) -> Call<C, Plain<Deleted<K>>> {
        self.plain(self.target.delete(name, params))
    }

    /// The stored versions of one object, newest first, every page. The
    /// query's form follows the server's version ([`HistoryForm`]; detected
    /// once per client); read one entry in full with
    /// [`get_at_version`](Self::get_at_version).
    pub fn history(&self, name: &str) -> Call<C, Flow<History<K>>> {
        flow_call(
            &self.client,
            History {
                target: self.target.clone(),
                name: name.to_owned(),
                _kind: PhantomData,
            },
        )
    }

    /// One page of history in the given form.
    pub fn history_page(
        &self,
        name: &str,
        form: HistoryForm,
        params: &ListParams,
    ) -> Call<C, Plain<List<K>>> {
        self.plain(self.target.history(name, form, params))
    }

    /// Read-modify-write: reads the object, lets `modify` change it, and
    /// replaces it with the `resourceVersion` it read. On 409 `Conflict`
    /// (someone wrote in between) it reads again and re-applies `modify`, at
    /// most [`DEFAULT_UPDATE_ATTEMPTS`] times in all (set with
    /// [`Call::attempts`]); the last conflict is returned as the error.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// let saved = api
    ///     .apis()
    ///     .dashboards_v1()
    ///     .update("cpu", |d| d.spec.set_title("CPU (all hosts)"))
    ///     .attempts(3)
    ///     .await?;
    /// println!("generation {:?}", saved.metadata.generation);
    /// # Ok(()) }
    /// ```
    pub fn update<F>(&self, name: &str, modify: F) -> Call<C, Flow<Update<K, F>>>
    where
        F: FnMut(&mut K) + Send + 'static,
    {
        flow_call(
            &self.client,
            Update {
                target: self.target.clone(),
                name: name.to_owned(),
                modify,
                attempts: DEFAULT_UPDATE_ATTEMPTS,
                params: PostParams::default(),
                _kind: PhantomData,
            },
        )
    }
}

/// How many times [`Api::update`] tries by default.
pub const DEFAULT_UPDATE_ATTEMPTS: u32 = 5;

/// The read-modify-write of [`Api::update`].
pub struct Update<K, F> {
    target: Target,
    name: String,
    modify: F,
    attempts: u32,
    params: PostParams,
    _kind: PhantomData<fn() -> K>,
}

impl<K, F> std::fmt::Debug for Update<K, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Update")
            .field("target", &self.target)
            .field("name", &self.name)
            .field("attempts", &self.attempts)
            .finish()
    }
}

impl<C: Client, K, F> Call<C, Flow<Update<K, F>>> {
    /// Tries at most this many times (at least once).
    pub fn attempts(mut self, attempts: u32) -> Self {
        self.endpoint.0.attempts = attempts.max(1);
        self
    }

    /// Options of the replace (e.g. a field manager).
    pub fn params(mut self, params: PostParams) -> Self {
        self.endpoint.0.params = params;
        self
    }
}

impl<K, F> Steps for Update<K, F>
where
    K: Serialize + DeserializeOwned + Send + 'static,
    F: FnMut(&mut K) + Send + 'static,
{
    type Output = K;

    fn run(self, ctx: Ctx) -> BoxFuture<K> {
        let Update {
            target,
            name,
            mut modify,
            attempts,
            params,
            ..
        } = self;
        Box::pin(async move {
            let mut attempt = 1;
            loop {
                let mut object: K = ctx.execute(target.get(&name)).await?;
                modify(&mut object);
                match ctx.execute(target.replace(&name, &params, &object)).await {
                    Err(e) if e.is_conflict() && !e.is_already_exists() && attempt < attempts => {
                        tracing::debug!(attempt, "conflict on replace; reading again");
                        attempt += 1;
                    }
                    other => return other,
                }
            }
        })
    }
}

/// The walk of [`Api::history`].
pub struct History<K> {
    target: Target,
    name: String,
    _kind: PhantomData<fn() -> K>,
}

impl<K> std::fmt::Debug for History<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("History")
            .field("target", &self.target)
            .field("name", &self.name)
            .finish()
    }
}

impl<K: DeserializeOwned + Send + 'static> Steps for History<K> {
    type Output = Vec<K>;

    fn run(self, ctx: Ctx) -> BoxFuture<Vec<K>> {
        Box::pin(async move {
            // An unknown version gets the form Grafana documents.
            let form = match ctx.server_version().await {
                Ok(v) => HistoryForm::for_version(&v),
                Err(_) => HistoryForm::NameSelector,
            };
            let History { target, name, .. } = self;
            let walk = ListAll::<K>::new(move |token| {
                let params = ListParams {
                    continue_token: token.map(str::to_owned),
                    ..ListParams::default()
                };
                target.history(&name, form, &params)
            });
            walk.run(ctx).await
        })
    }
}

type PageRequest = Box<dyn Fn(Option<&str>) -> Request + Send + Sync>;

/// The walk over every page of a list; see [`Api::list_all`].
pub struct ListAll<K> {
    page: PageRequest,
    _kind: PhantomData<fn() -> K>,
}

impl<K> std::fmt::Debug for ListAll<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListAll").finish_non_exhaustive()
    }
}

/// Where a walk is.
struct WalkState<K> {
    ctx: Ctx,
    page: PageRequest,
    token: Option<String>,
    pages: u32,
    done: bool,
    buffer: VecDeque<K>,
}

impl<K: DeserializeOwned + Send + 'static> ListAll<K> {
    pub(crate) fn new(page: impl Fn(Option<&str>) -> Request + Send + Sync + 'static) -> Self {
        ListAll {
            page: Box::new(page),
            _kind: PhantomData,
        }
    }

    fn into_state(self, ctx: Ctx) -> WalkState<K> {
        WalkState {
            ctx,
            page: self.page,
            token: None,
            pages: 0,
            done: false,
            buffer: VecDeque::new(),
        }
    }
}

impl<K: DeserializeOwned + Send + 'static> WalkState<K> {
    /// The next page's request and what sends it, or `None` when done.
    fn fetch(&self) -> Option<BoxFuture<List<K>>> {
        if self.done || self.pages >= MAX_PAGES {
            return None;
        }
        let request = (self.page)(self.token.as_deref());
        let following = self.token.is_some();
        let ctx = self.ctx.clone();
        Some(Box::pin(async move {
            ctx.execute::<List<K>>(request)
                .await
                .map_err(|e| expired_if_gone(e, following))
        }))
    }

    /// Takes one page in.
    fn accept(&mut self, page: List<K>) {
        self.pages += 1;
        let next = page.next_token().map(str::to_owned);
        // A server that answers the same token again would loop forever.
        self.done = next.is_none() || next == self.token;
        self.token = next;
        self.buffer.extend(page.items);
    }
}

/// A 410 to a request that carried a `continue` token is the token's
/// expiry, even when the body is no Kubernetes `Status`.
pub(crate) fn expired_if_gone(e: Error, following: bool) -> Error {
    match e {
        Error::Api(mut api) if following && api.status == http::StatusCode::GONE => {
            if !matches!(api.reason(), Some("Expired" | "Gone")) {
                let mut status = api.api_status.take().unwrap_or_default();
                status.reason = Some("Expired".into());
                status.code.get_or_insert(410);
                api.api_status = Some(status);
            }
            Error::Api(api)
        }
        other => other,
    }
}

impl<K: DeserializeOwned + Send + 'static> Steps for ListAll<K> {
    type Output = Vec<K>;

    fn run(self, ctx: Ctx) -> BoxFuture<Vec<K>> {
        let mut state = self.into_state(ctx);
        Box::pin(async move {
            let mut all = Vec::new();
            while let Some(fetch) = state.fetch() {
                let page = fetch.await?;
                state.accept(page);
                all.extend(state.buffer.drain(..));
            }
            Ok(all)
        })
    }
}

impl<K: DeserializeOwned + Send + 'static> Call<crate::GrafanaApi, Flow<ListAll<K>>> {
    /// Every object as a stream: a page is fetched when the items before it
    /// are used up. The first error is the last item.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// use futures_util::TryStreamExt;
    /// use grafana_client::apis::ListParams;
    /// let mut all = std::pin::pin!(api.apis().dashboards_v1().list_all(&ListParams::default().limit(100)).into_stream());
    /// while let Some(d) = all.try_next().await? {
    ///     println!("{}", d.name());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn into_stream(self) -> impl Stream<Item = Result<K>> + Send + 'static {
        use crate::call::sealed::Sealed;
        let ctx = Ctx {
            core: self.client.core().clone(),
            options: self.options,
        };
        let state = self.endpoint.0.into_state(ctx);
        futures_util::stream::try_unfold(state, |mut state| async move {
            loop {
                if let Some(item) = state.buffer.pop_front() {
                    return Ok(Some((item, state)));
                }
                let Some(fetch) = state.fetch() else {
                    return Ok(None);
                };
                let page = fetch.await?;
                state.accept(page);
            }
        })
    }
}

impl<K: DeserializeOwned + Send + 'static> Call<crate::blocking::GrafanaApi, Flow<ListAll<K>>> {
    /// Every object as an iterator (the same as iterating the call): a page
    /// is fetched when the items before it are used up. The first error is
    /// the last item.
    pub fn iter(self) -> ListIter<K> {
        use crate::call::sealed::Sealed;
        let ctx = Ctx {
            core: self.client.core().clone(),
            options: self.options,
        };
        ListIter {
            state: self.endpoint.0.into_state(ctx),
            client: self.client,
            failed: false,
        }
    }
}

impl<K: DeserializeOwned + Send + 'static> IntoIterator
    for Call<crate::blocking::GrafanaApi, Flow<ListAll<K>>>
{
    type Item = Result<K>;
    type IntoIter = ListIter<K>;

    fn into_iter(self) -> ListIter<K> {
        self.iter()
    }
}

/// The blocking client's walk over every object of a list; see
/// [`Call::iter`].
pub struct ListIter<K> {
    client: crate::blocking::GrafanaApi,
    state: WalkState<K>,
    failed: bool,
}

impl<K> std::fmt::Debug for ListIter<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListIter")
            .field("pages", &self.state.pages)
            .field("buffered", &self.state.buffer.len())
            .field("done", &self.state.done)
            .finish()
    }
}

impl<K: DeserializeOwned + Send + 'static> Iterator for ListIter<K> {
    type Item = Result<K>;

    fn next(&mut self) -> Option<Result<K>> {
        loop {
            if let Some(item) = self.state.buffer.pop_front() {
                return Some(Ok(item));
            }
            if self.failed {
                return None;
            }
            let fetch = self.state.fetch()?;
            match self.client.block_on(fetch) {
                Ok(page) => self.state.accept(page),
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            }
        }
    }
}
