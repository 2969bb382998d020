//! The routing table: which (method, path template) pairs the emulator
//! serves, and matching of raw request paths against it.
//!
//! Matching works on the raw (still percent-encoded) path: it is split on `/`
//! first and each segment is percent-decoded afterwards, so `%2F` inside a
//! segment stays inside that parameter (`/api/snapshots/..%2Fadmin` looks up
//! the literal key `../admin`). Like Grafana's router (`pkg/web/router.go`),
//! every `GET` route also answers `HEAD`, one trailing `/` is ignored, and
//! there is no 405: a known path with another method is a 404.

use std::sync::OnceLock;

/// Which handler a route goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RouteId {
    Health,
    FrontendSettings,
    CurrentOrg,
    FolderList,
    FolderCreate,
    FolderGet,
    FolderUpdate,
    FolderDelete,
    DashboardSave,
    DashboardGet,
    DashboardDelete,
    Search,
    SnapshotCreate,
    SnapshotGet,
    SnapshotDelete,
    SnapshotDeleteByDeleteKey,
    SnapshotList,
    SnapshotSharedOptions,
    ServiceAccountCreate,
    ServiceAccountSearch,
    ServiceAccountTokenCreate,
}

/// (method, template, handler). Templates use `{name}` for one path segment.
/// Static segments must come before parameters that could match them.
const ROUTE_DEFS: &[(&str, &str, RouteId)] = &[
    ("GET", "/api/health", RouteId::Health),
    ("GET", "/api/frontend/settings", RouteId::FrontendSettings),
    ("GET", "/api/org", RouteId::CurrentOrg),
    ("GET", "/api/folders", RouteId::FolderList),
    ("POST", "/api/folders", RouteId::FolderCreate),
    ("GET", "/api/folders/{folder_uid}", RouteId::FolderGet),
    ("PUT", "/api/folders/{folder_uid}", RouteId::FolderUpdate),
    ("DELETE", "/api/folders/{folder_uid}", RouteId::FolderDelete),
    ("POST", "/api/dashboards/db", RouteId::DashboardSave),
    ("GET", "/api/dashboards/uid/{uid}", RouteId::DashboardGet),
    (
        "DELETE",
        "/api/dashboards/uid/{uid}",
        RouteId::DashboardDelete,
    ),
    ("GET", "/api/search", RouteId::Search),
    ("POST", "/api/snapshots", RouteId::SnapshotCreate),
    ("GET", "/api/snapshots/{key}", RouteId::SnapshotGet),
    ("DELETE", "/api/snapshots/{key}", RouteId::SnapshotDelete),
    (
        "GET",
        "/api/snapshots-delete/{deleteKey}",
        RouteId::SnapshotDeleteByDeleteKey,
    ),
    ("GET", "/api/dashboard/snapshots", RouteId::SnapshotList),
    (
        "GET",
        "/api/snapshot/shared-options",
        RouteId::SnapshotSharedOptions,
    ),
    (
        "POST",
        "/api/serviceaccounts",
        RouteId::ServiceAccountCreate,
    ),
    (
        "GET",
        "/api/serviceaccounts/search",
        RouteId::ServiceAccountSearch,
    ),
    (
        "POST",
        "/api/serviceaccounts/{serviceAccountId}/tokens",
        RouteId::ServiceAccountTokenCreate,
    ),
];

/// Every route the emulator serves, as `(method, path template)` with
/// `{param}` placeholders and the `/api` prefix, e.g.
/// `("GET", "/api/snapshots/{key}")`. `GET` routes also answer `HEAD`.
///
/// Any other path under `/api` answers 404 `{"message":"Not found"}`.
pub fn routes() -> &'static [(&'static str, &'static str)] {
    static LIST: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    LIST.get_or_init(|| ROUTE_DEFS.iter().map(|(m, t, _)| (*m, *t)).collect())
}

/// A matched route with its decoded path parameters, in template order.
#[derive(Debug)]
pub(crate) struct Matched {
    pub(crate) id: RouteId,
    pub(crate) params: Vec<String>,
}

/// Splits a raw path into percent-decoded segments (after splitting, so an
/// encoded `/` stays in its segment). One trailing `/` is dropped.
pub(crate) fn split_path(raw_path: &str) -> Vec<String> {
    let trimmed = raw_path.strip_prefix('/').unwrap_or(raw_path);
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    trimmed
        .split('/')
        .map(|seg| {
            percent_encoding::percent_decode_str(seg)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect()
}

/// The segments of every template of [`ROUTE_DEFS`], split once.
fn template_parts() -> &'static [Vec<&'static str>] {
    static PARTS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    PARTS.get_or_init(|| {
        ROUTE_DEFS
            .iter()
            .map(|(_, t, _)| t[1..].split('/').collect())
            .collect()
    })
}

/// Finds the route for a method and decoded segments.
pub(crate) fn match_route(method: &str, segments: &[String]) -> Option<Matched> {
    let method = if method == "HEAD" { "GET" } else { method };
    'routes: for ((m, _, id), parts) in ROUTE_DEFS.iter().zip(template_parts()) {
        if *m != method {
            continue;
        }
        if parts.len() != segments.len() {
            continue;
        }
        let mut params = Vec::new();
        for (part, seg) in parts.iter().zip(segments) {
            if part.starts_with('{') {
                if seg.is_empty() {
                    continue 'routes;
                }
                params.push(seg.clone());
            } else if *part != seg {
                continue 'routes;
            }
        }
        return Some(Matched { id: *id, params });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_slash_stays_in_segment() {
        let segs = split_path("/api/snapshots/..%2Fadmin%2Fsettings");
        let m = match_route("GET", &segs).unwrap();
        assert_eq!(m.id, RouteId::SnapshotGet);
        assert_eq!(m.params, vec!["../admin/settings".to_string()]);
    }

    #[test]
    fn static_before_param_and_head() {
        let m = match_route("HEAD", &split_path("/api/serviceaccounts/search")).unwrap();
        assert_eq!(m.id, RouteId::ServiceAccountSearch);
        let m = match_route("GET", &split_path("/api/folders/")).unwrap();
        assert_eq!(m.id, RouteId::FolderList);
        assert!(match_route("PATCH", &split_path("/api/folders")).is_none());
        assert!(match_route("GET", &split_path("/api/snapshots/")).is_none());
    }

    #[test]
    fn routes_list_matches_table() {
        assert_eq!(routes().len(), ROUTE_DEFS.len());
        assert!(routes().contains(&("GET", "/api/snapshots/{key}")));
    }
}
