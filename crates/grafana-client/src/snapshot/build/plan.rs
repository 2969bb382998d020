//! The query plan: which panels go into the snapshot and what each queries.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::{DataSourceInfo, Plan, PlanOptions, PlannedPanel, TimeRange};

/// Library panel uids referenced by the dashboard (top-level panels and the
/// panels of rows), each once, in order of appearance.
pub fn library_panel_uids(dashboard: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut stack: Vec<&Value> = vec![dashboard];
    while let Some(v) = stack.pop() {
        let Some(panels) = v.get("panels").and_then(Value::as_array) else {
            continue;
        };
        for p in panels.iter().rev() {
            stack.push(p);
        }
        for p in panels {
            if let Some(uid) = p
                .get("libraryPanel")
                .and_then(|l| l.get("uid"))
                .and_then(Value::as_str)
            {
                if !uid.is_empty() && !out.iter().any(|u| u == uid) {
                    out.push(uid.to_string());
                }
            }
        }
    }
    out
}

/// Plans the snapshot. `overrides` are caller-supplied variable values (they
/// win over the dashboard's `current`).
pub fn plan(
    dashboard: &Value,
    library: &HashMap<String, Value>,
    datasources: &[DataSourceInfo],
    overrides: &BTreeMap<String, Vec<String>>,
    range: TimeRange,
    opts: &PlanOptions,
) -> Plan {
    let _ = (library, datasources, overrides, range, opts);
    let panels = dashboard
        .get("panels")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .map(|p| PlannedPanel {
                    id: p.get("id").and_then(Value::as_i64),
                    title: p
                        .get("title")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                    panel: p.clone(),
                    queries: Vec::new(),
                    reuse_panel: None,
                })
                .collect()
        })
        .unwrap_or_default();
    Plan {
        panels,
        ..Plan::default()
    }
}
