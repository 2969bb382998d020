//! The routing table: which (method, path template) pairs the emulator
//! serves, with the handler of each, and matching of raw request paths.
//!
//! Each API area declares its routes next to its handlers
//! (`pub(crate) const ROUTES: &[Route]` in `api/<area>.rs`); [`AREAS`] lists
//! the areas. Adding a route is one line in its area's table.
//!
//! Matching works on the raw (still percent-encoded) path: it is split on `/`
//! first and each segment is percent-decoded afterwards, so `%2F` inside a
//! segment stays inside that parameter (`/api/snapshots/..%2Fadmin` looks up
//! the literal key `../admin`). Like Grafana's router (`pkg/web/router.go`,
//! a tree in which a static segment wins over a parameter), a literal
//! segment beats a `{param}` at the same position whatever the table order;
//! every `GET` route also answers `HEAD`, one trailing `/` is ignored, and
//! there is no 405: a known path with another method is a 404.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::api::{self, ApiResult, Ctx};

/// A route handler: runs synchronously with the request's context.
pub(crate) type Handler = fn(&Ctx) -> ApiResult;

/// One served route: method, template (`{name}` for one path segment) and
/// handler.
#[derive(Clone, Copy)]
pub(crate) struct Route {
    pub(crate) method: &'static str,
    pub(crate) template: &'static str,
    pub(crate) handler: Handler,
}

impl Route {
    /// A route; `template` starts with `/`.
    pub(crate) const fn new(
        method: &'static str,
        template: &'static str,
        handler: Handler,
    ) -> Self {
        Self {
            method,
            template,
            handler,
        }
    }
}

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.template)
    }
}

/// The route tables of every area.
const AREAS: &[&[Route]] = api::AREAS;

/// Every route with its template split into segments once.
fn table() -> &'static [(Route, Vec<&'static str>)] {
    static TABLE: OnceLock<Vec<(Route, Vec<&'static str>)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        AREAS
            .iter()
            .flat_map(|area| area.iter())
            .map(|r| (*r, r.template[1..].split('/').collect()))
            .collect()
    })
}

/// Every route the emulator serves, as `(method, path template)` with
/// `{param}` placeholders and the `/api` prefix, e.g.
/// `("GET", "/api/snapshots/{key}")`. `GET` routes also answer `HEAD`.
///
/// Any other path under `/api` answers 404 `{"message":"Not found"}`.
pub fn routes() -> &'static [(&'static str, &'static str)] {
    static LIST: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    LIST.get_or_init(|| {
        table()
            .iter()
            .map(|(r, _)| (r.method, r.template))
            .collect()
    })
}

/// A matched route with its decoded path parameters, in template order.
#[derive(Debug)]
pub(crate) struct Matched {
    pub(crate) route: Route,
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

/// Indexes of [`table`] rows by method and segment count, then by the
/// second segment (the area after `api`; `""` when that is a parameter),
/// built once, so that a request is compared only with the few templates
/// that can match it.
type Buckets = HashMap<(&'static str, usize), HashMap<&'static str, Vec<usize>>>;

fn buckets() -> &'static Buckets {
    static BUCKETS: OnceLock<Buckets> = OnceLock::new();
    BUCKETS.get_or_init(|| {
        let mut map = Buckets::new();
        for (i, (route, parts)) in table().iter().enumerate() {
            let area = match parts.get(1) {
                Some(p) if !p.starts_with('{') => *p,
                _ => "",
            };
            map.entry((route.method, parts.len()))
                .or_default()
                .entry(area)
                .or_default()
                .push(i);
        }
        map
    })
}

/// Whether template `a` is more specific than `b`: at the first position
/// where one has a literal and the other a parameter, the literal wins.
fn more_specific(a: &[&str], b: &[&str]) -> bool {
    for (x, y) in a.iter().zip(b) {
        match (x.starts_with('{'), y.starts_with('{')) {
            (false, true) => return true,
            (true, false) => return false,
            _ => {}
        }
    }
    false
}

/// Finds the route for a method and decoded segments: of the templates that
/// match, the one whose first differing segment is literal (static before
/// parameter, position by position).
pub(crate) fn match_route(method: &str, segments: &[String]) -> Option<Matched> {
    let method = if method == "HEAD" { "GET" } else { method };
    let table = table();
    let by_area = buckets().get(&(method, segments.len()))?;
    let area = segments.get(1).map(String::as_str).unwrap_or("");
    let with_area = by_area.get(area).map(Vec::as_slice).unwrap_or(&[]);
    let with_param = by_area.get("").map(Vec::as_slice).unwrap_or(&[]);
    let mut best: Option<(&Route, &Vec<&str>)> = None;
    'routes: for &i in with_area.iter().chain(with_param) {
        let (route, parts) = &table[i];
        for (part, seg) in parts.iter().zip(segments) {
            let is_param = part.starts_with('{');
            if (is_param && seg.is_empty()) || (!is_param && *part != seg) {
                continue 'routes;
            }
        }
        if best.is_none_or(|(_, best_parts)| more_specific(parts, best_parts)) {
            best = Some((route, parts));
        }
    }
    let (route, parts) = best?;
    let params = parts
        .iter()
        .zip(segments)
        .filter(|(p, _)| p.starts_with('{'))
        .map(|(_, s)| s.clone())
        .collect();
    Some(Matched {
        route: *route,
        params,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_slash_stays_in_segment() {
        let segs = split_path("/api/snapshots/..%2Fadmin%2Fsettings");
        let m = match_route("GET", &segs).unwrap();
        assert_eq!(m.route.template, "/api/snapshots/{key}");
        assert_eq!(m.params, vec!["../admin/settings".to_string()]);
    }

    #[test]
    fn static_before_param_and_head() {
        let m = match_route("HEAD", &split_path("/api/serviceaccounts/search")).unwrap();
        assert_eq!(m.route.template, "/api/serviceaccounts/search");
        let m = match_route("GET", &split_path("/api/folders/")).unwrap();
        assert_eq!(m.route.template, "/api/folders");
        assert!(match_route("PATCH", &split_path("/api/folders")).is_none());
        assert!(match_route("GET", &split_path("/api/snapshots/")).is_none());
    }

    #[test]
    fn every_template_is_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for (m, t) in routes() {
            assert!(
                t.starts_with("/api/") || t.starts_with("/apis") || *t == "/bootdata",
                "{t}"
            );
            assert!(seen.insert((m, t)), "duplicate route {m} {t}");
        }
        assert!(routes().contains(&("GET", "/api/snapshots/{key}")));
    }
}
