//! The snapshot dashboard: trimmed as Grafana's Scenes UI trims it, with the
//! queried frames embedded.
//!
//! Sources (facts only), in
//! `public/app/features/dashboard-scene/serialization/transformSceneToSaveModel.ts`:
//! `trimDashboardForSnapshot` (absolute ISO `time`, `links: []`, panel links
//! cleared, enabled annotations only as `{name, enable, iconColor, type,
//! builtIn, hide, snapshotData}`, variables with `query: ""`, `options:
//! [current]`, `refresh: 0` when those keys exist, single panel at
//! `{x:0,y:0,w:24,h:20}`) and `vizPanelDataToPanel` (panel `datasource` =
//! the `grafana` data source, one target `{refId: "A", datasource,
//! queryType: "snapshot", snapshot: frames}`, `transformations` kept: the
//! frames are the data before transformations). Scenes sets no `snapshot`
//! field on the dashboard; the server adds `snapshot.originalUrl`.

use serde_json::{json, Map, Value};

use super::range::to_iso;
use super::vars::ALL;
use super::{Plan, TimeRange};

/// The trimmed snapshot dashboard with `frames[i]` embedded into
/// `plan.panels[i]`.
///
/// A panel that has queries gets the frames given for it; a `-- Dashboard --`
/// panel (`PlannedPanel::reuse_panel`)
/// gets its own frames when given, else those of the panel it reuses. Panels
/// without queries (rows, text, panels left in collapsed rows) go out as they
/// are. The built-in annotation gets `annotation_events` as `snapshotData`.
pub fn assemble(
    dashboard: &Value,
    plan: &Plan,
    frames: &[Vec<Value>],
    annotation_events: &[Value],
    range: TimeRange,
    single_panel: bool,
) -> Value {
    let mut dash = match dashboard {
        Value::Object(o) => o.clone(),
        _ => Map::new(),
    };
    let grafana = json!({"type": "grafana", "uid": "grafana"});
    let mut panels = Vec::with_capacity(plan.panels.len());
    for (i, pp) in plan.panels.iter().enumerate() {
        let mut panel = pp.panel.clone();
        if let Some(o) = panel.as_object_mut() {
            if !pp.queries.is_empty() || pp.reuse_panel.is_some() {
                let own = frames
                    .get(i)
                    .filter(|f| !f.is_empty() || pp.reuse_panel.is_none());
                let data = own.or_else(|| {
                    let src = pp.reuse_panel?;
                    let j = plan.panels.iter().position(|q| q.id == Some(src))?;
                    frames.get(j)
                });
                o.insert("datasource".into(), grafana.clone());
                o.insert(
                    "targets".into(),
                    json!([{
                        "refId": "A",
                        "datasource": grafana,
                        "queryType": "snapshot",
                        "snapshot": data.cloned().unwrap_or_default(),
                    }]),
                );
            }
            if o.contains_key("links") {
                o.insert("links".into(), json!([]));
            }
            if single_panel {
                o.insert("gridPos".into(), json!({"h": 20, "w": 24, "x": 0, "y": 0}));
            }
        }
        panels.push(panel);
    }
    dash.insert("panels".into(), Value::Array(panels));
    dash.insert(
        "time".into(),
        json!({"from": to_iso(range.from_ms), "to": to_iso(range.to_ms)}),
    );
    dash.insert("links".into(), json!([]));

    if let Some(Value::Object(ann)) = dash.get_mut("annotations") {
        let list: Vec<Value> = ann
            .get("list")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|a| a.get("enable").and_then(Value::as_bool) == Some(true))
            .map(|a| trim_annotation(a, annotation_events))
            .collect();
        ann.insert("list".into(), Value::Array(list));
    }

    if let Some(list) = dash
        .get_mut("templating")
        .and_then(|t| t.get_mut("list"))
        .and_then(Value::as_array_mut)
    {
        for var in list.iter_mut() {
            trim_variable(var, plan);
        }
    }
    Value::Object(dash)
}

fn trim_annotation(a: &Value, events: &[Value]) -> Value {
    let mut out = Map::new();
    for key in ["name", "enable", "iconColor", "type", "builtIn", "hide"] {
        if let Some(v) = a.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    let built_in = match a.get("builtIn") {
        Some(Value::Number(n)) => n.as_f64() == Some(1.0),
        Some(Value::Bool(b)) => *b,
        _ => false,
    };
    let data = if built_in {
        events.to_vec()
    } else {
        Vec::new()
    };
    out.insert("snapshotData".into(), Value::Array(data));
    Value::Object(out)
}

fn trim_variable(var: &mut Value, plan: &Plan) {
    let name = var
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let Some(o) = var.as_object_mut() else { return };
    if let Some(values) = plan.variables.get(&name) {
        let options: Vec<(String, String)> = o
            .get("options")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|opt| {
                let v = opt.get("value")?.as_str()?.to_string();
                let t = opt
                    .get("text")
                    .and_then(Value::as_str)
                    .map_or_else(|| v.clone(), str::to_string);
                Some((t, v))
            })
            .collect();
        let old_texts: Vec<String> = match o.get("current").and_then(|c| c.get("text")) {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        let old_values: Vec<String> = match o.get("current").and_then(|c| c.get("value")) {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        let text_of = |v: &String| -> String {
            if v == ALL {
                return "All".into();
            }
            if let Some((t, _)) = options.iter().find(|(_, ov)| ov == v) {
                return t.clone();
            }
            match old_values.iter().position(|ov| ov == v) {
                Some(k) => old_texts.get(k).cloned().unwrap_or_else(|| v.clone()),
                None => v.clone(),
            }
        };
        let texts: Vec<String> = values.iter().map(text_of).collect();
        let multi = o.get("multi").and_then(Value::as_bool) == Some(true) || values.len() > 1;
        let current = if multi {
            json!({"text": texts, "value": values})
        } else {
            json!({
                "text": texts.first().cloned().unwrap_or_default(),
                "value": values.first().cloned().unwrap_or_default(),
            })
        };
        o.insert("current".into(), current);
    }
    if o.contains_key("query") {
        o.insert("query".into(), json!(""));
    }
    if o.contains_key("options") {
        let current = o
            .get("current")
            .filter(|c| c.as_object().is_some_and(|m| !m.is_empty()))
            .cloned();
        o.insert(
            "options".into(),
            Value::Array(current.into_iter().collect()),
        );
    }
    if o.contains_key("refresh") {
        o.insert("refresh".into(), json!(0));
    }
}
