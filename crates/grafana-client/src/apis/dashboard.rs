//! Dashboards (`dashboard.grafana.app`): [`Dashboard`] (v1: the classic
//! dashboard JSON as its spec, kept as it is) and [`DashboardV2`] (schema v2:
//! typed elements, layouts and variables).
//!
//! Every typed part keeps what it does not name in `extra` (or as JSON), so
//! a dashboard read and written back loses nothing. The v2 types follow
//! Grafana's schema (`apps/dashboard/kinds/v2beta1/dashboard_spec.cue`):
//! everything is `{kind, spec}` nested.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::object::Object;

/// A dashboard at `v1beta1`/`v1` (or `v0alpha1`): the spec is the classic
/// dashboard JSON.
pub type Dashboard = Object<DashboardSpec, DashboardStatus>;

/// A dashboard at `v2alpha1`/`v2beta1`/`v2`: the schema-v2 spec.
pub type DashboardV2 = Object<DashboardV2Spec, DashboardStatus>;

/// `spec` of a v1 dashboard: the classic dashboard JSON (`title`, `panels`,
/// `templating`, `time`, `schemaVersion`, ...), kept whole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DashboardSpec(pub Map<String, Value>);

impl DashboardSpec {
    /// The spec of a dashboard JSON object (`None` if it is not an object).
    pub fn from_json(json: Value) -> Option<Self> {
        match json {
            Value::Object(map) => Some(DashboardSpec(map)),
            _ => None,
        }
    }

    /// The title, when it is a string.
    pub fn title(&self) -> Option<&str> {
        self.0.get("title").and_then(Value::as_str)
    }

    /// Sets the title.
    pub fn set_title(&mut self, title: impl Into<String>) {
        self.0.insert("title".into(), Value::String(title.into()));
    }

    /// The panels (empty when there are none).
    pub fn panels(&self) -> &[Value] {
        self.0
            .get("panels")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// One field.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// Sets one field.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        self.0.insert(key.into(), value);
    }

    /// The JSON object.
    pub fn into_json(self) -> Value {
        Value::Object(self.0)
    }
}

/// `status` of a dashboard (all versions).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DashboardStatus {
    /// Set when the dashboard was read at a version other than the one it
    /// is stored in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversion: Option<Conversion>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `status.conversion`: how a dashboard stored in one version was converted
/// for a read in another.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Conversion {
    /// The conversion failed: the spec is not the dashboard; read it again
    /// at [`stored_version`](Self::stored_version).
    #[serde(default)]
    pub failed: bool,
    /// The version the dashboard is stored in (`v2beta1`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored_version: Option<String>,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Conversion {
    /// Whether the dashboard should be read again at its stored version:
    /// the conversion failed, or it is stored as v2 and was read as v0/v1 (a
    /// down-conversion that loses layouts; grafana/grafana issue 106876),
    /// or the other way round.
    pub fn needs_reread(&self, read_version: &str) -> bool {
        match self.stored_version.as_deref() {
            Some(stored) if stored != read_version => {
                self.failed || is_v2(stored) != is_v2(read_version)
            }
            _ => self.failed && self.stored_version.is_some(),
        }
    }
}

/// Whether a dashboard API version is schema v2 (`v2alpha1`, `v2beta1`, `v2`).
pub fn is_v2(version: &str) -> bool {
    version == "v2" || version.starts_with("v2alpha") || version.starts_with("v2beta")
}

/// A `{kind, spec}` pair, the building block of schema v2, with whatever
/// else it carries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Kinded<S> {
    /// The kind (`Panel`, `QueryVariable`, ...).
    pub kind: String,
    /// Its spec.
    pub spec: S,
    /// Fields this type does not name (`group`, `version`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl<S> Kinded<S> {
    /// A `{kind, spec}`.
    pub fn new(kind: impl Into<String>, spec: S) -> Self {
        Kinded {
            kind: kind.into(),
            spec,
            extra: Map::new(),
        }
    }
}

/// `spec` of a v2 dashboard.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DashboardV2Spec {
    /// The title.
    #[serde(default)]
    pub title: String,
    /// The description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Whether the dashboard is editable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editable: Option<bool>,
    /// `Off`, `Crosshair` or `Tooltip`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor_sync: Option<String>,
    /// Load every panel at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preload: Option<bool>,
    /// Live-now mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_now: Option<bool>,
    /// Plugin revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<i64>,
    /// Dashboard links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Value>>,
    /// Time range, refresh, time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_settings: Option<TimeSettings>,
    /// Annotation queries (`{kind: "AnnotationQuery", spec}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Vec<Kinded<Value>>>,
    /// Variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variables: Option<Vec<Variable>>,
    /// Panels and library panels by element name.
    #[serde(default)]
    pub elements: BTreeMap<String, Element>,
    /// Where the elements are placed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<Layout>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `timeSettings` of a v2 dashboard.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TimeSettings {
    /// `browser`, `utc`, an IANA zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Start of the range (`now-6h`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// End of the range (`now`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Refresh interval (`30s`, empty for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_refresh: Option<String>,
    /// Refresh intervals offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_refresh_intervals: Option<Vec<String>>,
    /// Hide the time picker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide_timepicker: Option<bool>,
    /// First month of the fiscal year (0-11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_year_start_month: Option<i64>,
    /// Fields this type does not name (`weekStart`, `nowDelay`, `quickRanges`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A variable: `{kind: "QueryVariable" | "TextVariable" | ..., spec}`.
pub type Variable = Kinded<VariableSpec>;

/// The spec fields every variable kind has; the kind's own fields are in
/// `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VariableSpec {
    /// The name (`$name` in queries).
    #[serde(default)]
    pub name: String,
    /// The label shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `dontHide`, `hideLabel`, `hideVariable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide: Option<String>,
    /// The current value (`{text, value}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Value>,
    /// Fields of the kind (`query`, `options`, `multi`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Declares an enum over `{kind, spec}` values whose known kinds are typed
/// and whose unknown kinds are kept as JSON.
macro_rules! kinded_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident($spec:ty) = $kind:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        // Elements are read and matched, not moved around in bulk: direct
        // variants keep `Element::Panel(p)` patterns plain.
        #[allow(clippy::large_enum_variant)]
        pub enum $name {
            $($(#[$vmeta])* $variant(Kinded<$spec>),)*
            /// A kind this crate does not type, kept as it came.
            Other(Kinded<Value>),
        }

        impl $name {
            /// The `kind`.
            pub fn kind(&self) -> &str {
                match self {
                    $($name::$variant(k) => &k.kind,)*
                    $name::Other(k) => &k.kind,
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $($name::$variant(k) => k.serialize(s),)*
                    $name::Other(k) => k.serialize(s),
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = Value::deserialize(d)?;
                let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
                match kind {
                    $($kind => typed(value).map($name::$variant),)*
                    _ => typed(value).map($name::Other),
                }
            }
        }
    };
}

fn typed<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

kinded_enum! {
    /// One entry of `elements`: a panel or a library panel.
    Element {
        /// `Panel`.
        Panel(PanelSpec) = "Panel",
        /// `LibraryPanel`: a reference to a library panel.
        LibraryPanel(LibraryPanelRef) = "LibraryPanel",
    }
}

kinded_enum! {
    /// `layout` of a v2 dashboard (or of a row or tab).
    Layout {
        /// `GridLayout`: items at x/y with a width and height.
        Grid(GridLayoutSpec) = "GridLayout",
        /// `RowsLayout`: rows, each with its own layout.
        Rows(RowsLayoutSpec) = "RowsLayout",
        /// `TabsLayout`: tabs, each with its own layout.
        Tabs(TabsLayoutSpec) = "TabsLayout",
        /// `AutoGridLayout`: items placed automatically.
        AutoGrid(AutoGridLayoutSpec) = "AutoGridLayout",
    }
}

/// `spec` of a `Panel` element.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PanelSpec {
    /// The panel id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The title.
    #[serde(default)]
    pub title: String,
    /// The description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Panel links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Value>>,
    /// The queries: `{kind: "QueryGroup", spec}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Kinded<QueryGroupSpec>>,
    /// The visualization: `{kind: "VizConfig", group: <plugin id>, version, spec}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub viz_config: Option<Kinded<Value>>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl PanelSpec {
    /// The visualization plugin id (`timeseries`, `stat`, ...): `vizConfig.group`.
    pub fn plugin(&self) -> Option<&str> {
        self.viz_config.as_ref()?.extra.get("group")?.as_str()
    }
}

/// `spec` of a `QueryGroup`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QueryGroupSpec {
    /// The queries: `{kind: "PanelQuery", spec}`.
    #[serde(default)]
    pub queries: Vec<Kinded<PanelQuerySpec>>,
    /// Transformations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transformations: Option<Vec<Value>>,
    /// Query options (max data points, interval, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_options: Option<Value>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `spec` of a `PanelQuery`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PanelQuerySpec {
    /// The query: `{kind: "DataQuery", group: <datasource plugin id>,
    /// version, datasource: {name}, spec}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<Kinded<Value>>,
    /// The query's ref id (`A`).
    #[serde(default)]
    pub ref_id: String,
    /// Hidden from the panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `spec` of a `LibraryPanel` element.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LibraryPanelRef {
    /// The panel id in this dashboard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `{uid, name}` of the library panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library_panel: Option<Value>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `spec` of a `GridLayout`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GridLayoutSpec {
    /// The items: `{kind: "GridLayoutItem", spec}`.
    #[serde(default)]
    pub items: Vec<Kinded<GridItemSpec>>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `spec` of a `GridLayoutItem`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GridItemSpec {
    /// Column (0-23).
    #[serde(default)]
    pub x: i64,
    /// Row.
    #[serde(default)]
    pub y: i64,
    /// Width in columns.
    #[serde(default)]
    pub width: i64,
    /// Height in rows.
    #[serde(default)]
    pub height: i64,
    /// The element shown: `{kind: "ElementReference", name}`.
    #[serde(default)]
    pub element: ElementReference,
    /// Repeat options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<Value>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `{kind: "ElementReference", name}`: a key of `elements`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ElementReference {
    /// `ElementReference`.
    #[serde(default)]
    pub kind: String,
    /// The element's name.
    #[serde(default)]
    pub name: String,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ElementReference {
    /// A reference to the element of this name.
    pub fn to(name: impl Into<String>) -> Self {
        ElementReference {
            kind: "ElementReference".into(),
            name: name.into(),
            extra: Map::new(),
        }
    }
}

/// `spec` of a `RowsLayout`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RowsLayoutSpec {
    /// The rows: `{kind: "RowsLayoutRow", spec}`.
    #[serde(default)]
    pub rows: Vec<Kinded<SectionSpec>>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `spec` of a `TabsLayout`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TabsLayoutSpec {
    /// The tabs: `{kind: "TabsLayoutTab", spec}`.
    #[serde(default)]
    pub tabs: Vec<Kinded<SectionSpec>>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `spec` of a row or tab: a title and a nested layout.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SectionSpec {
    /// The title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The nested layout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<Layout>,
    /// Fields this type does not name (`collapse`, `repeat`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `spec` of an `AutoGridLayout`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AutoGridLayoutSpec {
    /// The items: `{kind: "AutoGridLayoutItem", spec: {element, ...}}`.
    #[serde(default)]
    pub items: Vec<Kinded<Value>>,
    /// Fields this type does not name (`maxColumnCount`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl DashboardV2Spec {
    /// The panels (elements of kind `Panel`), by element name.
    pub fn panels(&self) -> impl Iterator<Item = (&str, &PanelSpec)> {
        self.elements.iter().filter_map(|(name, e)| match e {
            Element::Panel(p) => Some((name.as_str(), &p.spec)),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn v2_fixture() -> Value {
        json!({
            "apiVersion": "dashboard.grafana.app/v2",
            "kind": "Dashboard",
            "metadata": {"name": "v2dash", "resourceVersion": "12", "generation": 1},
            "spec": {
                "title": "Service",
                "tags": ["a"],
                "cursorSync": "Off",
                "preload": false,
                "timeSettings": {"from": "now-6h", "to": "now", "timezone": "browser", "weekStart": "monday"},
                "annotations": [{"kind": "AnnotationQuery", "spec": {"name": "Annotations & Alerts", "builtIn": true}}],
                "variables": [
                    {"kind": "QueryVariable", "spec": {"name": "host", "query": {"kind": "DataQuery"}, "multi": true}},
                    {"kind": "SwitchVariable", "spec": {"name": "on", "current": "true"}}
                ],
                "elements": {
                    "panel-1": {"kind": "Panel", "spec": {
                        "id": 1, "title": "CPU", "links": [],
                        "data": {"kind": "QueryGroup", "spec": {
                            "queries": [{"kind": "PanelQuery", "spec": {
                                "refId": "A", "hidden": false,
                                "query": {"kind": "DataQuery", "group": "prometheus", "version": "v0", "spec": {"expr": "up"}}}}],
                            "transformations": [], "queryOptions": {}}},
                        "vizConfig": {"kind": "VizConfig", "group": "timeseries", "version": "12.0.0", "spec": {"options": {}, "fieldConfig": {"defaults": {}}}}}},
                    "lib": {"kind": "LibraryPanel", "spec": {"id": 2, "title": "L", "libraryPanel": {"uid": "u", "name": "n"}}},
                    "future": {"kind": "Widget", "spec": {"x": 1}}
                },
                "layout": {"kind": "RowsLayout", "spec": {"rows": [
                    {"kind": "RowsLayoutRow", "spec": {"title": "Row", "collapse": false, "layout": {
                        "kind": "GridLayout", "spec": {"items": [{"kind": "GridLayoutItem", "spec": {
                            "x": 0, "y": 0, "width": 12, "height": 8,
                            "element": {"kind": "ElementReference", "name": "panel-1"}}}]}}}},
                    {"kind": "RowsLayoutRow", "spec": {"title": "Tabs", "layout": {"kind": "TabsLayout", "spec": {"tabs": [
                        {"kind": "TabsLayoutTab", "spec": {"title": "T", "layout": {"kind": "AutoGridLayout", "spec": {"maxColumnCount": 3, "items": []}}}}]}}}}
                ]}},
                "somethingNew": {"x": [1, 2]}
            },
            "status": {"conversion": {"failed": false, "storedVersion": "v2"}}
        })
    }

    #[test]
    fn v2_dashboards_are_typed_and_lossless() {
        let wire = v2_fixture();
        let d: DashboardV2 = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!(d.spec.title, "Service");
        let panels: Vec<_> = d.spec.panels().collect();
        assert_eq!(panels.len(), 1);
        assert_eq!(panels[0].0, "panel-1");
        assert_eq!(panels[0].1.plugin(), Some("timeseries"));
        let q = &panels[0].1.data.as_ref().unwrap().spec.queries[0];
        assert_eq!(q.spec.ref_id, "A");
        assert_eq!(q.spec.query.as_ref().unwrap().extra["group"], "prometheus");
        assert!(
            matches!(&d.spec.elements["lib"], Element::LibraryPanel(l) if l.spec.library_panel.as_ref().unwrap()["uid"] == "u")
        );
        assert_eq!(d.spec.elements["future"].kind(), "Widget");
        let vars = d.spec.variables.as_ref().unwrap();
        assert_eq!(vars[0].kind, "QueryVariable");
        assert_eq!(vars[0].spec.name, "host");
        assert_eq!(vars[0].spec.extra["multi"], true);
        match d.spec.layout.as_ref().unwrap() {
            Layout::Rows(rows) => {
                assert_eq!(rows.spec.rows.len(), 2);
                match rows.spec.rows[0].spec.layout.as_ref().unwrap() {
                    Layout::Grid(g) => {
                        assert_eq!(g.spec.items[0].spec.width, 12);
                        assert_eq!(g.spec.items[0].spec.element.name, "panel-1");
                    }
                    other => panic!("{other:?}"),
                }
                assert!(matches!(
                    rows.spec.rows[1].spec.layout,
                    Some(Layout::Tabs(_))
                ));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            d.status
                .as_ref()
                .unwrap()
                .conversion
                .as_ref()
                .unwrap()
                .stored_version
                .as_deref(),
            Some("v2")
        );
        assert_eq!(serde_json::to_value(&d).unwrap(), wire);
    }

    #[test]
    fn v1_spec_is_kept_whole() {
        let wire = json!({"apiVersion": "dashboard.grafana.app/v1", "kind": "Dashboard",
            "metadata": {"name": "x"},
            "spec": {"title": "T", "panels": [{"id": 1, "gridPos": {"x": 0}}], "schemaVersion": 41, "odd": null}});
        let mut d: Dashboard = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!(d.spec.title(), Some("T"));
        assert_eq!(d.spec.panels().len(), 1);
        assert_eq!(serde_json::to_value(&d).unwrap(), wire);
        d.spec.set_title("U");
        assert_eq!(d.spec.title(), Some("U"));
    }

    #[test]
    fn conversion_rereads() {
        let c = |failed, stored: &str| Conversion {
            failed,
            stored_version: Some(stored.into()),
            ..Conversion::default()
        };
        assert!(c(false, "v2beta1").needs_reread("v1"));
        assert!(c(false, "v2").needs_reread("v1beta1"));
        assert!(!c(false, "v1beta1").needs_reread("v1"));
        assert!(c(true, "v1beta1").needs_reread("v1"));
        assert!(!c(false, "v1").needs_reread("v1"));
        assert!(c(false, "v0alpha1").needs_reread("v2"));
        assert!(!Conversion::default().needs_reread("v1"));
        assert!(is_v2("v2alpha1") && is_v2("v2") && !is_v2("v1") && !is_v2("v20"));
    }
}
