//! Realistic payloads: dashboards made of Grafana-style panels (targets,
//! field config, overrides, options), the `GET /api/dashboards/uid/{uid}`
//! answer around one, and `/api/search` hits.
//!
//! Everything is deterministic: the same arguments give the same bytes.

use serde_json::{json, Value};

const KINDS: [&str; 5] = ["timeseries", "stat", "gauge", "table", "barchart"];
const SERVICES: [&str; 6] = ["api", "checkout", "search", "auth", "billing", "ingest"];

/// One panel (about 2.3 KB of JSON) of a dashboard.
pub fn panel(id: usize) -> Value {
    let kind = KINDS[id % KINDS.len()];
    let svc = SERVICES[id % SERVICES.len()];
    let x = (id % 2) * 12;
    let y = (id / 2) * 8;
    let ds = json!({"type": "prometheus", "uid": "prometheus-main"});
    json!({
        "id": id,
        "type": kind,
        "title": format!("{svc} p99 latency by route ({id})"),
        "description": format!("99th percentile of request latency of the {svc} service, per route, over the selected range"),
        "gridPos": {"h": 8, "w": 12, "x": x, "y": y},
        "datasource": ds,
        "pluginVersion": "11.3.0",
        "targets": [
            {
                "refId": "A",
                "datasource": ds,
                "editorMode": "code",
                "expr": format!("histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{{job=\"{svc}\", env=~\"$env\", cluster=~\"$cluster\"}}[$__rate_interval])))"),
                "legendFormat": "{{route}} p99",
                "range": true,
                "instant": false,
                "interval": "",
            },
            {
                "refId": "B",
                "datasource": ds,
                "editorMode": "code",
                "expr": format!("sum by (route) (rate(http_requests_total{{job=\"{svc}\", env=~\"$env\", code=~\"5..\"}}[$__rate_interval])) / sum by (route) (rate(http_requests_total{{job=\"{svc}\", env=~\"$env\"}}[$__rate_interval]))"),
                "legendFormat": "{{route}} errors",
                "range": true,
                "instant": false,
                "hide": id % 3 == 0,
            }
        ],
        "fieldConfig": {
            "defaults": {
                "unit": "s",
                "decimals": 2,
                "min": 0,
                "color": {"mode": "palette-classic"},
                "custom": {
                    "drawStyle": "line",
                    "lineInterpolation": "smooth",
                    "lineWidth": 1,
                    "fillOpacity": 10,
                    "gradientMode": "opacity",
                    "spanNulls": false,
                    "showPoints": "never",
                    "pointSize": 5,
                    "stacking": {"mode": "none", "group": "A"},
                    "axisPlacement": "auto",
                    "axisLabel": "",
                    "axisSoftMin": 0,
                    "scaleDistribution": {"type": "linear"},
                    "hideFrom": {"legend": false, "tooltip": false, "viz": false},
                    "thresholdsStyle": {"mode": "off"}
                },
                "thresholds": {
                    "mode": "absolute",
                    "steps": [
                        {"color": "green", "value": null},
                        {"color": "orange", "value": 0.5},
                        {"color": "red", "value": 1.5 + (id % 7) as f64 * 0.25}
                    ]
                },
                "mappings": []
            },
            "overrides": [
                {
                    "matcher": {"id": "byFrameRefID", "options": "B"},
                    "properties": [
                        {"id": "unit", "value": "percentunit"},
                        {"id": "custom.axisPlacement", "value": "right"},
                        {"id": "color", "value": {"mode": "fixed", "fixedColor": "red"}}
                    ]
                }
            ]
        },
        "options": {
            "legend": {"displayMode": "table", "placement": "bottom", "showLegend": true, "calcs": ["mean", "max", "lastNotNull"]},
            "tooltip": {"mode": "multi", "sort": "desc"}
        }
    })
}

/// A dashboard model with `uid` and `title`, filled with panels until its
/// compact JSON is at least `target_bytes` long.
pub fn dashboard(uid: &str, title: &str, target_bytes: usize) -> Value {
    let mut d = json!({
        "uid": uid,
        "title": title,
        "tags": ["bench", "latency", "prod"],
        "timezone": "browser",
        "editable": true,
        "graphTooltip": 1,
        "refresh": "30s",
        "schemaVersion": 39,
        "version": 1,
        "time": {"from": "now-6h", "to": "now"},
        "timepicker": {"refresh_intervals": ["10s", "30s", "1m", "5m", "15m", "1h"]},
        "templating": {"list": [
            {"name": "env", "type": "custom", "query": "prod,staging,dev", "current": {"text": "prod", "value": "prod"}, "multi": true, "includeAll": true},
            {"name": "cluster", "type": "query", "datasource": {"type": "prometheus", "uid": "prometheus-main"}, "query": "label_values(up{env=~\"$env\"}, cluster)", "refresh": 2, "multi": true, "includeAll": true}
        ]},
        "annotations": {"list": [
            {"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": true, "hide": true, "iconColor": "rgba(0, 211, 255, 1)", "name": "Annotations & Alerts", "type": "dashboard"}
        ]},
        "links": [],
        "panels": [],
    });
    // Compact JSON: each panel adds its own length and a comma.
    let mut size = serde_json::to_vec(&d).map_or(0, |v| v.len());
    let mut panels = Vec::new();
    while size < target_bytes || panels.is_empty() {
        let p = panel(panels.len() + 1);
        size += serde_json::to_vec(&p).map_or(0, |v| v.len()) + 1;
        panels.push(p);
    }
    d["panels"] = Value::Array(panels);
    d
}

/// The `GET /api/dashboards/uid/{uid}` answer around `dashboard`, with the
/// emulator's `meta` fields.
pub fn dashboard_with_meta(dashboard: Value) -> Value {
    let uid = dashboard["uid"].as_str().unwrap_or("").to_string();
    json!({
        "meta": {
            "type": "db", "canSave": true, "canEdit": true, "canAdmin": true, "canStar": true,
            "canDelete": true, "slug": "bench", "url": format!("/d/{uid}/bench"),
            "expires": "0001-01-01T00:00:00Z", "created": "2026-01-01T00:00:00Z",
            "updated": "2026-01-01T00:00:00Z", "updatedBy": "admin", "createdBy": "admin",
            "version": 1, "hasAcl": false, "isFolder": false, "folderId": 0, "folderUid": "",
            "folderTitle": "General", "folderUrl": "", "provisioned": false,
            "provisionedExternalId": "",
            "annotationsPermissions": {
                "dashboard": {"canAdd": true, "canEdit": true, "canDelete": true},
                "organization": {"canAdd": true, "canEdit": true, "canDelete": true}
            }
        },
        "dashboard": dashboard,
    })
}

/// `count` hits shaped like Grafana's `GET /api/search` answer (dashboards in
/// a handful of folders, a tenth of them at the root).
pub fn search_hits(count: usize) -> Value {
    let hits: Vec<Value> = (0..count)
        .map(|i| {
            let svc = SERVICES[i % SERVICES.len()];
            let uid = format!("d{i:07}-{svc}");
            let slug = format!("{svc}-service-overview-{i}");
            let mut hit = json!({
                "id": 1000 + i,
                "uid": uid,
                "orgId": 1,
                "title": format!("{svc} service overview {i}"),
                "uri": format!("db/{slug}"),
                "url": format!("/d/{uid}/{slug}"),
                "slug": "",
                "type": "dash-db",
                "tags": ["prod", svc, "slo"],
                "isStarred": i % 17 == 0,
                "sortMeta": 0,
            });
            if i % 10 != 0 {
                let f = i % 12;
                let folder_uid = format!("folder-{f:03}");
                let o = hit.as_object_mut().expect("object");
                o.insert("folderId".into(), json!(10 + f));
                o.insert("folderUid".into(), json!(folder_uid));
                o.insert("folderTitle".into(), json!(format!("Team {f}")));
                o.insert(
                    "folderUrl".into(),
                    json!(format!("/dashboards/f/{folder_uid}/team-{f}")),
                );
            }
            hit
        })
        .collect();
    Value::Array(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashboard_reaches_its_size_and_is_deterministic() {
        for target in [5_000, 50_000, 1_000_000] {
            let d = dashboard("u", "T", target);
            let n = serde_json::to_vec(&d).unwrap().len();
            assert!(n >= target && n < target + 4_000, "{target} -> {n}");
        }
        assert_eq!(dashboard("u", "T", 20_000), dashboard("u", "T", 20_000));
    }

    #[test]
    fn search_hits_decode_as_the_client_model() {
        let bytes = serde_json::to_vec(&search_hits(50)).unwrap();
        let hits: Vec<grafana_client::models::SearchHit> = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(hits.len(), 50);
        assert!(hits[0].folder_uid.is_none() && hits[1].folder_uid.is_some());
        assert!(hits[1].extra.contains_key("sortMeta"));
    }
}
