//! Authentication and org selection.
//!
//! Follows Grafana's `authn` service (`pkg/services/authn/authnimpl/service.go`,
//! `pkg/services/authn/clients/{basic,password,api_key}.go`) and the
//! sign-in middleware (`pkg/middleware/auth.go`):
//!
//! * credentials are checked on every request; a failure does not stop the
//!   request by itself. Routes that need a signed-in caller answer 401 with
//!   the failure's `errutil` body (`c.WriteErrOrFallback`); routes without
//!   auth (`/api/health`, `GET /api/snapshots/{key}`) go on as anonymous;
//! * the org is `targetOrgId` (query) or else `X-Grafana-Org-Id` (header);
//!   values that are not positive integers are ignored;
//! * a service-account token asked for another org fails with
//!   `api-key.organization-mismatch` (401);
//! * a user asked for an org they do not belong to gets org id `-1` and no
//!   role, as Grafana's user store does (`OrgID = -1`, "Org missing"). Every
//!   RBAC-checked route then answers 403 with the access-denied body, and
//!   data lookups see an empty org. This is the emulator's reading of
//!   behaviour that behavior.md §7 marks as "not traced per endpoint".

use axum::http::HeaderMap;
use base64::Engine;

use crate::api::query::Query;
use crate::api::respond;
use crate::role::Role;
use crate::state::State;

/// A signed-in caller acting in one org.
#[derive(Clone, Debug)]
pub(crate) struct Identity {
    /// User or service-account id (one id space, as in Grafana).
    pub(crate) id: i64,
    pub(crate) login: String,
    /// The org the request acts in; `-1` when a user asked for an org they
    /// are not a member of.
    pub(crate) org_id: i64,
    /// Role in `org_id`; `None` = no role (no permissions).
    pub(crate) role: Option<Role>,
    /// Grafana server admin (users only; service accounts never are).
    pub(crate) server_admin: bool,
    /// A service account's token, not a user.
    pub(crate) is_service_account: bool,
}

/// Why presented credentials were rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AuthError {
    /// Wrong login or password (`password-auth.failed`).
    PasswordFailed,
    /// Unknown or malformed token (`api-key.invalid`).
    ApiKeyInvalid,
    /// Token past its expiry (`api-key.expired`).
    ApiKeyExpired,
    /// Token asked to act in another org (`api-key.organization-mismatch`).
    OrgMismatch,
    /// A user disabled by a server admin (`identity.disabled`).
    Disabled,
}

impl AuthError {
    /// The 401 body Grafana writes for this failure on a protected route.
    pub(crate) fn response(self) -> axum::response::Response {
        let (msg, id) = match self {
            AuthError::PasswordFailed => ("Invalid username or password", "password-auth.failed"),
            AuthError::ApiKeyInvalid => ("Invalid API key", "api-key.invalid"),
            AuthError::ApiKeyExpired => ("Expired API key", "api-key.expired"),
            AuthError::OrgMismatch => (
                "API key does not belong to the requested organization",
                "api-key.organization-mismatch",
            ),
            // `errDisabledIdentity = errutil.Unauthorized("identity.disabled")`
            // (`pkg/services/authn/authnimpl/service.go`) has no public
            // message, so errutil shows the status text.
            AuthError::Disabled => ("Unauthorized", "identity.disabled"),
        };
        respond::auth_error(401, msg, id)
    }
}

/// The outcome of authentication.
#[derive(Clone, Debug)]
pub(crate) enum Caller {
    /// No credentials.
    Anonymous,
    /// Credentials rejected.
    Failed(AuthError),
    /// Signed in.
    Signed(Identity),
}

impl Caller {
    /// The identity, or the 401 response a protected route gives.
    #[allow(clippy::result_large_err)] // see crate::api
    pub(crate) fn signed_in(&self) -> Result<&Identity, axum::response::Response> {
        match self {
            Caller::Signed(id) => Ok(id),
            Caller::Anonymous => Err(respond::unauthorized()),
            Caller::Failed(e) => Err(e.response()),
        }
    }
}

/// The org asked for: `targetOrgId` query parameter first, then the
/// `X-Grafana-Org-Id` header; only positive integers count.
fn requested_org(headers: &HeaderMap, query: &Query) -> Option<i64> {
    let positive = |s: &str| s.trim().parse::<i64>().ok().filter(|v| *v > 0);
    if let Some(v) = query.get("targetOrgId").and_then(positive) {
        return Some(v);
    }
    headers
        .get("x-grafana-org-id")
        .and_then(|v| v.to_str().ok())
        .and_then(positive)
}

/// Authenticates a request against the stored users and tokens.
pub(crate) fn authenticate(state: &State, headers: &HeaderMap, query: &Query, now: i64) -> Caller {
    let Some(auth) = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return Caller::Anonymous;
    };
    let org = requested_org(headers, query);
    let (scheme, value) = auth.trim().split_once(' ').unwrap_or((auth.trim(), ""));
    let value = value.trim();
    if scheme.eq_ignore_ascii_case("basic") {
        basic(state, value, org)
    } else if scheme.eq_ignore_ascii_case("bearer") {
        bearer(state, value, org, now)
    } else {
        // An Authorization header no client recognises: Grafana's clients all
        // decline it and the request is anonymous.
        Caller::Anonymous
    }
}

fn basic(state: &State, encoded: &str, org: Option<i64>) -> Caller {
    // An undecodable header is reported as a failed password login (Grafana's
    // basic client has its own "invalid header" error; the emulator folds it
    // into `password-auth.failed`).
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded) else {
        return Caller::Failed(AuthError::PasswordFailed);
    };
    let decoded = String::from_utf8_lossy(&decoded);
    let Some((login, password)) = decoded.split_once(':') else {
        return Caller::Failed(AuthError::PasswordFailed);
    };
    let Some(user) = state
        .users
        .values()
        .find(|u| u.login == login || u.email == login)
    else {
        return Caller::Failed(AuthError::PasswordFailed);
    };
    if user.password != password {
        return Caller::Failed(AuthError::PasswordFailed);
    }
    // The authn service refuses a disabled identity after its client
    // authenticated it (`authnimpl/service.go`, `errDisabledIdentity`).
    if user.disabled {
        return Caller::Failed(AuthError::Disabled);
    }
    let org_id = org
        .or(user.current_org.filter(|o| user.orgs.contains_key(o)))
        .or_else(|| user.orgs.keys().next().copied())
        .unwrap_or(-1);
    let (org_id, role) = match user.orgs.get(&org_id) {
        Some(role) => (org_id, Some(*role)),
        None => (-1, None),
    };
    Caller::Signed(Identity {
        id: user.id,
        login: user.login.clone(),
        org_id,
        role,
        server_admin: user.is_admin,
        is_service_account: false,
    })
}

fn bearer(state: &State, token: &str, org: Option<i64>, now: i64) -> Caller {
    // Grafana checks the glsa_ checksum before looking the token up.
    if token.starts_with("glsa_") && !crate::token::is_well_formed_sa_token(token) {
        return Caller::Failed(AuthError::ApiKeyInvalid);
    }
    let Some(tok) = state.tokens.get(token) else {
        return Caller::Failed(AuthError::ApiKeyInvalid);
    };
    let Some(sa) = state.service_accounts.get(&tok.sa_id) else {
        return Caller::Failed(AuthError::ApiKeyInvalid);
    };
    if tok.expires.is_some_and(|e| e <= now) {
        return Caller::Failed(AuthError::ApiKeyExpired);
    }
    if sa.disabled {
        return Caller::Failed(AuthError::ApiKeyInvalid);
    }
    if org.is_some_and(|o| o != sa.org_id) {
        return Caller::Failed(AuthError::OrgMismatch);
    }
    Caller::Signed(Identity {
        id: sa.id,
        login: sa.login.clone(),
        org_id: sa.org_id,
        role: sa.role,
        server_admin: false,
        is_service_account: true,
    })
}
