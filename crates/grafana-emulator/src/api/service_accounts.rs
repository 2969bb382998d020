//! Service accounts and their tokens.
//!
//! | Route | Handler |
//! |---|---|
//! | `POST /api/serviceaccounts` | [`create`] |
//! | `GET /api/serviceaccounts/search` | [`search`] |
//! | `GET /api/serviceaccounts/{id}` | [`get`] |
//! | `PATCH /api/serviceaccounts/{id}` | [`update`] |
//! | `DELETE /api/serviceaccounts/{id}` | [`delete`] |
//! | `GET /api/serviceaccounts/{id}/tokens` | [`list_tokens`] |
//! | `POST /api/serviceaccounts/{id}/tokens` | [`create_token`] |
//! | `DELETE /api/serviceaccounts/{id}/tokens/{tokenId}` | [`delete_token`] |
//!
//! Sources: `pkg/services/serviceaccounts/api/api.go`
//! (`RegisterAPIEndpoints`, `CreateServiceAccount`, `RetrieveServiceAccount`,
//! `UpdateServiceAccount`, `DeleteServiceAccount`,
//! `SearchOrgServiceAccountsWithPaging`), `pkg/services/serviceaccounts/api/token.go`
//! (`ListTokens`, `CreateToken`, `DeleteToken`, `TokenDTO`) and
//! `pkg/services/serviceaccounts/models.go` (the errutil errors, the DTOs and
//! the search filters). Every route sits behind `ReqOrgAdmin` plus an RBAC
//! action, so the RBAC denial comes before any id or body check.

use serde_json::{json, Map, Value};

use super::{ApiResult, Ctx};
use crate::api::{body, respond};
use crate::role::{Action, Evaluator, Role};
use crate::routes::Route;
use crate::state::{SaToken, ServiceAccount, State};

/// `serviceaccounts:delete` (fixed role `serviceaccounts:writer`, granted to
/// org Admins).
const SERVICE_ACCOUNTS_DELETE: Action = Action::new("serviceaccounts:delete", Role::Admin);

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("POST", "/api/serviceaccounts", create),
    Route::new("GET", "/api/serviceaccounts/search", search),
    Route::new("GET", "/api/serviceaccounts/{serviceAccountId}", get),
    Route::new("PATCH", "/api/serviceaccounts/{serviceAccountId}", update),
    Route::new("DELETE", "/api/serviceaccounts/{serviceAccountId}", delete),
    Route::new(
        "GET",
        "/api/serviceaccounts/{serviceAccountId}/tokens",
        list_tokens,
    ),
    Route::new(
        "POST",
        "/api/serviceaccounts/{serviceAccountId}/tokens",
        create_token,
    ),
    Route::new(
        "DELETE",
        "/api/serviceaccounts/{serviceAccountId}/tokens/{tokenId}",
        delete_token,
    ),
];

fn bad() -> axum::response::Response {
    respond::message(400, "Bad request data")
}

fn role_name(r: Option<Role>) -> &'static str {
    r.map_or("None", Role::as_str)
}

/// `serviceaccounts.ErrServiceAccountNotFound` (`models.go`).
fn sa_not_found() -> axum::response::Response {
    respond::errutil(
        404,
        "service account not found",
        "serviceaccounts.ErrNotFound",
    )
}

/// The `{serviceAccountId}` path parameter: `strconv.ParseInt` failing is
/// 400 with `msg` (the handlers spell it differently: `token.go` and
/// `RetrieveServiceAccount` write "Service Account ID is invalid",
/// `DeleteServiceAccount` "Service account ID is invalid").
fn sa_id(ctx: &Ctx, msg: &str) -> Result<i64, axum::response::Response> {
    ctx.param().parse().map_err(|_| respond::message(400, msg))
}

/// The account `id` of org `org`, or the errutil 404 (`RetrieveServiceAccount`
/// of the store filters by org, so another org's account is "not found").
fn account_in(st: &State, org: i64, id: i64) -> Result<&ServiceAccount, axum::response::Response> {
    st.service_accounts
        .get(&id)
        .filter(|s| s.org_id == org)
        .ok_or_else(sa_not_found)
}

/// A service account's avatar: `dtos.GetGravatarUrlWithDefault("", name)`
/// (`pkg/services/serviceaccounts/database` builds the DTOs this way).
fn avatar(sa: &ServiceAccount) -> String {
    crate::avatar::gravatar_url_with_default("", &sa.name)
}

fn token_count(st: &State, sa_id: i64) -> usize {
    st.tokens.values().filter(|t| t.sa_id == sa_id).count()
}

/// `accessControl` when `?accesscontrol=true` (`getAccessControlMetadata`):
/// the caller's actions scoped to this account. Org Admins hold the fixed
/// `serviceaccounts:writer` role, i.e. these five actions; anyone else
/// reaching the route holds none of them in OSS.
fn access_control(ctx: &Ctx, role: Option<Role>) -> Option<Value> {
    if !ctx.query.bool("accesscontrol") {
        return None;
    }
    let mut m = Map::new();
    if role == Some(Role::Admin) {
        for a in [
            "serviceaccounts.permissions:read",
            "serviceaccounts.permissions:write",
            "serviceaccounts:delete",
            "serviceaccounts:read",
            "serviceaccounts:write",
        ] {
            m.insert(a.into(), Value::Bool(true));
        }
    }
    Some(Value::Object(m))
}

/// `ServiceAccountDTO` in Grafana's field order (`isExternal` is omitted
/// when false; `accessControl` when empty or not asked for).
fn dto(st: &State, sa: &ServiceAccount, ac: Option<&Value>) -> Value {
    let mut v = json!({
        "id": sa.id,
        "uid": sa.uid,
        "name": sa.name,
        "login": sa.login,
        "orgId": sa.org_id,
        "isDisabled": sa.disabled,
        "role": role_name(sa.role),
        "tokens": token_count(st, sa.id),
        "avatarUrl": avatar(sa),
    });
    if let (Some(ac), Some(obj)) = (ac, v.as_object_mut()) {
        if ac.as_object().is_some_and(|m| !m.is_empty()) {
            obj.insert("accessControl".into(), ac.clone());
        }
    }
    v
}

/// `ServiceAccountProfileDTO` (answer of `GET` and `serviceaccount` of
/// `PATCH`): `tokens` is omitted when 0 and `accessControl` when empty
/// (both `omitempty`); `teams` is always `[]` here (teams of service
/// accounts are not modelled).
fn profile(st: &State, sa: &ServiceAccount, ac: Option<&Value>) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(sa.id));
    m.insert("uid".into(), json!(sa.uid));
    m.insert("name".into(), json!(sa.name));
    m.insert("login".into(), json!(sa.login));
    m.insert("orgId".into(), json!(sa.org_id));
    m.insert("isDisabled".into(), json!(sa.disabled));
    m.insert("createdAt".into(), json!(crate::clock::rfc3339(sa.created)));
    m.insert("updatedAt".into(), json!(crate::clock::rfc3339(sa.updated)));
    m.insert("avatarUrl".into(), json!(avatar(sa)));
    m.insert("role".into(), json!(role_name(sa.role)));
    m.insert("teams".into(), json!([]));
    let tokens = token_count(st, sa.id);
    if tokens > 0 {
        m.insert("tokens".into(), json!(tokens));
    }
    if let Some(ac) = ac.filter(|a| a.as_object().is_some_and(|m| !m.is_empty())) {
        m.insert("accessControl".into(), ac.clone());
    }
    Value::Object(m)
}

/// `POST /api/serviceaccounts` `{name, role?, isDisabled?}`: needs
/// `serviceaccounts:create`. 400 `Bad request data` when the body does not
/// bind or `name` is empty (`binding:"Required"`); 400
/// `serviceaccounts.ErrInvalidRoleSpecified` for an unknown role; 403
/// `serviceaccounts.ErrRoleForbidden` for a role above the caller's; 400
/// `serviceaccounts.ErrAlreadyExists` for a name already used in the org.
/// `role` defaults to Viewer. 201 `ServiceAccountDTO`.
pub(crate) fn create(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::SERVICE_ACCOUNTS_CREATE))?;
    let body = body::parse_object(ctx.body).ok_or_else(bad)?;
    let name = body::str_field(&body, "name").ok_or_else(bad)?;
    let role = body::str_field(&body, "role").ok_or_else(bad)?;
    let disabled = body::bool_field(&body, "isDisabled").ok_or_else(bad)?;
    if name.is_empty() {
        return Err(bad());
    }
    let role = parse_role(&role, Some(Role::Viewer))?;
    if role > who.role {
        return Err(role_forbidden());
    }
    let mut st = ctx.app.state.write();
    if st
        .service_accounts
        .values()
        .any(|s| s.org_id == who.org_id && s.name == name)
    {
        return Err(respond::errutil(
            400,
            "service account already exists",
            "serviceaccounts.ErrAlreadyExists",
        ));
    }
    let id = st.create_service_account(who.org_id, &name, role, disabled);
    if let Some(sa) = st.service_accounts.get_mut(&id) {
        sa.created = ctx.now;
        sa.updated = ctx.now;
    }
    let sa = st.service_accounts[&id].clone();
    Ok(respond::json(201, &dto(&st, &sa, None)))
}

/// A role name as `org.RoleType.IsValid` reads it: `""` → `empty`, `"None"`
/// → no role, else one of the three basic roles or the errutil 400
/// `serviceaccounts.ErrInvalidRoleSpecified`.
fn parse_role(name: &str, empty: Option<Role>) -> Result<Option<Role>, axum::response::Response> {
    match name {
        "" => Ok(empty),
        "None" => Ok(None),
        other => Role::parse(other).map(Some).ok_or_else(|| {
            respond::errutil(
                400,
                "invalid role specified",
                "serviceaccounts.ErrInvalidRoleSpecified",
            )
        }),
    }
}

/// `serviceaccounts.ErrServiceAccountRolePrivilegeDenied`.
fn role_forbidden() -> axum::response::Response {
    respond::errutil(
        403,
        "can not assign a role higher than user's role",
        "serviceaccounts.ErrRoleForbidden",
    )
}

/// `GET /api/serviceaccounts/search?query&perpage&page&disabled&expiredTokens`:
/// needs `serviceaccounts:read`. `query` is a case-insensitive substring of
/// name or login; `perpage` ≤ 0 → 1000; `page` < 1 → 1
/// (`SearchOrgServiceAccountsWithPaging`). `expiredTokens=true` keeps only
/// accounts with an expired token, `disabled=true` only disabled accounts
/// (when both are set, `disabled` wins: the handler sets that filter last).
/// 200 `{"totalCount","serviceAccounts","page","perPage"}`.
pub(crate) fn search(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::SERVICE_ACCOUNTS_READ))?;
    let query = ctx.query.get("query").unwrap_or("").to_lowercase();
    let per_page = match ctx.query.int("perpage") {
        p if p < 1 => 1000,
        p => p,
    };
    let page = ctx.query.int("page").max(1);
    let only_disabled = ctx.query.bool("disabled");
    let only_expired = !only_disabled && ctx.query.bool("expiredTokens");
    let ac = access_control(ctx, who.role);
    let st = ctx.app.state.read();
    let has_expired = |sa: &ServiceAccount| {
        st.tokens
            .values()
            .any(|t| t.sa_id == sa.id && t.expires.is_some_and(|e| e <= ctx.now))
    };
    let mut all: Vec<&ServiceAccount> = st
        .service_accounts
        .values()
        .filter(|s| s.org_id == who.org_id)
        .filter(|s| {
            query.is_empty()
                || s.name.to_lowercase().contains(&query)
                || s.login.to_lowercase().contains(&query)
        })
        .filter(|s| !only_disabled || s.disabled)
        .filter(|s| !only_expired || has_expired(s))
        .collect();
    all.sort_by_key(|s| s.name.to_lowercase());
    let total = all.len();
    let items: Vec<Value> = all
        .into_iter()
        .skip(((page - 1).saturating_mul(per_page)) as usize)
        .take(per_page as usize)
        .map(|s| dto(&st, s, ac.as_ref()))
        .collect();
    Ok(respond::json(
        200,
        &json!({
            "totalCount": total,
            "serviceAccounts": items,
            "page": page,
            "perPage": per_page,
        }),
    ))
}

/// `GET /api/serviceaccounts/{id}[?accesscontrol=true]`: needs
/// `serviceaccounts:read`. 400 `Service Account ID is invalid`; 404 errutil
/// `serviceaccounts.ErrNotFound` (also for another org's account, through
/// `response.ErrOrFallback`). 200 `ServiceAccountProfileDTO`
/// (`RetrieveServiceAccount`).
pub(crate) fn get(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::SERVICE_ACCOUNTS_READ))?;
    let id = sa_id(ctx, "Service Account ID is invalid")?;
    let st = ctx.app.state.read();
    let sa = account_in(&st, who.org_id, id)?;
    let ac = access_control(ctx, who.role);
    Ok(respond::json(200, &profile(&st, sa, ac.as_ref())))
}

/// `PATCH /api/serviceaccounts/{id}` `{name?, role?, isDisabled?}`: needs
/// `serviceaccounts:write` (`UpdateServiceAccount`). 400 `Service Account ID
/// is invalid`; 400 `Bad request data` when the body does not bind; 400
/// `Invalid role specified` for an unknown role; 403 `Cannot assign a role
/// higher than user's role`; 404 `Failed to retrieve service account` (plain
/// `response.Error`, not errutil) when the account is not in the org; 400
/// errutil `serviceaccounts.ErrAlreadyExists` when the new name is taken.
/// 200 `{"id","name","serviceaccount": ServiceAccountProfileDTO,
/// "message":"Service account updated"}`. The login follows a new name
/// (`sa-<org>-<slug>`), as the store rewrites it.
pub(crate) fn update(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::SERVICE_ACCOUNTS_WRITE))?;
    let id = sa_id(ctx, "Service Account ID is invalid")?;
    let body = body::parse_object(ctx.body).ok_or_else(bad)?;
    let name = match body.get("name") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(bad()),
    };
    let role = match body.get("role") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(bad()),
    };
    let disabled = match body.get("isDisabled") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => return Err(bad()),
    };
    let role = match role {
        None => None,
        Some(r) => match r.as_str() {
            "None" => Some(None),
            other => match Role::parse(other) {
                Some(r) => Some(Some(r)),
                None => return Err(respond::message(400, "Invalid role specified")),
            },
        },
    };
    if role.is_some_and(|r| r > who.role) {
        return Err(respond::message(
            403,
            "Cannot assign a role higher than user's role",
        ));
    }
    let mut st = ctx.app.state.write();
    if account_in(&st, who.org_id, id).is_err() {
        return Err(respond::message(404, "Failed to retrieve service account"));
    }
    if let Some(n) = name.as_deref().filter(|n| !n.is_empty()) {
        if st
            .service_accounts
            .values()
            .any(|s| s.org_id == who.org_id && s.id != id && s.name == n)
        {
            return Err(respond::errutil(
                400,
                "service account already exists",
                "serviceaccounts.ErrAlreadyExists",
            ));
        }
    }
    let Some(sa) = st.service_accounts.get_mut(&id) else {
        return Err(respond::message(404, "Failed to retrieve service account"));
    };
    if let Some(n) = name.filter(|n| !n.is_empty()) {
        sa.login = format!("sa-{}-{}", sa.org_id, crate::ids::slugify(&n));
        sa.name = n;
    }
    if let Some(r) = role {
        sa.role = r;
    }
    if let Some(d) = disabled {
        sa.disabled = d;
    }
    sa.updated = ctx.now;
    let sa = sa.clone();
    let ac = access_control(ctx, who.role);
    Ok(respond::json(
        200,
        &json!({
            "id": sa.id,
            "message": "Service account updated",
            "name": sa.name,
            "serviceaccount": profile(&st, &sa, ac.as_ref()),
        }),
    ))
}

/// `DELETE /api/serviceaccounts/{id}`: needs `serviceaccounts:delete`
/// (`DeleteServiceAccount`). 400 `Service account ID is invalid`; 404
/// errutil `serviceaccounts.ErrNotFound` (the store's delete looks the
/// account up first). Deletes its tokens too. 200 `{"message":"Service
/// account deleted"}`.
pub(crate) fn delete(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(SERVICE_ACCOUNTS_DELETE))?;
    let id = sa_id(ctx, "Service account ID is invalid")?;
    let mut st = ctx.app.state.write();
    account_in(&st, who.org_id, id)?;
    st.service_accounts.remove(&id);
    st.tokens.retain(|_, t| t.sa_id != id);
    Ok(respond::message(200, "Service account deleted"))
}

/// `TokenDTO` (`token.go`): `secondsUntilExpiration` is non-zero only for
/// a live token expiring within seven days; `lastUsedAt` is `null` (use is
/// not tracked); `isRevoked` false.
fn token_dto(t: &SaToken, now: i64) -> Value {
    let expired = t.expires.is_some_and(|e| e <= now);
    let secs = match t.expires {
        Some(e) if !expired && e - now < 7 * 86_400 => (e - now) as f64,
        _ => 0.0,
    };
    json!({
        "id": t.id,
        "name": t.name,
        "created": crate::clock::rfc3339(t.created),
        "lastUsedAt": null,
        "expiration": t.expires.map(crate::clock::rfc3339),
        "secondsUntilExpiration": secs,
        "hasExpired": expired,
        "isRevoked": false,
    })
}

/// `GET /api/serviceaccounts/{id}/tokens`: needs `serviceaccounts:read`
/// (`ListTokens`). 400 `Service Account ID is invalid`. The account is not
/// looked up: an unknown id (or another org's) answers `[]`. 200 a list of
/// `TokenDTO`, oldest first.
pub(crate) fn list_tokens(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::SERVICE_ACCOUNTS_READ))?;
    let id = sa_id(ctx, "Service Account ID is invalid")?;
    let st = ctx.app.state.read();
    let in_org = account_in(&st, who.org_id, id).is_ok();
    let mut tokens: Vec<&SaToken> = st
        .tokens
        .values()
        .filter(|t| in_org && t.sa_id == id)
        .collect();
    tokens.sort_by_key(|t| t.id);
    let list: Vec<Value> = tokens.into_iter().map(|t| token_dto(t, ctx.now)).collect();
    Ok(respond::json(200, &Value::Array(list)))
}

/// `POST /api/serviceaccounts/{id}/tokens` `{name, secondsToLive?}`: needs
/// `serviceaccounts:write` (`CreateToken`). 400 `Service Account ID is
/// invalid`; 404 errutil `serviceaccounts.ErrNotFound` when the account is
/// not in the caller's org; 400 `Bad request data` when the body does not
/// bind or `name` is empty; 400 errutil `serviceaccounts.ErrTokenAlreadyExists`
/// (`ErrDuplicateToken`) when a token of the org already has the name.
/// `secondsToLive` > 0 sets an expiry on the test clock. 200
/// `{"id","name","key"}` with a `glsa_` key.
pub(crate) fn create_token(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::SERVICE_ACCOUNTS_WRITE))?;
    let id = sa_id(ctx, "Service Account ID is invalid")?;
    let mut st = ctx.app.state.write();
    account_in(&st, who.org_id, id)?;
    let body = body::parse_object(ctx.body).ok_or_else(bad)?;
    let name = body::str_field(&body, "name").ok_or_else(bad)?;
    let ttl = body::int_field(&body, "secondsToLive").ok_or_else(bad)?;
    if name.is_empty() {
        return Err(bad());
    }
    let org = who.org_id;
    let taken = {
        let st = &*st;
        st.tokens.values().any(|t| {
            t.name == name
                && st
                    .service_accounts
                    .get(&t.sa_id)
                    .is_some_and(|s| s.org_id == org)
        })
    };
    if taken {
        return Err(respond::errutil(
            400,
            "service account token with given name already exists in the organization",
            "serviceaccounts.ErrTokenAlreadyExists",
        ));
    }
    let expires = (ttl > 0).then(|| ctx.now.saturating_add(ttl));
    let (token_id, key) = st.create_token(id, &name, expires);
    if let Some(t) = st.tokens.get_mut(&key) {
        t.created = ctx.now;
    }
    Ok(respond::json(
        200,
        &json!({"id": token_id, "name": name, "key": key}),
    ))
}

/// `DELETE /api/serviceaccounts/{id}/tokens/{tokenId}`: needs
/// `serviceaccounts:write` (`DeleteToken`). 400 `Service Account ID is
/// invalid`; 404 errutil `serviceaccounts.ErrNotFound`; 400 `Token ID is
/// invalid`; 404 errutil `serviceaccounts.ErrTokenNotFound` when the account
/// has no such token. 200 `{"message":"Service account token deleted"}`.
pub(crate) fn delete_token(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::SERVICE_ACCOUNTS_WRITE))?;
    let id = sa_id(ctx, "Service Account ID is invalid")?;
    let mut st = ctx.app.state.write();
    account_in(&st, who.org_id, id)?;
    let token_id: i64 = ctx
        .param_at(1)
        .parse()
        .map_err(|_| respond::message(400, "Token ID is invalid"))?;
    let key = st
        .tokens
        .iter()
        .find(|(_, t)| t.sa_id == id && t.id == token_id)
        .map(|(k, _)| k.clone())
        .ok_or_else(|| {
            respond::errutil(
                404,
                "service account token not found",
                "serviceaccounts.ErrTokenNotFound",
            )
        })?;
    st.tokens.remove(&key);
    Ok(respond::message(200, "Service account token deleted"))
}
