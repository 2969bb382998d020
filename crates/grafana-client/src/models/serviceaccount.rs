//! Models of the `serviceaccount` API area.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Extra;

/// A service account, as `GET /api/serviceaccounts/{id}`, create and search
/// return it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ServiceAccount {
    /// Numeric id (the `service_account_id` of the other methods).
    #[serde(default)]
    pub id: i64,
    /// Uid (recent Grafana).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Login (`sa-<name>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
    /// Organization id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<i64>,
    /// Organization role: `Viewer`, `Editor`, `Admin` or `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Whether the account is disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_disabled: Option<bool>,
    /// Number of tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<i64>,
    /// Avatar URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    /// Everything else (`accessControl`, `isExternal`, `teams`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// One page of `GET /api/serviceaccounts/search`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ServiceAccountSearchResult {
    /// Number of accounts matching, over all pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<i64>,
    /// The accounts of this page.
    #[serde(default)]
    pub service_accounts: Vec<ServiceAccount>,
    /// This page's number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<i64>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of `PATCH /api/serviceaccounts/{id}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ServiceAccountUpdated {
    /// `Service account updated`.
    #[serde(default)]
    pub message: String,
    /// Id of the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The account as it now is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serviceaccount: Option<ServiceAccount>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A token of a service account, as listed (`GET /api/serviceaccounts/{id}/tokens`);
/// the secret itself is only in [`ServiceAccountTokenCreated`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ServiceAccountToken {
    /// Token id (the `service_account_token_id` of `delete_token`).
    #[serde(default)]
    pub id: i64,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Creation time (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Expiry time (RFC 3339); absent when it never expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration: Option<String>,
    /// Whether it has expired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_expired: Option<bool>,
    /// Last use (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<String>,
    /// Everything else (`isRevoked`, `secondsUntilExpiration`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of `POST /api/serviceaccounts/{id}/tokens`: the new token,
/// whose [`key`](Self::key) Grafana shows only this once.
///
/// Its `Debug` does not show the key:
///
/// ```
/// let t: grafana_client::models::ServiceAccountTokenCreated =
///     serde_json::from_str(r#"{"id":1,"name":"ci","key":"glsa_secret"}"#).unwrap();
/// assert!(!format!("{t:?}").contains("glsa_secret"));
/// assert_eq!(t.key, "glsa_secret");
/// ```
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ServiceAccountTokenCreated {
    /// Token id.
    #[serde(default)]
    pub id: i64,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// The secret token (`glsa_…`), to send as `Authorization: Bearer`. Not
    /// shown by `Debug`.
    #[serde(default)]
    pub key: String,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

impl fmt::Debug for ServiceAccountTokenCreated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceAccountTokenCreated")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("key", &"[redacted]")
            .field("extra", &self.extra)
            .finish()
    }
}
