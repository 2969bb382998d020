//! Workflow: the `annotations` element — dashboard and organization
//! annotations, Graphite events, every `find_annotations` filter, PUT vs
//! PATCH, delete, and Grafana's error messages, on both clients.

use grafana_client::models::Annotation;
use grafana_client::ErrorKind;
use grafana_emulator::Role;

use crate::support::{create_dashboard, unique, Drive, Target};

both_clients!(
    annotation_lifecycle_on_a_dashboard,
    organization_and_graphite_annotations,
    annotation_errors_carry_grafanas_messages,
);

/// The only annotation in `list`.
fn single(list: Vec<Annotation>) -> Annotation {
    assert_eq!(list.len(), 1, "{list:?}");
    list.into_iter().next().unwrap()
}

fn ids(list: &[Annotation]) -> Vec<i64> {
    list.iter().filter_map(|a| a.id).collect()
}

fn annotation_lifecycle_on_a_dashboard<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let uid = unique("ann-wf");
    create_dashboard(&api, &uid, "Annotated");
    let tag = unique("deploy");
    let an = api.annotations();

    // A region on panel 2.
    let added = api
        .run(
            an.add_annotation()
                .dashboard_uid(&uid)
                .panel_id(2)
                .time_from(1_700_000_000_000)
                .time_to(1_700_000_600_000)
                .tags([tag.as_str(), "env:prod"])
                .text("Deployed v1"),
        )
        .unwrap();
    assert_eq!(added.message, "Annotation added");
    let id = added.id.expect("the new annotation's id");
    // A point annotation on panel 3 of the same dashboard.
    let point = api
        .run(
            an.add_annotation()
                .dashboard_uid(&uid)
                .panel_id(3)
                .time_from(1_700_000_900_000)
                .tags([tag.as_str()])
                .text("Checked"),
        )
        .unwrap()
        .id
        .expect("id");

    // Read back: newest end first.
    let listed = api.run(an.find_annotations().dashboard_uid(&uid)).unwrap();
    assert_eq!(ids(&listed), vec![point, id]);
    let a = listed.into_iter().find(|a| a.id == Some(id)).unwrap();
    assert_eq!(a.dashboard_uid.as_deref(), Some(uid.as_str()));
    assert_eq!(a.panel_id, Some(2));
    assert_eq!(a.time, Some(1_700_000_000_000));
    assert_eq!(a.time_end, Some(1_700_000_600_000));
    assert_eq!(a.text.as_deref(), Some("Deployed v1"));
    assert_eq!(a.tags, Some(vec![tag.clone(), "env:prod".to_string()]));
    assert_eq!(a.login.as_deref(), Some("admin"));
    assert_eq!(a.alert_id, Some(0));
    let dashboard_id = a.dashboard_id.expect("dashboard id");
    let user_id = a.user_id.expect("user id");
    let p = api
        .run(an.find_annotations().dashboard_uid(&uid).panel_id(3))
        .unwrap();
    assert_eq!(
        single(p).time_end,
        Some(1_700_000_900_000),
        "a point: end = start"
    );

    // Every filter.
    let by_id = api
        .run(an.find_annotations().dashboard_id(dashboard_id).panel_id(2))
        .unwrap();
    assert_eq!(ids(&by_id), vec![id]);
    let in_range = api
        .run(
            an.find_annotations()
                .dashboard_uid(&uid)
                .time_from(1_700_000_700_000)
                .time_to(1_700_001_000_000),
        )
        .unwrap();
    assert_eq!(ids(&in_range), vec![point], "only the point overlaps");
    let both_tags = api
        .run(an.find_annotations().tags([tag.as_str(), "env:prod"]))
        .unwrap();
    assert_eq!(ids(&both_tags), vec![id]);
    let by_tag = api.run(an.find_annotations().tags([tag.as_str()])).unwrap();
    assert_eq!(ids(&by_tag), vec![point, id]);
    let limited = api
        .run(
            an.find_annotations()
                .tags([tag.as_str()])
                .ann_type("annotation")
                .user_id(user_id)
                .limit(1),
        )
        .unwrap();
    assert_eq!(ids(&limited), vec![point]);
    let alerts = api
        .run(an.find_annotations().tags([tag.as_str()]).ann_type("alert"))
        .unwrap();
    assert!(alerts.is_empty());
    let by_alert = api
        .run(an.find_annotations().dashboard_uid(&uid).alert_id(987_654))
        .unwrap();
    assert!(by_alert.is_empty(), "no annotation of that alert");

    // PATCH changes only what is given.
    let patched = api
        .run(
            an.partial_update_annotation(id)
                .text("Deployed v1 (rolled back)"),
        )
        .unwrap();
    assert_eq!(patched.message, "Annotation patched");
    let a = single(
        api.run(an.find_annotations().dashboard_uid(&uid).panel_id(2))
            .unwrap(),
    );
    assert_eq!(a.text.as_deref(), Some("Deployed v1 (rolled back)"));
    assert_eq!(a.tags, Some(vec![tag.clone(), "env:prod".to_string()]));
    assert_eq!(a.time, Some(1_700_000_000_000));
    assert_eq!(a.time_end, Some(1_700_000_600_000));

    // PUT replaces text and tags, and moves the region.
    let updated = api
        .run(
            an.update_annotation(id)
                .time_from(1_700_000_100_000)
                .time_to(1_700_000_200_000)
                .tags([tag.as_str(), "replaced"])
                .text("Replaced"),
        )
        .unwrap();
    assert_eq!(updated.message, "Annotation updated");
    let a = single(
        api.run(an.find_annotations().dashboard_uid(&uid).panel_id(2))
            .unwrap(),
    );
    assert_eq!(a.text.as_deref(), Some("Replaced"));
    assert_eq!(a.tags, Some(vec![tag.clone(), "replaced".to_string()]));
    assert_eq!(
        (a.time, a.time_end),
        (Some(1_700_000_100_000), Some(1_700_000_200_000))
    );
    let replaced = api
        .run(an.find_annotations().tags(["replaced", tag.as_str()]))
        .unwrap();
    assert_eq!(
        ids(&replaced),
        vec![id],
        "the tag filter follows the new tags"
    );

    // Delete both; then they are gone.
    for x in [id, point] {
        let deleted = api.run(an.delete_annotations_by_id(x)).unwrap();
        assert_eq!(deleted.message, "Annotation deleted");
    }
    assert!(api
        .run(an.find_annotations().dashboard_uid(&uid))
        .unwrap()
        .is_empty());
    let again = api.run(an.delete_annotations_by_id(id)).unwrap_err();
    assert_eq!(again.kind(), Some(ErrorKind::NotFound));
    assert_eq!(
        again.api().unwrap().message.as_deref(),
        Some("Annotation not found")
    );
}

fn organization_and_graphite_annotations<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let tag = unique("org-ann");
    let an = api.annotations();

    // Without a dashboard: an organization annotation, at "now" by default.
    let org = api
        .run(an.add_annotation().tags([tag.as_str()]).text("Maintenance"))
        .unwrap();
    assert_eq!(org.message, "Annotation added");
    let org_id = org.id.unwrap();
    // Graphite format: tags as an array, `when` in seconds, data appended.
    let graphite = api
        .run(
            an.add_annotation_graphite()
                .what("Backup")
                .tags([tag.as_str(), "graphite"])
                .when(1_700_000_000)
                .data("took 5 min"),
        )
        .unwrap();
    assert_eq!(graphite.message, "Graphite annotation added");
    let graphite_id = graphite.id.unwrap();

    let found = api.run(an.find_annotations().tags([tag.as_str()])).unwrap();
    assert_eq!(ids(&found), vec![org_id, graphite_id], "newest first");
    let g = found.iter().find(|a| a.id == Some(graphite_id)).unwrap();
    assert_eq!(g.text.as_deref(), Some("Backup\ntook 5 min"));
    assert_eq!(g.time, Some(1_700_000_000_000));
    assert_eq!(g.dashboard_id, Some(0));
    assert_eq!(g.tags, Some(vec![tag.clone(), "graphite".to_string()]));
    let o = found.iter().find(|a| a.id == Some(org_id)).unwrap();
    assert_eq!(o.dashboard_id, Some(0));
    assert!(o.time.unwrap() > 1_700_000_000_000, "now, in milliseconds");
    assert_eq!(o.time, o.time_end);

    // The deprecated alias sends the same request.
    #[allow(deprecated)]
    let alias = api
        .run(an.get_annotation().tags([tag.as_str(), "graphite"]))
        .unwrap();
    assert_eq!(ids(&alias), vec![graphite_id]);

    // Tags of an empty list are sent as `[]` and clear them.
    api.run(
        an.partial_update_annotation(org_id)
            .tags(Vec::<String>::new()),
    )
    .unwrap();
    let left = api.run(an.find_annotations().tags([tag.as_str()])).unwrap();
    assert_eq!(ids(&left), vec![graphite_id]);

    for x in [org_id, graphite_id] {
        api.run(an.delete_annotations_by_id(x)).unwrap();
    }
    assert!(api
        .run(an.find_annotations().tags([tag.as_str()]))
        .unwrap()
        .is_empty());
}

fn annotation_errors_carry_grafanas_messages<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let an = api.annotations();

    let no_text = api.run(an.add_annotation().time_from(1)).unwrap_err();
    assert_eq!(no_text.kind(), Some(ErrorKind::BadInput));
    assert_eq!(
        no_text.api().unwrap().message.as_deref(),
        Some("Failed to save annotation")
    );
    // Graphite needs `what` and tags (a string or a list).
    for call in [
        an.add_annotation_graphite().tags(["x"]),
        an.add_annotation_graphite().what("no tags"),
    ] {
        let e = api.run(call).unwrap_err();
        assert_eq!(e.kind(), Some(ErrorKind::BadInput));
        assert_eq!(
            e.api().unwrap().message.as_deref(),
            Some("Failed to save Graphite annotation")
        );
    }
    let missing = i64::MAX - 7;
    for e in [
        api.run(an.update_annotation(missing).text("x"))
            .unwrap_err(),
        api.run(an.partial_update_annotation(missing).text("x"))
            .unwrap_err(),
        api.run(an.delete_annotations_by_id(missing)).unwrap_err(),
    ] {
        assert_eq!(e.kind(), Some(ErrorKind::NotFound));
        assert_eq!(
            e.api().unwrap().message.as_deref(),
            Some("Annotation not found")
        );
    }
    let unknown_dash = api
        .run(an.find_annotations().dashboard_uid(unique("no-such-dash")))
        .unwrap_err();
    assert_eq!(unknown_dash.kind(), Some(ErrorKind::BadInput));
    assert_eq!(
        unknown_dash.api().unwrap().message.as_deref(),
        Some("Invalid dashboard UID in annotation request")
    );

    // A Viewer reads annotations but cannot annotate a dashboard.
    let Some(emu) = t.emulator_only("creates a Viewer through the emulator") else {
        return;
    };
    let uid = unique("ann-viewer");
    create_dashboard(&api, &uid, "Viewer's");
    let login = unique("viewer");
    emu.add_user(&login, "pw", 1, Role::Viewer);
    let viewer = C::build(
        grafana_client::GrafanaApi::builder()
            .url(&t.url)
            .auth(grafana_client::BasicAuth::new(&login, "pw")),
    );
    let va = viewer.annotations();
    viewer
        .run(va.find_annotations().dashboard_uid(&uid))
        .unwrap();
    let denied = viewer
        .run(va.add_annotation().dashboard_uid(&uid).text("nope"))
        .unwrap_err();
    assert_eq!(denied.kind(), Some(ErrorKind::Forbidden));
    let major: u32 = api
        .version_of()
        .unwrap()
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    let message = denied.api().unwrap().message.clone().unwrap_or_default();
    if major < 13 {
        // The handler's dashboard check (Viewers hold the dashboard scope).
        assert_eq!(message, "Access denied to this dashboard");
    } else {
        // Grafana 13: the RBAC middleware refuses first.
        assert!(message.ends_with("annotations:create"), "{message}");
    }
    let graphite = viewer
        .run(va.add_annotation_graphite().what("x").tags(["y"]))
        .unwrap_err();
    assert_eq!(graphite.kind(), Some(ErrorKind::Forbidden));
}
