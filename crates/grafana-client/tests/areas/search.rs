//! Workflow: the `search` element — `search_dashboards` with every option
//! (query, tags, type, dashboard and folder uids and ids, starred, limit,
//! page), on both clients, and Grafana's errors.

use serde_json::json;

use crate::support::{unique, Drive, Target};

both_clients!(search_with_every_option);

fn search_with_every_option<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let search = api.search();
    let tag = unique("tag");
    let folder_uid = unique("sf");
    let folder = api
        .run(
            api.folder()
                .create_folder(&format!("Search {tag}"))
                .uid(&folder_uid),
        )
        .unwrap();
    let folder_id = folder.id.unwrap();
    let mut uids = Vec::new();
    for (i, title) in ["Alpha", "Beta", "Gamma"].iter().enumerate() {
        let uid = unique("sd");
        let mut body = json!({"dashboard": {"uid": uid, "title": format!("{title} {tag}"),
                               "tags": [tag.clone(), format!("n{i}")]}});
        if i > 0 {
            body["folderUid"] = json!(folder_uid);
        }
        api.run(api.dashboard().update_dashboard(&body)).unwrap();
        uids.push(uid);
    }

    // query + type: the three dashboards, in title order.
    let hits = api
        .run(search.search_dashboards().query(&tag).type_("dash-db"))
        .unwrap();
    let titles: Vec<&str> = hits.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            format!("Alpha {tag}"),
            format!("Beta {tag}"),
            format!("Gamma {tag}")
        ]
    );
    assert_eq!(hits[0].kind.as_deref(), Some("dash-db"));
    assert!(hits[0].folder_uid.is_none(), "root: no folder keys");
    assert_eq!(hits[1].folder_uid.as_deref(), Some(folder_uid.as_str()));
    assert_eq!(hits[1].folder_title.as_deref(), Some(folder.title.as_str()));
    let ids: Vec<i64> = hits.iter().map(|h| h.id.unwrap()).collect();

    // The folder itself with type dash-folder.
    let folders = api
        .run(search.search_dashboards().query(&tag).type_("dash-folder"))
        .unwrap();
    assert_eq!(folders.len(), 1);
    assert_eq!(folders[0].uid, folder_uid);

    // Tags: all must match.
    let tagged = api
        .run(search.search_dashboards().tag(&tag).tag("n1"))
        .unwrap();
    assert_eq!(tagged.len(), 1);
    assert_eq!(tagged[0].uid, uids[1]);
    assert_eq!(tagged[0].tags.as_deref().map(|t| t.len()), Some(2));

    // By dashboard uids and ids.
    let by_uid = api
        .run(
            search
                .search_dashboards()
                .dashboard_uids([&uids[0], &uids[2]]),
        )
        .unwrap();
    assert_eq!(by_uid.len(), 2);
    let by_id = api
        .run(search.search_dashboards().dashboard_ids([ids[1]]))
        .unwrap();
    assert_eq!(by_id.len(), 1);
    assert_eq!(by_id[0].uid, uids[1]);

    // By folder uid and id.
    let in_folder = api
        .run(
            search
                .search_dashboards()
                .folder_uids([folder_uid.as_str()]),
        )
        .unwrap();
    assert_eq!(in_folder.len(), 2);
    let in_folder_by_id = api
        .run(
            search
                .search_dashboards()
                .folder_ids([folder_id])
                .query(&tag),
        )
        .unwrap();
    assert_eq!(in_folder_by_id.len(), 2);

    // limit + page walk the same ordered list.
    let page2 = api
        .run(
            search
                .search_dashboards()
                .query(&tag)
                .type_("dash-db")
                .limit(2)
                .page(2),
        )
        .unwrap();
    assert_eq!(page2.len(), 1);
    assert_eq!(page2[0].uid, uids[2]);

    // Starred: none of ours until starred.
    let starred = api
        .run(search.search_dashboards().starred(true).query(&tag))
        .unwrap();
    assert!(starred.is_empty(), "{starred:?}");
    api.run(api.user().star_dashboard(uids[0].as_str()))
        .expect("starred");
    let starred = api
        .run(search.search_dashboards().starred(true).query(&tag))
        .unwrap();
    assert_eq!(starred.len(), 1);
    assert_eq!(starred[0].uid, uids[0]);
    assert_eq!(starred[0].is_starred, Some(true));
    api.run(api.user().unstar_dashboard(uids[0].as_str()))
        .expect("unstarred");

    // Errors: ids with uids; a limit above 5000.
    let both = api
        .run(
            search
                .search_dashboards()
                .dashboard_ids([ids[0]])
                .dashboard_uids([&uids[0]]),
        )
        .unwrap_err();
    assert_eq!(both.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        both.api().unwrap().message.as_deref(),
        Some("search supports UIDs or IDs, not both")
    );
    let both = api
        .run(
            search
                .search_dashboards()
                .folder_ids([folder_id])
                .folder_uids([folder_uid.as_str()]),
        )
        .unwrap_err();
    assert_eq!(both.status().map(|s| s.as_u16()), Some(400));
    let too_many = api.run(search.search_dashboards().limit(5001)).unwrap_err();
    assert_eq!(too_many.status().map(|s| s.as_u16()), Some(422));

    api.run(api.folder().delete_folder(&folder_uid)).unwrap();
    api.run(api.dashboard().delete_dashboard(&uids[0])).unwrap();
}
