//! The query plan: which panels go into the snapshot and what each queries.
//!
//! Sources (facts only), in `public/app/features/dashboard-scene/serialization/transformSceneToSaveModel.ts`:
//! `gridRowToSaveModel` (rows; collapsed rows keep their panels nested),
//! `panelRepeaterToPanels` and `calculateGridItemDimensions` (repeated panels:
//! `maxPerRow` default 4, `24 / columns` wide, `scopedVars` per copy),
//! `vizPanelDataToPanel` (the snapshot target); data sources:
//! `public/app/features/dashboard-scene/serialization/transformSaveModelToScene.ts`
//! and `public/app/plugins/datasource/dashboard` (`-- Dashboard --`,
//! `targets[0].panelId`), `public/app/plugins/datasource/mixed` (`-- Mixed --`).
//!
//! Choices where the UI depends on the browser:
//! - `maxDataPoints`: the panel's own, else the panel's width in pixels on a
//!   1920 px wide dashboard (`gridPos.w × 80`; `w` 12 when missing), the way
//!   Scenes' `SceneQueryRunner` uses the container width.
//! - In a panel that is not `-- Mixed --`, targets use the panel's data source
//!   (expressions excepted); a panel without a data source uses each target's,
//!   else the default one.
//! - Repeats are expanded into plain panels: the copies lose `repeat`,
//!   `repeatDirection` and `maxPerRow` so that a viewer does not repeat them
//!   again; the first copy keeps the panel's id, the others get new ids above
//!   the dashboard's largest.
//! - Hidden targets (`hide: true`) are not sent.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Map, Value};

use super::range::{interval_ms, interval_str_to_ms, TimeRange};
use super::vars::{interpolate_value, scalar_string, Ctx, Scope, ScopedVar, Vars};
use super::{DataSourceInfo, Plan, PlanOptions, PlannedPanel, Skipped};

/// The uid of Grafana's `-- Dashboard --` data source.
pub(crate) const DASHBOARD_DS: &str = "-- Dashboard --";
/// The uid of Grafana's `-- Mixed --` data source.
pub(crate) const MIXED_DS: &str = "-- Mixed --";
const REPEAT_KEYS: [&str; 3] = ["repeat", "repeatDirection", "maxPerRow"];

/// Library panel uids referenced by the dashboard (top-level panels and the
/// panels of rows), each once, in order of appearance.
pub fn library_panel_uids(dashboard: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    collect_library(dashboard, &mut out, 0);
    out
}

fn collect_library(v: &Value, out: &mut Vec<String>, depth: usize) {
    let Some(panels) = v.get("panels").and_then(Value::as_array) else {
        return;
    };
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
        if depth < 8 {
            collect_library(p, out, depth + 1);
        }
    }
}

fn gi(p: &Value, key: &str) -> Option<i64> {
    p.get("gridPos")
        .and_then(|g| g.get(key))
        .and_then(Value::as_i64)
}

fn set_grid(p: &mut Value, x: i64, y: i64, w: i64, h: i64) {
    if let Some(o) = p.as_object_mut() {
        o.insert("gridPos".into(), json!({"h": h, "w": w, "x": x, "y": y}));
    }
}

fn set_y(p: &mut Value, y: i64) {
    if let Some(g) = p.get_mut("gridPos").and_then(Value::as_object_mut) {
        g.insert("y".into(), json!(y));
    }
}

fn is_row(p: &Value) -> bool {
    p.get("type").and_then(Value::as_str) == Some("row")
}

fn title_of(p: &Value) -> String {
    p.get("title")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn max_id(v: &Value, depth: usize) -> i64 {
    let mut m = v.get("id").and_then(Value::as_i64).unwrap_or(0);
    if depth < 8 {
        for p in v
            .get("panels")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            m = m.max(max_id(p, depth + 1));
        }
    }
    m
}

/// A resolved data source reference.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Ds {
    Ref { type_: String, uid: String },
    Mixed,
    Dashboard,
}

struct Planner<'a> {
    vars: Vars,
    library: &'a HashMap<String, Value>,
    datasources: &'a [DataSourceInfo],
    range: TimeRange,
    include_collapsed: bool,
    next_id: i64,
    out: Vec<PlannedPanel>,
    skipped: Vec<Skipped>,
    /// Queries of every planned panel by id, also of panels left in
    /// collapsed rows, for `-- Dashboard --` panels whose source is not
    /// queried itself.
    queries_by_id: HashMap<i64, Vec<Value>>,
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
    let mut p = Planner {
        vars: Vars::new(dashboard, datasources, overrides, range),
        library,
        datasources,
        range,
        include_collapsed: opts.include_collapsed_rows || opts.panel_id.is_some(),
        next_id: max_id(dashboard, 0).saturating_add(1).max(1),
        out: Vec::new(),
        skipped: Vec::new(),
        queries_by_id: HashMap::new(),
    };
    let empty = Vec::new();
    let panels = dashboard
        .get("panels")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    p.sections(panels);

    let mut out = std::mem::take(&mut p.out);
    let mut skipped = std::mem::take(&mut p.skipped);
    if let Some(want) = opts.panel_id {
        out.retain(|pp| pp.id == Some(want));
        out.truncate(1);
        skipped.retain(|s| s.panel_id == Some(want));
        if out.is_empty() {
            skipped.push(Skipped {
                panel_id: Some(want),
                title: String::new(),
                reason: format!("panel {want} is not in the dashboard"),
            });
        }
        for pp in &mut out {
            set_grid(&mut pp.panel, 0, 0, 24, 20);
        }
    }
    // A `-- Dashboard --` panel whose source panel is not in the output (or
    // not queried) runs the source's queries itself.
    let queried: Vec<i64> = out
        .iter()
        .filter(|pp| !pp.queries.is_empty())
        .filter_map(|pp| pp.id)
        .collect();
    for pp in &mut out {
        if let Some(src) = pp.reuse_panel {
            if !queried.contains(&src) {
                if let Some(q) = p.queries_by_id.get(&src).filter(|q| !q.is_empty()) {
                    pp.queries = q.clone();
                    pp.reuse_panel = None;
                }
            }
        }
    }
    Plan {
        panels: out,
        skipped,
        variables: p.vars.used(),
    }
}

impl Planner<'_> {
    /// Splits the top-level panels into sections (loose panels, then one per
    /// row with the panels below it) and plans each.
    fn sections(&mut self, panels: &[Value]) {
        let mut shift: i64 = 0;
        let mut i = 0;
        // Loose panels before the first row.
        let first_row = panels.iter().position(is_row).unwrap_or(panels.len());
        if first_row > 0 {
            shift = self.section(None, &panels[..first_row], shift);
        }
        i += first_row;
        while i < panels.len() {
            let row = &panels[i];
            let end = panels[i + 1..]
                .iter()
                .position(is_row)
                .map_or(panels.len(), |k| i + 1 + k);
            shift = self.section(Some(row), &panels[i + 1..end], shift);
            i = end;
        }
    }

    /// Plans one row (repeated if it says so) and its panels; returns the new
    /// vertical shift for what follows.
    fn section(&mut self, row: Option<&Value>, below: &[Value], shift: i64) -> i64 {
        let row_y = row
            .and_then(|r| gi(r, "y"))
            .unwrap_or_else(|| below.iter().filter_map(|p| gi(p, "y")).min().unwrap_or(0));
        let row_h = if row.is_some() { 1 } else { 0 };
        let nested: &[Value] = row
            .and_then(|r| r.get("panels"))
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice);
        let expand_nested = !nested.is_empty() && self.include_collapsed;
        // Members with their y in dashboard coordinates.
        let mut members: Vec<(i64, &Value)> = below
            .iter()
            .map(|p| (gi(p, "y").unwrap_or(row_y.saturating_add(row_h)), p))
            .collect();
        // Where the section ended in the dashboard (a collapsed row's panels
        // took no room there).
        let orig_bottom = members
            .iter()
            .map(|(y, p)| y.saturating_add(gi(p, "h").unwrap_or(0)))
            .fold(row_y.saturating_add(row_h), i64::max);
        if expand_nested {
            let min_y = nested.iter().filter_map(|p| gi(p, "y")).min().unwrap_or(0);
            for p in nested {
                let rel = gi(p, "y").unwrap_or(min_y).saturating_sub(min_y);
                members.push((row_y.saturating_add(1).saturating_add(rel), p));
            }
        }

        let scopes = match row {
            Some(r) => self.repeat_scopes(r, &Scope::new()),
            None => vec![Scope::new()],
        };
        let repeated_row = row.is_some_and(|r| r.get("repeat").is_some()) && !scopes.is_empty();
        let scopes = if scopes.is_empty() {
            vec![Scope::new()]
        } else {
            scopes
        };
        let mut block_y = row_y.saturating_add(shift);
        for (k, scope) in scopes.iter().enumerate() {
            let delta = block_y.saturating_sub(row_y);
            let mut bottom = block_y.saturating_add(row_h);
            if let Some(r) = row {
                let mut rp = r.clone();
                if let Some(o) = rp.as_object_mut() {
                    if repeated_row {
                        for key in REPEAT_KEYS {
                            o.remove(key);
                        }
                        o.insert("scopedVars".into(), scope_json(scope));
                        if k > 0 {
                            o.insert("id".into(), json!(self.new_id()));
                        }
                    }
                    if expand_nested {
                        o.insert("collapsed".into(), json!(false));
                        o.insert("panels".into(), json!([]));
                    }
                }
                set_y(&mut rp, block_y);
                if !expand_nested && !nested.is_empty() {
                    self.keep_collapsed(&mut rp, scope);
                }
                self.push_plain(rp, scope);
            }
            let mut inner_shift: i64 = 0;
            for (y, member) in &members {
                let y_out = y.saturating_add(delta).saturating_add(inner_shift);
                let (extra, end) = self.member(member, scope, y_out, k > 0);
                inner_shift = inner_shift.saturating_add(extra);
                bottom = bottom.max(end);
            }
            block_y = bottom;
        }
        block_y.saturating_sub(orig_bottom).max(shift)
    }

    fn new_id(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id = self.next_id.saturating_add(1);
        id
    }

    /// The scopes a panel or row repeats over (empty when it does not repeat
    /// or the variable is unknown).
    fn repeat_scopes(&self, p: &Value, base: &Scope) -> Vec<Scope> {
        let Some(name) = p
            .get("repeat")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
        else {
            return Vec::new();
        };
        let Some(var) = self.vars.get(name) else {
            return Vec::new();
        };
        var.expanded()
            .into_iter()
            .map(|(text, value)| {
                let mut s = base.clone();
                s.insert(name.to_string(), ScopedVar { text, value });
                s
            })
            .collect()
    }

    /// A collapsed row left collapsed: its panels keep their live queries.
    fn keep_collapsed(&mut self, row: &mut Value, scope: &Scope) {
        let Some(nested) = row.get("panels").and_then(Value::as_array).cloned() else {
            return;
        };
        for p in &nested {
            let has_targets = p
                .get("targets")
                .and_then(Value::as_array)
                .is_some_and(|t| !t.is_empty());
            let (queries, _, _) = self.queries(p, scope);
            if let Some(id) = p.get("id").and_then(Value::as_i64) {
                self.queries_by_id.entry(id).or_insert(queries);
            }
            if has_targets || p.get("libraryPanel").is_some() {
                self.skipped.push(Skipped {
                    panel_id: p.get("id").and_then(Value::as_i64),
                    title: Ctx::plain(&self.vars, scope).interpolate(&title_of(p)),
                    reason: "in a collapsed row (include_collapsed_rows is off)".into(),
                });
            }
        }
    }

    /// A panel without queries (row, text, …) goes out as it is.
    fn push_plain(&mut self, panel: Value, scope: &Scope) {
        let title = Ctx::plain(&self.vars, scope).interpolate(&title_of(&panel));
        self.out.push(PlannedPanel {
            id: panel.get("id").and_then(Value::as_i64),
            title,
            panel,
            queries: Vec::new(),
            reuse_panel: None,
        });
    }

    /// Plans one panel placed at `y` (library panel inlined, repeat
    /// expanded). Returns the extra height the repeat added and the bottom.
    /// `fresh_id`: a copy in a repeated row gets a new id.
    fn member(&mut self, member: &Value, scope: &Scope, y: i64, fresh_id: bool) -> (i64, i64) {
        let mut panel = member.clone();
        if !panel.is_object() {
            self.push_plain(panel, scope);
            return (0, y);
        }
        set_y(&mut panel, y);
        if fresh_id {
            let id = self.new_id();
            if let Some(o) = panel.as_object_mut() {
                o.insert("id".into(), json!(id));
            }
        }
        if let Some(uid) = member
            .get("libraryPanel")
            .and_then(|l| l.get("uid"))
            .and_then(Value::as_str)
        {
            match self.library.get(uid).filter(|m| m.is_object()) {
                Some(model) => panel = inline_library(model, &panel),
                None => {
                    self.skipped.push(Skipped {
                        panel_id: member.get("id").and_then(Value::as_i64),
                        title: title_of(member),
                        reason: format!("library panel {uid:?} was not provided"),
                    });
                    self.push_plain(panel, scope);
                    return (0, y.saturating_add(gi(member, "h").unwrap_or(0)));
                }
            }
        }
        let x = gi(&panel, "x").unwrap_or(0);
        let w = gi(&panel, "w").unwrap_or(12);
        let h = gi(&panel, "h").unwrap_or(8);
        let scopes = self.repeat_scopes(&panel, scope);
        if scopes.is_empty() {
            self.push_queried(panel, scope);
            return (0, y.saturating_add(h));
        }
        // panelRepeaterToPanels / calculateGridItemDimensions.
        let n = scopes.len() as i64;
        let vertical = panel.get("repeatDirection").and_then(Value::as_str) == Some("v");
        let max_per_row = panel
            .get("maxPerRow")
            .and_then(Value::as_i64)
            .filter(|m| *m > 0)
            .unwrap_or(4);
        let rows = (n + max_per_row - 1) / max_per_row;
        let columns = ((n + rows - 1) / rows).max(1);
        let cw = (24 / columns).max(1);
        for (i, s) in scopes.iter().enumerate() {
            let i = i as i64;
            let mut copy = panel.clone();
            if let Some(o) = copy.as_object_mut() {
                for key in REPEAT_KEYS {
                    o.remove(key);
                }
                o.insert("scopedVars".into(), scope_json(s));
                if i > 0 {
                    o.insert("id".into(), json!(self.new_id()));
                }
            }
            if vertical {
                set_grid(&mut copy, x, y.saturating_add(i.saturating_mul(h)), w, h);
            } else {
                let yy = y.saturating_add((i / columns).saturating_mul(h));
                set_grid(&mut copy, (i % columns) * cw, yy, cw, h);
            }
            self.push_queried(copy, s);
        }
        let height = if vertical { n } else { rows }.saturating_mul(h);
        (height.saturating_sub(h), y.saturating_add(height))
    }

    /// Plans the queries of one output panel.
    fn push_queried(&mut self, mut panel: Value, scope: &Scope) {
        if !scope.is_empty() && panel.get("scopedVars").is_none() {
            if let Some(o) = panel.as_object_mut() {
                o.insert("scopedVars".into(), scope_json(scope));
            }
        }
        let id = panel.get("id").and_then(Value::as_i64);
        let title = Ctx::plain(&self.vars, scope).interpolate(&title_of(&panel));
        let has_targets = panel
            .get("targets")
            .and_then(Value::as_array)
            .is_some_and(|t| !t.is_empty());
        let (queries, reuse, why) = self.queries(&panel, scope);
        if let Some(id) = id {
            self.queries_by_id
                .entry(id)
                .or_insert_with(|| queries.clone());
        }
        if has_targets && queries.is_empty() && reuse.is_none() {
            self.skipped.push(Skipped {
                panel_id: id,
                title: title.clone(),
                reason: why.unwrap_or_else(|| "no target to query".into()),
            });
        }
        self.out.push(PlannedPanel {
            id,
            title,
            panel,
            queries,
            reuse_panel: reuse,
        });
    }

    /// The `/api/ds/query` queries of a panel, the panel it reuses
    /// (`-- Dashboard --`) and, when there are none, why.
    fn queries(&self, panel: &Value, scope: &Scope) -> (Vec<Value>, Option<i64>, Option<String>) {
        let Some(targets) = panel.get("targets").and_then(Value::as_array) else {
            return (Vec::new(), None, None);
        };
        if is_row(panel) {
            return (Vec::new(), None, None);
        }
        let plain = Ctx::plain(&self.vars, scope);
        let panel_ds = match panel.get("datasource") {
            None | Some(Value::Null) => None,
            Some(v) => Some(self.resolve_ds(v, &plain)),
        };
        if panel_ds == Some(Ds::Dashboard) {
            let src = targets
                .first()
                .and_then(|t| t.get("panelId"))
                .and_then(|v| {
                    v.as_i64()
                        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                });
            return match src {
                Some(src) => (Vec::new(), Some(src), None),
                None => (
                    Vec::new(),
                    None,
                    Some("-- Dashboard -- data source without a source panelId".into()),
                ),
            };
        }
        let max_points = panel
            .get("maxDataPoints")
            .and_then(Value::as_u64)
            .filter(|m| *m > 0)
            .map(|m| u32::try_from(m).unwrap_or(u32::MAX))
            .unwrap_or_else(|| {
                let w = gi(panel, "w").unwrap_or(12).clamp(1, 24);
                (w * 80) as u32
            });
        let min_interval = panel
            .get("interval")
            .and_then(Value::as_str)
            .map(|s| plain.interpolate(s))
            .and_then(|s| interval_str_to_ms(&s));
        let iv = interval_ms(self.range, max_points, min_interval);

        let mut used_ids: Vec<String> = targets
            .iter()
            .filter_map(|t| t.get("refId").and_then(Value::as_str))
            .map(str::to_string)
            .collect();
        let mut queries = Vec::new();
        let mut why = None;
        let mut hidden = 0;
        for t in targets {
            let Some(obj) = t.as_object() else { continue };
            if obj.get("hide").and_then(Value::as_bool) == Some(true) {
                hidden += 1;
                continue;
            }
            let own = match obj.get("datasource") {
                None | Some(Value::Null) => None,
                Some(v) => Some(self.resolve_ds(v, &plain)),
            };
            let is_expr = matches!(&own, Some(Ds::Ref { type_, .. }) if type_ == "__expr__");
            let ds = match (&panel_ds, own) {
                (_, Some(e)) if is_expr => Some(e),
                (Some(Ds::Mixed) | None, Some(d)) => Some(d),
                (Some(Ds::Mixed) | None, None) => self.default_ds(),
                (Some(p), _) => Some(p.clone()),
            };
            let (type_, uid) = match ds {
                Some(Ds::Ref { type_, uid }) => (type_, uid),
                _ => {
                    why = Some("no data source: neither the panel nor the target names one and there is no default data source".to_string());
                    continue;
                }
            };
            let ctx = Ctx {
                vars: &self.vars,
                scope,
                interval_ms: iv,
                ds_type: &type_,
            };
            let mut q = Value::Object(obj.clone());
            interpolate_value(&mut q, &ctx, 0);
            let Some(o) = q.as_object_mut() else { continue };
            let ref_id = match obj.get("refId").and_then(Value::as_str) {
                Some(r) if !r.is_empty() => r.to_string(),
                _ => {
                    let r = next_ref_id(&used_ids);
                    used_ids.push(r.clone());
                    r
                }
            };
            o.insert("refId".into(), json!(ref_id));
            o.insert("datasource".into(), json!({"type": type_, "uid": uid}));
            o.insert("intervalMs".into(), json!(iv));
            o.insert("maxDataPoints".into(), json!(max_points));
            queries.push(q);
        }
        if queries.is_empty() && why.is_none() && hidden > 0 {
            why = Some("every target is hidden".into());
        }
        (queries, None, why)
    }

    fn default_ds(&self) -> Option<Ds> {
        self.datasources
            .iter()
            .find(|d| d.is_default)
            .map(|d| Ds::Ref {
                type_: d.type_.clone(),
                uid: d.uid.clone(),
            })
    }

    fn by_uid_or_name(&self, key: &str) -> Option<Ds> {
        self.datasources
            .iter()
            .find(|d| d.uid == key)
            .or_else(|| self.datasources.iter().find(|d| d.name == key))
            .map(|d| Ds::Ref {
                type_: d.type_.clone(),
                uid: d.uid.clone(),
            })
    }

    fn special(&self, key: &str, type_: Option<&str>) -> Option<Ds> {
        match key {
            DASHBOARD_DS => Some(Ds::Dashboard),
            MIXED_DS => Some(Ds::Mixed),
            "grafana" | "-- Grafana --" => Some(Ds::Ref {
                type_: "grafana".into(),
                uid: "grafana".into(),
            }),
            "__expr__" | "-- Expressions --" => Some(expr()),
            _ if type_ == Some("__expr__") => Some(expr()),
            _ => None,
        }
    }

    /// A panel's or target's `datasource`: `{type, uid}` (uid may be a
    /// variable), a legacy name string, or `null`.
    fn resolve_ds(&self, v: &Value, ctx: &Ctx<'_>) -> Ds {
        let unknown = |type_: &str, uid: &str| Ds::Ref {
            type_: type_.to_string(),
            uid: uid.to_string(),
        };
        match v {
            Value::String(s) => {
                let s = ctx.interpolate(s);
                if s == "default" || s.is_empty() {
                    return self.default_ds().unwrap_or_else(|| unknown("", &s));
                }
                self.special(&s, None)
                    .or_else(|| self.by_uid_or_name(&s))
                    .unwrap_or_else(|| unknown("", &s))
            }
            Value::Object(o) => {
                let type_ = o.get("type").and_then(Value::as_str);
                let uid = o
                    .get("uid")
                    .and_then(scalar_string)
                    .map(|u| ctx.interpolate(&u))
                    .filter(|u| !u.is_empty());
                match uid {
                    Some(u) => self
                        .special(&u, type_)
                        .or_else(|| self.by_uid_or_name(&u))
                        .unwrap_or_else(|| unknown(type_.unwrap_or_default(), &u)),
                    None => match type_ {
                        Some("__expr__") => expr(),
                        Some("datasource") => Ds::Mixed,
                        Some(t) => self
                            .datasources
                            .iter()
                            .filter(|d| d.type_ == t)
                            .max_by_key(|d| d.is_default)
                            .map(|d| unknown(&d.type_, &d.uid))
                            .or_else(|| self.default_ds())
                            .unwrap_or_else(|| unknown(t, "")),
                        None => self.default_ds().unwrap_or_else(|| unknown("", "")),
                    },
                }
            }
            _ => self.default_ds().unwrap_or_else(|| unknown("", "")),
        }
    }
}

fn expr() -> Ds {
    Ds::Ref {
        type_: "__expr__".into(),
        uid: "__expr__".into(),
    }
}

/// The next free refId: A … Z, then AA, AB, … (`getNextRefId`).
fn next_ref_id(used: &[String]) -> String {
    for n in 0..100_000usize {
        let mut s = String::new();
        let mut k = n;
        loop {
            s.insert(0, (b'A' + (k % 26) as u8) as char);
            if k < 26 {
                break;
            }
            k = k / 26 - 1;
        }
        if !used.contains(&s) {
            return s;
        }
    }
    "A".into()
}

fn scope_json(scope: &Scope) -> Value {
    let mut m = Map::new();
    for (k, v) in scope {
        m.insert(k.clone(), json!({"text": v.text, "value": v.value}));
    }
    Value::Object(m)
}

/// The library panel's model in place of the reference: the dashboard
/// panel's id and gridPos win, the reference goes (the snapshot must render
/// without the library element).
fn inline_library(model: &Value, dash_panel: &Value) -> Value {
    let mut p = model.clone();
    if let Some(o) = p.as_object_mut() {
        o.remove("libraryPanel");
        for key in ["id", "gridPos"] {
            match dash_panel.get(key) {
                Some(v) => {
                    o.insert(key.into(), v.clone());
                }
                None => {
                    o.remove(key);
                }
            }
        }
        for key in [
            "title",
            "repeat",
            "repeatDirection",
            "maxPerRow",
            "scopedVars",
        ] {
            if !o.contains_key(key) {
                if let Some(v) = dash_panel.get(key) {
                    o.insert(key.into(), v.clone());
                }
            }
        }
    }
    p
}

impl<'a> Ctx<'a> {
    /// Interpolation outside a query (titles, data source names).
    pub(crate) fn plain(vars: &'a Vars, scope: &'a Scope) -> Ctx<'a> {
        Ctx {
            vars,
            scope,
            interval_ms: 0,
            ds_type: "",
        }
    }
}
