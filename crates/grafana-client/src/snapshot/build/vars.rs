//! Template variables: the values a snapshot uses and Grafana's interpolation
//! of `$var`, `${var}`, `${var:format}` and `[[var]]` in queries.
//!
//! Sources (facts only): `public/app/features/templating/template_srv.ts`
//! (`replace`, `formatValue`, the variable regex and the `$__all` handling),
//! `public/app/features/templating/formatRegistry.ts` (the formats),
//! `public/app/plugins/datasource/prometheus` (`interpolateQueryExpr`: the
//! regex form of multi values) and `public/app/features/variables/utils.ts`.
//!
//! Formats supported in `${var:format}`: `csv`, `pipe`, `regex`, `glob`,
//! `json`, `singlequote`, `doublequote`, `sqlstring`, `raw`, `text`,
//! `queryparam`, `percentencode`, `lucene`, `distributed`, and `date`
//! (`date`, `date:iso`, `date:seconds`, `date:ms`) for `$__from`/`$__to`. An
//! unknown format falls back to `glob`, as Grafana does.
//!
//! Without a format, multi values are `{a,b}` (glob), except for Prometheus
//! and Loki, which use an escaped regex alternation `(a|b)`.

use std::collections::BTreeMap;

use serde_json::Value;

use super::range::{interval_str_to_ms, round_interval, seconds_to_hms, to_iso, TimeRange};
use super::DataSourceInfo;

/// The value that means "All" in a variable's `current`.
pub(crate) const ALL: &str = "$__all";

/// One dashboard variable as the snapshot uses it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Variable {
    pub name: String,
    pub type_: String,
    pub multi: bool,
    pub include_all: bool,
    pub all_value: Option<String>,
    /// `(text, value)` of every option except `$__all`.
    pub options: Vec<(String, String)>,
    /// The selected values (`$__all` kept as such).
    pub values: Vec<String>,
    /// The selected texts, parallel to `values`.
    pub texts: Vec<String>,
}

impl Variable {
    pub(crate) fn is_all(&self) -> bool {
        self.values.iter().any(|v| v == ALL)
    }

    /// The values to repeat over or to format: `$__all` expanded to every
    /// option (text, value).
    pub(crate) fn expanded(&self) -> Vec<(String, String)> {
        if self.is_all() {
            return self.options.clone();
        }
        self.values
            .iter()
            .zip(self.texts.iter().chain(std::iter::repeat(&String::new())))
            .map(|(v, t)| (if t.is_empty() { v.clone() } else { t.clone() }, v.clone()))
            .collect()
    }

    fn text_of(&self, value: &str) -> String {
        if value == ALL {
            return "All".to_string();
        }
        self.options
            .iter()
            .find(|(_, v)| v == value)
            .map_or_else(|| value.to_string(), |(t, _)| t.clone())
    }
}

/// A repeat's value for one variable: `scopedVars[name] = {text, value}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ScopedVar {
    pub text: String,
    pub value: String,
}

/// Scoped variables of a repeated panel or row.
pub(crate) type Scope = BTreeMap<String, ScopedVar>;

/// The dashboard's variables and built-ins.
#[derive(Clone, Debug, Default)]
pub(crate) struct Vars {
    pub list: Vec<Variable>,
    pub title: String,
    pub range: TimeRange,
    /// Data source uid by name, for data-source variables.
    pub ds_uid_by_name: BTreeMap<String, String>,
    pub default_ds_uid: Option<String>,
}

fn str_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(scalar_string).collect(),
        Some(other) => scalar_string(other).into_iter().collect(),
        None => Vec::new(),
    }
}

/// A JSON scalar as Grafana would show it; `None` for null, arrays, objects.
pub(crate) fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Options of a custom variable from its query: `a,b` or `text : value`
/// items (`public/app/features/variables/custom/reducer.ts`).
fn custom_options(query: &str) -> Vec<(String, String)> {
    query
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| match item.split_once(" : ") {
            Some((t, v)) => (t.trim().to_string(), v.trim().to_string()),
            None => (item.to_string(), item.to_string()),
        })
        .collect()
}

impl Vars {
    /// Reads `templating.list`; `overrides` win over `current`.
    pub(crate) fn new(
        dashboard: &Value,
        datasources: &[DataSourceInfo],
        overrides: &BTreeMap<String, Vec<String>>,
        range: TimeRange,
    ) -> Vars {
        let mut vars = Vars {
            title: dashboard
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            range,
            ds_uid_by_name: datasources
                .iter()
                .map(|d| (d.name.clone(), d.uid.clone()))
                .collect(),
            default_ds_uid: datasources
                .iter()
                .find(|d| d.is_default)
                .map(|d| d.uid.clone()),
            list: Vec::new(),
        };
        let list = dashboard
            .get("templating")
            .and_then(|t| t.get("list"))
            .and_then(Value::as_array);
        for v in list.into_iter().flatten() {
            let Some(name) = v
                .get("name")
                .and_then(Value::as_str)
                .filter(|n| !n.is_empty())
            else {
                continue;
            };
            if vars.list.iter().any(|x| x.name == name) {
                continue;
            }
            let type_ = v.get("type").and_then(Value::as_str).unwrap_or_default();
            let query = v.get("query").and_then(Value::as_str).unwrap_or_default();
            let mut options: Vec<(String, String)> = v
                .get("options")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|o| {
                    let value = o.get("value").and_then(scalar_string)?;
                    let text = o
                        .get("text")
                        .and_then(scalar_string)
                        .unwrap_or_else(|| value.clone());
                    Some((text, value))
                })
                .filter(|(_, v)| v != ALL)
                .collect();
            if options.is_empty() && type_ == "custom" {
                options = custom_options(query);
            }
            let current = v.get("current");
            let mut values = str_list(current.and_then(|c| c.get("value")));
            let mut texts = str_list(current.and_then(|c| c.get("text")));
            if values.is_empty() {
                match type_ {
                    "constant" => values = vec![query.to_string()],
                    "textbox" => values = vec![query.to_string()],
                    _ => {
                        if let Some((t, v)) = options.first() {
                            values = vec![v.clone()];
                            texts = vec![t.clone()];
                        }
                    }
                }
            }
            let mut var = Variable {
                name: name.to_string(),
                type_: type_.to_string(),
                multi: v.get("multi").and_then(Value::as_bool).unwrap_or(false),
                include_all: v
                    .get("includeAll")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                all_value: v
                    .get("allValue")
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
                options,
                values,
                texts,
            };
            if let Some(o) = overrides.get(name) {
                var.values = o.clone();
                var.texts = o.iter().map(|v| var.text_of(v)).collect();
            }
            if var.texts.len() != var.values.len() {
                var.texts = var.values.iter().map(|v| var.text_of(v)).collect();
            }
            if var.type_ == "interval" {
                var.values = var
                    .values
                    .iter()
                    .map(|iv| auto_interval(v, iv, range).unwrap_or_else(|| iv.clone()))
                    .collect();
            }
            vars.list.push(var);
        }
        // Caller values for names the dashboard does not declare act as constants.
        for (name, values) in overrides {
            if !vars.list.iter().any(|v| &v.name == name) {
                vars.list.push(Variable {
                    name: name.clone(),
                    type_: "constant".into(),
                    multi: values.len() > 1,
                    values: values.clone(),
                    texts: values.clone(),
                    ..Variable::default()
                });
            }
        }
        vars
    }

    pub(crate) fn get(&self, name: &str) -> Option<&Variable> {
        self.list.iter().find(|v| v.name == name)
    }

    /// The values used, for trimming (`$__all` kept).
    pub(crate) fn used(&self) -> BTreeMap<String, Vec<String>> {
        self.list
            .iter()
            .map(|v| (v.name.clone(), v.values.clone()))
            .collect()
    }

    /// A data-source variable's value as a data source uid (by uid, else by
    /// name; `default` is the default data source).
    fn ds_uid(&self, value: &str) -> String {
        if value == "default" {
            if let Some(uid) = &self.default_ds_uid {
                return uid.clone();
            }
        }
        if self.ds_uid_by_name.values().any(|u| u == value) {
            return value.to_string();
        }
        self.ds_uid_by_name
            .get(value)
            .cloned()
            .unwrap_or_else(|| value.to_string())
    }
}

/// `auto` interval variables: `roundInterval(range / auto_count)`, at least
/// `auto_min` (`public/app/features/variables/interval/actions.ts`).
fn auto_interval(var: &Value, value: &str, range: TimeRange) -> Option<String> {
    if value != "auto" && !value.starts_with("$__auto_interval") {
        return None;
    }
    let count = var
        .get("auto_count")
        .and_then(Value::as_i64)
        .filter(|c| *c > 0)
        .unwrap_or(30);
    let min = var
        .get("auto_min")
        .and_then(Value::as_str)
        .and_then(interval_str_to_ms)
        .unwrap_or(10_000);
    Some(seconds_to_hms(
        round_interval(range.span_ms() / count).max(min),
    ))
}

/// What interpolation needs besides the variables.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ctx<'a> {
    pub vars: &'a Vars,
    pub scope: &'a Scope,
    pub interval_ms: i64,
    /// The plugin type of the query's data source (for default formatting).
    pub ds_type: &'a str,
}

/// A resolved variable reference.
struct Resolved {
    values: Vec<String>,
    texts: Vec<String>,
    /// Formatted as a list (multi-value or All) rather than one value.
    multi: bool,
    /// Prometheus' `!variable.multi && !variable.includeAll` case.
    plain: bool,
    /// A custom `allValue`: returned as it is, unformatted.
    raw_all: Option<String>,
    /// `$__from`/`$__to`: epoch ms, for the `date` format.
    time_ms: Option<i64>,
}

impl Ctx<'_> {
    fn resolve(&self, name: &str) -> Option<Resolved> {
        let one = |s: String| Resolved {
            values: vec![s.clone()],
            texts: vec![s],
            multi: false,
            plain: true,
            raw_all: None,
            time_ms: None,
        };
        if let Some(s) = self.scope.get(name) {
            let mut r = one(s.value.clone());
            r.texts = vec![s.text.clone()];
            if s.value == ALL {
                if let Some(var) = self.vars.get(name) {
                    return Some(self.of_variable(var));
                }
            }
            return Some(r);
        }
        let range = self.vars.range;
        let span = range.span_ms();
        let builtin = match name {
            "__interval" => Some(seconds_to_hms(self.interval_ms)),
            "__interval_ms" => Some(self.interval_ms.to_string()),
            "__range" => Some(format!("{}s", (span + 500) / 1000)),
            "__range_s" => Some(((span + 500) / 1000).to_string()),
            "__range_ms" => Some(span.to_string()),
            "__rate_interval" => Some(seconds_to_hms(
                self.interval_ms.saturating_add(15_000).max(60_000),
            )),
            "__rate_interval_ms" => Some(
                self.interval_ms
                    .saturating_add(15_000)
                    .max(60_000)
                    .to_string(),
            ),
            "__dashboard" => Some(self.vars.title.clone()),
            "__timezone" => Some("utc".to_string()),
            "__from" | "__to" => {
                let ms = if name == "__from" {
                    range.from_ms
                } else {
                    range.to_ms
                };
                let mut r = one(ms.to_string());
                r.time_ms = Some(ms);
                return Some(r);
            }
            _ => None,
        };
        if let Some(b) = builtin {
            return Some(one(b));
        }
        self.vars.get(name).map(|v| self.of_variable(v))
    }

    fn of_variable(&self, var: &Variable) -> Resolved {
        let map_ds = |v: &String| {
            if var.type_ == "datasource" {
                self.vars.ds_uid(v)
            } else {
                v.clone()
            }
        };
        if var.is_all() {
            if let Some(all) = &var.all_value {
                return Resolved {
                    values: vec![all.clone()],
                    texts: vec!["All".into()],
                    multi: false,
                    plain: false,
                    raw_all: Some(all.clone()),
                    time_ms: None,
                };
            }
            let (texts, values): (Vec<String>, Vec<String>) = var.options.iter().cloned().unzip();
            return Resolved {
                values: values.iter().map(map_ds).collect(),
                texts,
                multi: true,
                plain: false,
                raw_all: None,
                time_ms: None,
            };
        }
        Resolved {
            values: var.values.iter().map(map_ds).collect(),
            texts: var.texts.clone(),
            multi: var.multi || var.values.len() > 1,
            plain: !var.multi && !var.include_all,
            raw_all: None,
            time_ms: None,
        }
    }

    /// Replaces every known variable reference in `text`; unknown ones stay.
    pub(crate) fn interpolate(&self, text: &str) -> String {
        self.interpolate_depth(text, 0)
    }

    fn interpolate_depth(&self, text: &str, depth: u8) -> String {
        if !text.contains('$') && !text.contains("[[") {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while !rest.is_empty() {
            let Some(pos) = rest.find(['$', '[']) else {
                out.push_str(rest);
                break;
            };
            out.push_str(&rest[..pos]);
            rest = &rest[pos..];
            match parse_ref(rest) {
                Some((len, r)) => {
                    let whole = &rest[..len];
                    match self.render(&r, depth) {
                        Some(s) => out.push_str(&s),
                        None => out.push_str(whole),
                    }
                    rest = &rest[len..];
                }
                None => {
                    // Not a reference: copy the one character and go on.
                    let ch_len = rest.chars().next().map_or(1, char::len_utf8);
                    out.push_str(&rest[..ch_len]);
                    rest = &rest[ch_len..];
                }
            }
        }
        out
    }

    fn render(&self, r: &Ref<'_>, depth: u8) -> Option<String> {
        if r.field.is_some() {
            return None;
        }
        let res = self.resolve(r.name)?;
        if let Some(all) = &res.raw_all {
            let fmt = r.format.map(|f| f.split(':').next().unwrap_or(f));
            if !matches!(fmt, Some("text" | "percentencode")) {
                return Some(if depth < 4 {
                    self.interpolate_depth(all, depth + 1)
                } else {
                    all.clone()
                });
            }
        }
        Some(format_value(&res, r.format, r.name, self.ds_type))
    }
}

/// A reference found in text.
struct Ref<'a> {
    name: &'a str,
    field: Option<&'a str>,
    format: Option<&'a str>,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Matches Grafana's variable regex at the start of `s`:
/// `\$(\w+)`, `\[\[(\w+?)(?::(\w+))?\]\]`, `\$\{(\w+)(?:\.([^:^\}]+))?(?::([^\}]+))?\}`.
/// Returns the matched length.
fn parse_ref(s: &str) -> Option<(usize, Ref<'_>)> {
    let b = s.as_bytes();
    let word_end = |from: usize| {
        from + b
            .get(from..)
            .map_or(0, |r| r.iter().take_while(|c| is_word(**c)).count())
    };
    if b.first() == Some(&b'$') {
        let end = word_end(1);
        if end > 1 {
            return Some((
                end,
                Ref {
                    name: &s[1..end],
                    field: None,
                    format: None,
                },
            ));
        }
        if b.get(1) != Some(&b'{') {
            return None;
        }
        let name_end = word_end(2);
        if name_end == 2 {
            return None;
        }
        let close = s[name_end..].find('}')? + name_end;
        let inner = &s[name_end..close];
        let (field, format) = if let Some(f) = inner.strip_prefix('.') {
            match f.find([':', '^']) {
                Some(i) if f.as_bytes().get(i) == Some(&b':') => (Some(&f[..i]), Some(&f[i + 1..])),
                Some(_) => return None,
                None => (Some(f), None),
            }
        } else if let Some(f) = inner.strip_prefix(':') {
            (None, Some(f))
        } else if inner.is_empty() {
            (None, None)
        } else {
            return None;
        };
        if field == Some("") || format == Some("") {
            return None;
        }
        return Some((
            close + 1,
            Ref {
                name: &s[2..name_end],
                field,
                format,
            },
        ));
    }
    if s.starts_with("[[") {
        let name_end = word_end(2);
        if name_end == 2 {
            return None;
        }
        let mut i = name_end;
        let mut format = None;
        if b.get(i) == Some(&b':') {
            let f_end = word_end(i + 1);
            if f_end == i + 1 {
                return None;
            }
            format = Some(&s[i + 1..f_end]);
            i = f_end;
        }
        if s.get(i..i + 2) != Some("]]") {
            return None;
        }
        return Some((
            i + 2,
            Ref {
                name: &s[2..name_end],
                field: None,
                format,
            },
        ));
    }
    None
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\^$.*+?()[]{}|/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Prometheus' `prometheusSpecialRegexEscape` (a regex inside a PromQL string).
fn prom_regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\\' {
            out.push_str("\\\\\\\\");
        } else if "$^*+?.()|{}[]'".contains(c) {
            out.push_str("\\\\");
            out.push(c);
        } else {
            out.push(c);
        }
    }
    out
}

/// Prometheus' `prometheusRegularEscape`.
fn prom_plain_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('\'', "\\\\'")
}

fn lucene_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "!*+-=<>&|()[]{}^~?:\\/\"".contains(c) || c.is_whitespace() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `encodeURIComponent` plus `!'()*` (Grafana's `encodeURIComponentStrict`).
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn quote(values: &[String], q: char, escape: &str) -> String {
    values
        .iter()
        .map(|v| format!("{q}{}{q}", v.replace(q, escape)))
        .collect::<Vec<_>>()
        .join(",")
}

fn format_value(r: &Resolved, format: Option<&str>, name: &str, ds_type: &str) -> String {
    let values = &r.values;
    let single = || values.first().cloned().unwrap_or_default();
    let (fmt, arg) = match format {
        Some(f) => match f.split_once(':') {
            Some((a, b)) => (Some(a), Some(b)),
            None => (Some(f), None),
        },
        None => (None, None),
    };
    if let (Some(ms), Some("date")) = (r.time_ms, fmt) {
        return match arg {
            Some("seconds") => ms.div_euclid(1000).to_string(),
            Some("ms") => ms.to_string(),
            _ => to_iso(ms),
        };
    }
    let as_list = r.multi;
    match fmt {
        None if matches!(ds_type, "prometheus" | "loki") => {
            if r.plain && !as_list {
                return prom_plain_escape(&single());
            }
            let esc: Vec<String> = values.iter().map(|v| prom_regex_escape(v)).collect();
            if esc.len() == 1 {
                esc.into_iter().next().unwrap_or_default()
            } else {
                format!("({})", esc.join("|"))
            }
        }
        Some("csv") | Some("raw") => values.join(","),
        Some("pipe") => values.join("|"),
        Some("distributed") => {
            let mut it = values.iter();
            let first = it.next().cloned().unwrap_or_default();
            std::iter::once(first)
                .chain(it.map(|v| format!("{name}={v}")))
                .collect::<Vec<_>>()
                .join(",")
        }
        Some("regex") => {
            let esc: Vec<String> = values.iter().map(|v| regex_escape(v)).collect();
            if !as_list || esc.len() == 1 {
                esc.into_iter().next().unwrap_or_default()
            } else {
                format!("({})", esc.join("|"))
            }
        }
        Some("json") => {
            if as_list {
                Value::from(values.clone()).to_string()
            } else {
                Value::from(single()).to_string()
            }
        }
        Some("singlequote") => quote(values, '\'', "\\'"),
        Some("doublequote") => quote(values, '"', "\\\""),
        Some("sqlstring") => quote(values, '\'', "''"),
        Some("text") => r.texts.join(" + "),
        Some("queryparam") => values
            .iter()
            .map(|v| format!("var-{}={}", percent_encode(name), percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&"),
        Some("percentencode") => {
            if as_list && values.len() > 1 {
                percent_encode(&format!("{{{}}}", values.join(",")))
            } else {
                percent_encode(&single())
            }
        }
        Some("lucene") => {
            if as_list && values.len() != 1 {
                let quoted: Vec<String> = values
                    .iter()
                    .map(|v| format!("\"{}\"", lucene_escape(v)))
                    .collect();
                format!("({})", quoted.join(" OR "))
            } else {
                lucene_escape(&single())
            }
        }
        // glob, no format, unknown formats (Grafana falls back to glob).
        _ => {
            if as_list && values.len() > 1 {
                format!("{{{}}}", values.join(","))
            } else {
                single()
            }
        }
    }
}

/// Interpolates every string inside `v` (keys are left alone).
pub(crate) fn interpolate_value(v: &mut Value, ctx: &Ctx<'_>, depth: usize) {
    if depth > 64 {
        return;
    }
    match v {
        Value::String(s) if s.contains('$') || s.contains("[[") => *s = ctx.interpolate(s),
        Value::Array(a) => a
            .iter_mut()
            .for_each(|x| interpolate_value(x, ctx, depth + 1)),
        Value::Object(o) => o
            .values_mut()
            .for_each(|x| interpolate_value(x, ctx, depth + 1)),
        _ => {}
    }
}
