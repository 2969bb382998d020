//! Search: `GET /api/search` and `GET /api/search/sorting` (`pkg/api/search.go` `Search`, `ListSortOptions`,
//! `pkg/services/search/service.go`, `pkg/services/search/model/model.go`;
//! behavior.md §5, fidelity audit Q1–Q4).

use std::cmp::Ordering;

use serde_json::{json, Map, Value};

use super::dashboards::dashboard_url;
use super::folders::folder_url;
use super::{ApiResult, Ctx};
use crate::api::respond;
use crate::ids;
use crate::role::{allows, Action, Role};
use crate::routes::Route;
use crate::state::State;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("GET", "/api/search", search),
    Route::new("GET", "/api/search/sorting", sorting),
];

/// `GET /api/search/sorting` (`ListSortOptions`): any signed-in caller.
/// OSS registers two sort options (`pkg/services/search/sorting.go`
/// `SortAlphaAsc`, `SortAlphaDesc`); each is a `DynMap`, so its keys are
/// written sorted. `meta` is empty for both.
pub(crate) fn sorting(ctx: &Ctx) -> ApiResult {
    ctx.signed_in()?;
    let option = |name: &str, display: &str, description: &str| json!({"description": description, "displayName": display, "meta": "", "name": name});
    Ok(respond::json(
        200,
        &json!({"sortOptions": [
            option("alpha-asc", "Alphabetically (A–Z)", "Sort results in an alphabetically ascending order"),
            option("alpha-desc", "Alphabetically (Z–A)", "Sort results in an alphabetically descending order"),
        ]}),
    ))
}

/// One hit before serialisation.
struct Hit {
    id: i64,
    uid: String,
    title: String,
    folder: bool,
    tags: Vec<String>,
    /// Parent folder uid, `""` at the root.
    parent_uid: String,
    /// Starred by the caller (dashboards only).
    starred: bool,
}

/// Any signed-in caller; results are limited to what the caller may read
/// (nothing for a caller without a role in the org).
///
/// Parameters (`Search` in `pkg/api/search.go`, legacy path): `query`
/// (case-insensitive title substring; Grafana uses SQL `LIKE %query%`, whose
/// case handling depends on the database — the emulator behaves like
/// SQLite/MySQL and treats `%`/`_` in the query literally), `tag`
/// (repeatable, all must match exactly), `type` (`dash-db` | `dash-folder`),
/// `dashboardUIDs` (repeatable; the legacy `dashboardUID` is read only when
/// `dashboardUIDs` is absent), `dashboardIds`, `folderUIDs` (repeatable; `""`
/// or `general` = root), `folderIds` (`0` = root), `starred=true` (only the
/// caller's starred dashboards), `limit` (missing or < 1 → 1000; > 5000 →
/// 422), `page` (1-based), `permission` (`Edit`: only what the caller may
/// edit, so nothing for a Viewer; anything else is `View`), `sort`
/// (`alpha-asc` | `alpha-desc`) and `deleted=true` (soft-deleted dashboards
/// only, for org Admins; the emulator deletes dashboards for good, so the
/// answer is `[]`). Values are taken as they are (`c.QueryStrings`), not
/// split on commas.
///
/// Errors, in Grafana's order: `deleted=true` from a non-Admin is 401
/// `{"message":"Unauthorized"}`; `limit` > 5000 is 422; dashboard ids with
/// dashboard uids, or folder ids with folder uids, is 400 `search supports
/// UIDs or IDs, not both`.
///
/// Order: with no (known) `sort`, Grafana re-sorts the hits with
/// `HitList.Less`: folders before dashboards, then title compared
/// case-insensitively; tags are sorted too. Grafana applies that sort to the
/// page the database returned; the emulator sorts all matches first and then
/// cuts the page, which only differs when a page boundary splits the
/// database's own title order. `sort=alpha-asc`/`alpha-desc` order by
/// lower-cased title without putting folders first; an unknown `sort` is
/// treated like `alpha-asc` (Grafana keeps the database's title order).
pub(crate) fn search(ctx: &Ctx) -> ApiResult {
    let who = ctx.signed_in()?;
    let q = &ctx.query;
    let deleted = q.get("deleted") == Some("true");
    if deleted && who.role != Some(Role::Admin) {
        return Err(respond::message(401, "Unauthorized"));
    }
    let limit = q.int("limit");
    if limit > 5000 {
        return Err(respond::message(
            422,
            "Limit is above maximum allowed (5000), use page parameter to access hits beyond limit",
        ));
    }
    let limit = if limit < 1 { 1000 } else { limit };
    let page = q.int("page").max(1);
    let edit = q.get("permission") == Some("Edit");

    let dash_ids: Vec<i64> = q
        .all("dashboardIds")
        .into_iter()
        .filter_map(|v| v.parse().ok())
        .collect();
    let mut dash_uids: Vec<&str> = q.all("dashboardUIDs");
    if dash_uids.is_empty() {
        dash_uids = q.all("dashboardUID");
    }
    let folder_ids: Vec<i64> = q
        .all("folderIds")
        .into_iter()
        .filter_map(|v| v.parse().ok())
        .collect();
    let folder_uids: Vec<&str> = q
        .all("folderUIDs")
        .into_iter()
        .map(|v| if v == "general" { "" } else { v })
        .collect();
    if (!dash_uids.is_empty() && !dash_ids.is_empty())
        || (!folder_uids.is_empty() && !folder_ids.is_empty())
    {
        return Err(respond::message(
            400,
            "search supports UIDs or IDs, not both",
        ));
    }
    let tags = q.all("tag");
    let query = q.get("query").unwrap_or("").to_lowercase();
    let typ = q.get("type").unwrap_or("");
    let starred_only = q.get("starred") == Some("true");
    let sort = q.get("sort").unwrap_or("");
    if deleted {
        return Ok(respond::json(200, &json!([])));
    }

    let st = ctx.app.state.read();
    let org = who.org_id;
    let starred = super::user::starred_dashboard_uids(&st, who.id, org);
    let folder_id_of = |uid: &str| st.folder(org, uid).map_or(0, |f| f.id);
    let (folder_action, dashboard_action) = if edit {
        (Action::FOLDERS_WRITE, Action::DASHBOARDS_WRITE)
    } else {
        (Action::FOLDERS_READ, Action::DASHBOARDS_READ)
    };
    let mut hits: Vec<Hit> = Vec::new();
    if allows(who.role, folder_action) && typ != "dash-db" && tags.is_empty() && !starred_only {
        hits.extend(st.org_folders(org).map(|f| Hit {
            id: f.id,
            uid: f.uid.clone(),
            title: f.title.clone(),
            folder: true,
            tags: Vec::new(),
            parent_uid: f.parent_uid.clone(),
            starred: false,
        }));
    }
    if allows(who.role, dashboard_action) && typ != "dash-folder" {
        hits.extend(st.org_dashboards(org).map(|d| {
            let mut tags = d.tags.clone();
            if sort.is_empty() {
                tags.sort();
            }
            Hit {
                id: d.id,
                uid: d.uid.clone(),
                title: d.title.clone(),
                folder: false,
                tags,
                parent_uid: d.folder_uid.clone(),
                starred: starred.contains(&d.uid),
            }
        }));
    }
    hits.retain(|h| {
        (query.is_empty() || h.title.to_lowercase().contains(&query))
            && tags.iter().all(|t| h.tags.iter().any(|ht| ht == t))
            && (dash_uids.is_empty() || dash_uids.contains(&h.uid.as_str()))
            && (dash_ids.is_empty() || dash_ids.contains(&h.id))
            && (folder_uids.is_empty() || folder_uids.contains(&h.parent_uid.as_str()))
            && (folder_ids.is_empty() || folder_ids.contains(&folder_id_of(&h.parent_uid)))
            && (!starred_only || h.starred)
    });
    match sort {
        "" => hits.sort_by(hit_less),
        "alpha-desc" => hits.sort_by_key(|h| std::cmp::Reverse(h.title.to_lowercase())),
        // alpha-asc, and an unknown sort (Grafana then keeps the database's
        // default title order and skips the re-sort).
        _ => hits.sort_by_key(|h| h.title.to_lowercase()),
    }
    let out: Vec<Value> = hits
        .iter()
        .skip(((page - 1).saturating_mul(limit)) as usize)
        .take(limit as usize)
        .map(|h| hit_json(&st, org, h))
        .collect();
    Ok(respond::json(200, &Value::Array(out)))
}

/// Grafana's `HitList.Less`: folders first, then lower-cased titles.
fn hit_less(a: &Hit, b: &Hit) -> Ordering {
    b.folder
        .cmp(&a.folder)
        .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
}

/// A `Hit` in Grafana's field order; folder keys omitted at the root.
fn hit_json(st: &State, org: i64, h: &Hit) -> Value {
    let slug = ids::slugify(&h.title);
    let mut m = Map::new();
    m.insert("id".into(), json!(h.id));
    m.insert("uid".into(), json!(h.uid));
    m.insert("orgId".into(), json!(org));
    m.insert("title".into(), json!(h.title));
    m.insert("uri".into(), json!(format!("db/{slug}")));
    let url = if h.folder {
        folder_url(&h.uid, &h.title)
    } else {
        dashboard_url(&h.uid, &slug)
    };
    m.insert("url".into(), json!(url));
    m.insert("slug".into(), json!(slug));
    m.insert(
        "type".into(),
        json!(if h.folder { "dash-folder" } else { "dash-db" }),
    );
    m.insert("tags".into(), json!(h.tags));
    m.insert("isStarred".into(), json!(h.starred));
    if let Some(f) = st.folder(org, &h.parent_uid) {
        m.insert("folderId".into(), json!(f.id));
        m.insert("folderUid".into(), json!(f.uid));
        m.insert("folderTitle".into(), json!(f.title));
        m.insert("folderUrl".into(), json!(folder_url(&f.uid, &f.title)));
    }
    m.insert("sortMeta".into(), json!(0));
    m.insert("isDeleted".into(), json!(false));
    Value::Object(m)
}
