//! Any bytes, as the body of a 200 response, decoded into every model of
//! the crate: an error is fine, a panic is a bug.
#![no_main]

use grafana_client::models::*;
use grafana_client::response::fuzzing::decode_as;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // first byte picks the content type and expectation, the rest is the body
    let (ct, text, body) = match data.split_first() {
        Some((b, rest)) => match b % 4 {
            0 => (Some("application/json"), false, rest),
            1 => (Some("text/html; charset=utf-8"), false, rest),
            2 => (Some("text/plain"), true, rest),
            _ => (None, false, rest),
        },
        None => (None, false, data),
    };
    let _ = decode_as::<AdminSettings>(200, ct, text, body);
    let _ = decode_as::<AdminStats>(200, ct, text, body);
    let _ = decode_as::<AdminUserCreated>(200, ct, text, body);
    let _ = decode_as::<ProvisionedAlertRule>(200, ct, text, body);
    let _ = decode_as::<AlertRuleGroup>(200, ct, text, body);
    let _ = decode_as::<ContactPoint>(200, ct, text, body);
    let _ = decode_as::<NotificationPolicy>(200, ct, text, body);
    let _ = decode_as::<MuteTiming>(200, ct, text, body);
    let _ = decode_as::<NotificationTemplate>(200, ct, text, body);
    let _ = decode_as::<RulerRuleGroup>(200, ct, text, body);
    let _ = decode_as::<PrometheusRules>(200, ct, text, body);
    let _ = decode_as::<PrometheusRuleData>(200, ct, text, body);
    let _ = decode_as::<PrometheusRuleGroup>(200, ct, text, body);
    let _ = decode_as::<Annotation>(200, ct, text, body);
    let _ = decode_as::<Message>(200, ct, text, body);
    let _ = decode_as::<DashboardWithMeta>(200, ct, text, body);
    let _ = decode_as::<DashboardMeta>(200, ct, text, body);
    let _ = decode_as::<DashboardSaved>(200, ct, text, body);
    let _ = decode_as::<DashboardDeleted>(200, ct, text, body);
    let _ = decode_as::<DashboardTag>(200, ct, text, body);
    let _ = decode_as::<HomeDashboard>(200, ct, text, body);
    let _ = decode_as::<DashboardVersion>(200, ct, text, body);
    let _ = decode_as::<DashboardVersionList>(200, ct, text, body);
    let _ = decode_as::<DashboardVersionPage>(200, ct, text, body);
    let _ = decode_as::<DataSource>(200, ct, text, body);
    let _ = decode_as::<Vec<DataSourceListItem>>(200, ct, text, body);
    let _ = decode_as::<DataSourceSaved>(200, ct, text, body);
    let _ = decode_as::<DataSourceId>(200, ct, text, body);
    let _ = decode_as::<DataSourceHealth>(200, ct, text, body);
    let _ = decode_as::<DataSourcePermission>(200, ct, text, body);
    let _ = decode_as::<Folder>(200, ct, text, body);
    let _ = decode_as::<Vec<FolderSummary>>(200, ct, text, body);
    let _ = decode_as::<PermissionItem>(200, ct, text, body);
    let _ = decode_as::<HealthResponse>(200, ct, text, body);
    let _ = decode_as::<BuildInfo>(200, ct, text, body);
    let _ = decode_as::<LibraryElementDto>(200, ct, text, body);
    let _ = decode_as::<LibraryElementMeta>(200, ct, text, body);
    let _ = decode_as::<LibraryElementUser>(200, ct, text, body);
    let _ = decode_as::<LibraryElementResponse>(200, ct, text, body);
    let _ = decode_as::<LibraryElementArrayResponse>(200, ct, text, body);
    let _ = decode_as::<LibraryElementSearchResponse>(200, ct, text, body);
    let _ = decode_as::<LibraryElementSearchResult>(200, ct, text, body);
    let _ = decode_as::<LibraryElementConnectionsResponse>(200, ct, text, body);
    let _ = decode_as::<LibraryElementConnection>(200, ct, text, body);
    let _ = decode_as::<AlertNotification>(200, ct, text, body);
    let _ = decode_as::<AlertNotificationLookup>(200, ct, text, body);
    let _ = decode_as::<OrgDetails>(200, ct, text, body);
    let _ = decode_as::<OrgAddress>(200, ct, text, body);
    let _ = decode_as::<Org>(200, ct, text, body);
    let _ = decode_as::<OrgCreated>(200, ct, text, body);
    let _ = decode_as::<Vec<OrgUser>>(200, ct, text, body);
    let _ = decode_as::<Plugin>(200, ct, text, body);
    let _ = decode_as::<PluginInfo>(200, ct, text, body);
    let _ = decode_as::<PluginHealth>(200, ct, text, body);
    let _ = decode_as::<Role>(200, ct, text, body);
    let _ = decode_as::<RolePermission>(200, ct, text, body);
    let _ = decode_as::<ResourcePermission>(200, ct, text, body);
    let _ = decode_as::<Vec<SearchHit>>(200, ct, text, body);
    let _ = decode_as::<ServiceAccount>(200, ct, text, body);
    let _ = decode_as::<ServiceAccountSearchResult>(200, ct, text, body);
    let _ = decode_as::<ServiceAccountUpdated>(200, ct, text, body);
    let _ = decode_as::<ServiceAccountToken>(200, ct, text, body);
    let _ = decode_as::<ServiceAccountTokenCreated>(200, ct, text, body);
    let _ = decode_as::<SnapshotCreated>(200, ct, text, body);
    let _ = decode_as::<Vec<SnapshotListItem>>(200, ct, text, body);
    let _ = decode_as::<SnapshotWithMeta>(200, ct, text, body);
    let _ = decode_as::<SharingOptions>(200, ct, text, body);
    let _ = decode_as::<QueryRequest>(200, ct, text, body);
    let _ = decode_as::<SmartQueryResponse>(200, ct, text, body);
    let _ = decode_as::<DatasourceHealthResponse>(200, ct, text, body);
    if let Ok(answer) = decode_as::<QueryResponse>(200, ct, text, body) {
        // The frame helpers read server data: no panic on any shape.
        let _ = answer.errors();
        for (_, frame) in answer.frames() {
            let _ = frame.len();
            for (i, column) in frame.columns().iter().enumerate() {
                let _ = frame.column(column.name);
                let _ = frame.field_values_f64(i);
            }
            let _ = frame.field_values_f64(usize::MAX);
        }
    }
    let _ = decode_as::<Vec<Team>>(200, ct, text, body);
    let _ = decode_as::<TeamSearchResult>(200, ct, text, body);
    let _ = decode_as::<TeamCreated>(200, ct, text, body);
    let _ = decode_as::<TeamMember>(200, ct, text, body);
    let _ = decode_as::<TeamGroup>(200, ct, text, body);
    let _ = decode_as::<UserProfile>(200, ct, text, body);
    let _ = decode_as::<UserOrg>(200, ct, text, body);
    let _ = decode_as::<UserTeam>(200, ct, text, body);
    let _ = decode_as::<Vec<UserSearchHit>>(200, ct, text, body);
    let _ = decode_as::<Preferences>(200, ct, text, body);
    let _ = decode_as::<QueryHistoryPreference>(200, ct, text, body);
    let _ = decode_as::<NavbarPreference>(200, ct, text, body);
    let _ = decode_as::<serde_json::Value>(200, ct, text, body);
    let _ = decode_as::<String>(200, ct, text, body);
    if let Err(e) = decode_as::<()>(204, ct, text, body) {
        let _ = e.to_string();
    }
});
