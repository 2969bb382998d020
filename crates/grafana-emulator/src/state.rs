//! The emulator's in-memory data: orgs, users, service accounts and tokens,
//! folders, dashboards and snapshots.
//!
//! All of it lives behind one `RwLock` in [`Shared`]; handlers take the lock,
//! do their work synchronously and release it before any `.await`.

use std::collections::{BTreeMap, HashMap};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use bytes::Bytes;

use crate::role::Role;
use crate::token;

/// Id of the default org, "Main Org.".
pub(crate) const MAIN_ORG_ID: i64 = 1;
/// Id of the built-in `admin` user.
pub(crate) const ADMIN_USER_ID: i64 = 1;

/// An organisation.
#[derive(Clone, Debug)]
pub(crate) struct Org {
    pub(crate) name: String,
}

/// A user who signs in with basic auth.
#[derive(Clone, Debug)]
pub(crate) struct User {
    pub(crate) id: i64,
    pub(crate) login: String,
    pub(crate) email: String,
    pub(crate) password: String,
    /// Display name (`name`); the login when not set.
    pub(crate) name: String,
    /// Org memberships; the first one (lowest id) is the default org.
    pub(crate) orgs: BTreeMap<i64, Role>,
    /// The org the user last switched to (`POST /api/user/using/{id}`):
    /// used when a request names no org. `None`: the first membership.
    pub(crate) current_org: Option<i64>,
    /// Grafana server admin ("Grafana Admin").
    pub(crate) is_admin: bool,
    /// Disabled by a server admin: cannot sign in.
    pub(crate) disabled: bool,
    /// Unix seconds.
    pub(crate) created: i64,
    /// Unix seconds.
    pub(crate) updated: i64,
}

/// A service account (in Grafana, a row of the user table: ids are shared
/// with users).
#[derive(Clone, Debug)]
pub(crate) struct ServiceAccount {
    pub(crate) id: i64,
    pub(crate) uid: String,
    pub(crate) org_id: i64,
    pub(crate) name: String,
    pub(crate) login: String,
    /// `None` is Grafana's `"None"` basic role (no permissions).
    pub(crate) role: Option<Role>,
    pub(crate) disabled: bool,
    /// Unix seconds (0 for accounts made outside the API).
    pub(crate) created: i64,
    /// Unix seconds.
    pub(crate) updated: i64,
}

/// A service-account token.
#[derive(Clone, Debug)]
pub(crate) struct SaToken {
    /// The token's id (`DELETE /api/serviceaccounts/{id}/tokens/{tokenId}`).
    pub(crate) id: i64,
    pub(crate) sa_id: i64,
    pub(crate) name: String,
    /// Unix seconds; `None` = never expires.
    pub(crate) expires: Option<i64>,
    /// Unix seconds (0 for tokens made outside the API).
    pub(crate) created: i64,
}

/// A folder. Nesting is recorded (`parent_uid`) but not otherwise modelled
/// (no `parents` chain, no depth limit).
#[derive(Clone, Debug)]
pub(crate) struct Folder {
    pub(crate) id: i64,
    pub(crate) uid: String,
    pub(crate) org_id: i64,
    pub(crate) title: String,
    /// `""` = at the root.
    pub(crate) parent_uid: String,
    pub(crate) description: String,
    pub(crate) version: i64,
    pub(crate) created: i64,
    pub(crate) updated: i64,
    pub(crate) created_by: String,
    pub(crate) updated_by: String,
}

/// A dashboard.
#[derive(Clone, Debug)]
pub(crate) struct Dashboard {
    pub(crate) id: i64,
    pub(crate) uid: String,
    pub(crate) title: String,
    /// `""` = the root ("General").
    pub(crate) folder_uid: String,
    pub(crate) version: i64,
    pub(crate) tags: Vec<String>,
    /// The dashboard JSON as saved (with `id`, `uid`, `title`, `version` set),
    /// serialized once when saved, keys sorted as Go writes them (see
    /// [`crate::json_order::sorted_json`]). A stored dashboard is immutable until the next save,
    /// so every `GET` answers from these bytes instead of cloning, sorting and
    /// serializing the JSON again.
    pub(crate) data_json: Bytes,
    pub(crate) created: i64,
    pub(crate) updated: i64,
    pub(crate) created_by: String,
    pub(crate) updated_by: String,
}

/// A dashboard snapshot.
#[derive(Clone, Debug)]
pub(crate) struct Snapshot {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) key: String,
    pub(crate) delete_key: String,
    pub(crate) org_id: i64,
    pub(crate) user_id: i64,
    pub(crate) external: bool,
    pub(crate) external_url: String,
    /// Unix seconds.
    pub(crate) expires: i64,
    pub(crate) created: i64,
    pub(crate) updated: i64,
    /// The complete `GET /api/snapshots/{key}` answer body, serialized once
    /// when the snapshot is created: everything in it (the dashboard, and the
    /// meta's `created` and `expires`) is immutable.
    pub(crate) get_body: Bytes,
}

/// Everything the emulator stores.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) orgs: BTreeMap<i64, Org>,
    pub(crate) users: BTreeMap<i64, User>,
    pub(crate) service_accounts: BTreeMap<i64, ServiceAccount>,
    /// Token string → token.
    pub(crate) tokens: HashMap<String, SaToken>,
    /// (org id, uid) → folder.
    pub(crate) folders: BTreeMap<(i64, String), Folder>,
    /// (org id, uid) → dashboard.
    pub(crate) dashboards: BTreeMap<(i64, String), Dashboard>,
    /// Snapshot id → snapshot.
    pub(crate) snapshots: BTreeMap<i64, Snapshot>,
    next_org_id: i64,
    next_user_id: i64,
    /// Folders and dashboards share one id sequence (Grafana's `dashboard`
    /// table holds both).
    next_dashboard_id: i64,
    next_snapshot_id: i64,
    next_token_id: i64,
    /// One store per API area (see `crate::api`), each owned by its module.
    pub(crate) datasources: crate::api::datasources::Store,
    pub(crate) datasource_proxy: crate::api::datasource_proxy::Store,
    pub(crate) annotations: crate::api::annotations::Store,
    pub(crate) library_elements: crate::api::library_elements::Store,
    /// Folder permissions (the folders area; folders themselves are above).
    pub(crate) folder_permissions: crate::api::folders::Store,
    pub(crate) dashboard_versions: crate::api::dashboard_versions::Store,
    pub(crate) teams: crate::api::teams::Store,
    pub(crate) user: crate::api::user::Store,
    pub(crate) users_admin: crate::api::users::Store,
    pub(crate) orgs_admin: crate::api::orgs::Store,
    pub(crate) plugins: crate::api::plugins::Store,
    pub(crate) alerting: crate::api::alerting::Store,
    pub(crate) removed: crate::api::removed::Store,
    /// The `/apis` view: resourceVersions, playlists, continue epoch.
    pub(crate) apis: crate::api::apis::Store,
}

impl State {
    /// Org 1 "Main Org." and the `admin` user (server admin, Admin of org 1).
    pub(crate) fn new(admin_password: &str) -> Self {
        let mut st = State {
            orgs: BTreeMap::new(),
            users: BTreeMap::new(),
            service_accounts: BTreeMap::new(),
            tokens: HashMap::new(),
            folders: BTreeMap::new(),
            dashboards: BTreeMap::new(),
            snapshots: BTreeMap::new(),
            next_org_id: MAIN_ORG_ID,
            next_user_id: ADMIN_USER_ID,
            next_dashboard_id: 1,
            next_snapshot_id: 1,
            next_token_id: 1,
            datasources: Default::default(),
            datasource_proxy: Default::default(),
            annotations: Default::default(),
            library_elements: Default::default(),
            folder_permissions: Default::default(),
            dashboard_versions: Default::default(),
            teams: Default::default(),
            user: Default::default(),
            users_admin: Default::default(),
            orgs_admin: Default::default(),
            plugins: Default::default(),
            alerting: Default::default(),
            removed: Default::default(),
            apis: Default::default(),
        };
        st.create_org("Main Org.");
        let id = st.alloc_user_id();
        st.users.insert(
            id,
            User {
                id,
                login: "admin".into(),
                email: "admin@localhost".into(),
                password: admin_password.into(),
                name: "admin".into(),
                orgs: BTreeMap::from([(MAIN_ORG_ID, Role::Admin)]),
                current_org: None,
                is_admin: true,
                disabled: false,
                created: 0,
                updated: 0,
            },
        );
        st
    }

    pub(crate) fn alloc_user_id(&mut self) -> i64 {
        let id = self.next_user_id;
        self.next_user_id += 1;
        id
    }

    pub(crate) fn alloc_dashboard_id(&mut self) -> i64 {
        let id = self.next_dashboard_id;
        self.next_dashboard_id += 1;
        id
    }

    pub(crate) fn alloc_snapshot_id(&mut self) -> i64 {
        let id = self.next_snapshot_id;
        self.next_snapshot_id += 1;
        id
    }

    /// Creates an org; the built-in admin becomes its Admin (as when a server
    /// admin creates an org through `POST /api/orgs`).
    pub(crate) fn create_org(&mut self, name: &str) -> i64 {
        let id = self.next_org_id;
        self.next_org_id += 1;
        self.orgs.insert(id, Org { name: name.into() });
        if let Some(admin) = self.users.get_mut(&ADMIN_USER_ID) {
            admin.orgs.insert(id, Role::Admin);
        }
        id
    }

    /// Adds a user with `role` in `org_id`; if the login exists, adds (or
    /// changes) that user's membership instead and keeps the old password.
    pub(crate) fn add_user(&mut self, login: &str, password: &str, org_id: i64, role: Role) -> i64 {
        if let Some(u) = self.users.values_mut().find(|u| u.login == login) {
            u.orgs.insert(org_id, role);
            return u.id;
        }
        let id = self.alloc_user_id();
        self.users.insert(
            id,
            User {
                id,
                login: login.into(),
                email: if login.contains('@') {
                    login.into()
                } else {
                    format!("{login}@localhost")
                },
                password: password.into(),
                name: login.into(),
                orgs: BTreeMap::from([(org_id, role)]),
                current_org: None,
                is_admin: false,
                disabled: false,
                created: 0,
                updated: 0,
            },
        );
        id
    }

    /// Creates a service account. The login is `sa-<org>-<slug of name>`, as
    /// Grafana builds it (`pkg/services/serviceaccounts/database`).
    pub(crate) fn create_service_account(
        &mut self,
        org_id: i64,
        name: &str,
        role: Option<Role>,
        disabled: bool,
    ) -> i64 {
        let id = self.alloc_user_id();
        let sa = ServiceAccount {
            id,
            uid: crate::ids::generate_uid(),
            org_id,
            name: name.into(),
            login: format!("sa-{org_id}-{}", crate::ids::slugify(name)),
            role,
            disabled,
            created: 0,
            updated: 0,
        };
        self.service_accounts.insert(id, sa);
        id
    }

    /// Issues a token for service account `sa_id`; returns (token id, key).
    pub(crate) fn create_token(
        &mut self,
        sa_id: i64,
        name: &str,
        expires: Option<i64>,
    ) -> (i64, String) {
        let id = self.next_token_id;
        self.next_token_id += 1;
        let key = token::new_sa_token();
        self.tokens.insert(
            key.clone(),
            SaToken {
                id,
                sa_id,
                name: name.into(),
                expires,
                created: 0,
            },
        );
        (id, key)
    }

    /// Folders of one org, in uid order.
    pub(crate) fn org_folders(&self, org_id: i64) -> impl Iterator<Item = &Folder> {
        self.folders
            .range((org_id, String::new())..(org_id + 1, String::new()))
            .map(|(_, f)| f)
    }

    /// Dashboards of one org, in uid order.
    pub(crate) fn org_dashboards(&self, org_id: i64) -> impl Iterator<Item = &Dashboard> {
        self.dashboards
            .range((org_id, String::new())..(org_id + 1, String::new()))
            .map(|(_, d)| d)
    }

    pub(crate) fn folder(&self, org_id: i64, uid: &str) -> Option<&Folder> {
        self.folders.get(&(org_id, uid.to_string()))
    }

    pub(crate) fn dashboard(&self, org_id: i64, uid: &str) -> Option<&Dashboard> {
        self.dashboards.get(&(org_id, uid.to_string()))
    }

    /// Whether a folder or dashboard of `org_id` uses `uid`.
    pub(crate) fn uid_taken(&self, org_id: i64, uid: &str) -> bool {
        self.folder(org_id, uid).is_some() || self.dashboard(org_id, uid).is_some()
    }

    /// Login of a user or service account, or `"Anonymous"` (Grafana's text
    /// for an unknown creator).
    pub(crate) fn login_of(&self, id: i64) -> String {
        if let Some(u) = self.users.get(&id) {
            return u.login.clone();
        }
        if let Some(sa) = self.service_accounts.get(&id) {
            return sa.login.clone();
        }
        "Anonymous".into()
    }
}

/// The lock around [`State`].
#[derive(Debug)]
pub(crate) struct Shared {
    inner: RwLock<State>,
}

impl Shared {
    pub(crate) fn new(state: State) -> Self {
        Self {
            inner: RwLock::new(state),
        }
    }

    pub(crate) fn read(&self) -> RwLockReadGuard<'_, State> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }
}
