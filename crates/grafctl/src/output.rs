//! Rendering results: a table for people, JSON or YAML for programs.
//!
//! Commands hand over both forms: a [`Table`] (headers and text cells) for
//! `-o table`, and a JSON value for `-o json` / `-o yaml`, so machine output
//! keeps every field and its type while the table stays narrow. Text that
//! comes from Grafana (titles, names) has its control characters replaced
//! in tables, so a hostile title cannot move the cursor or recolour the
//! terminal.

use std::io::{IsTerminal, Write};

use serde_json::Value;

use crate::error::CliError;

/// `-o/--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for people (the default).
    #[default]
    Table,
    /// Pretty JSON.
    Json,
    /// YAML.
    Yaml,
}

/// Rows for `-o table`.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Column names.
    pub headers: Vec<String>,
    /// One entry per row, as many cells as headers.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column names.
    pub fn new(headers: &[&str]) -> Self {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table as text: a header line and aligned rows (the last column
    /// is not padded).
    pub fn render(&self) -> String {
        let clean: Vec<Vec<String>> = std::iter::once(&self.headers)
            .chain(self.rows.iter())
            .map(|r| r.iter().map(|c| clean_cell(c)).collect())
            .collect();
        let cols = self.headers.len();
        let mut widths = vec![0usize; cols];
        for r in &clean {
            for (i, c) in r.iter().enumerate().take(cols) {
                widths[i] = widths[i].max(c.chars().count());
            }
        }
        let mut out = String::new();
        for r in &clean {
            let mut line = String::new();
            for (i, width) in widths.iter().enumerate() {
                let cell = r.get(i).map(String::as_str).unwrap_or("");
                line.push_str(cell);
                if i + 1 < cols {
                    let pad = width.saturating_sub(cell.chars().count()) + 2;
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// Replaces control characters (newlines, escapes) with `?` and cuts cells
/// longer than 100 characters with `…`.
pub fn clean_cell(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .take(101)
        .collect();
    if out.chars().count() > 100 {
        out = out.chars().take(99).collect();
        out.push('…');
    }
    out
}

/// `s` with control characters (newlines, escapes) replaced by `?`, not cut:
/// for messages on stderr.
pub fn clean_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// Where results go, and in which format.
#[derive(Debug, Clone)]
pub struct Output {
    /// The chosen format.
    pub format: Format,
    /// Whether colour may be used on stderr messages.
    pub color: bool,
}

impl Output {
    /// An output in `format`; colour only when allowed and stderr is a
    /// terminal.
    pub fn new(format: Format, no_color: bool) -> Self {
        let env_no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Output {
            format,
            color: !no_color && !env_no_color && std::io::stderr().is_terminal(),
        }
    }

    /// Prints a list: `table` for `-o table`, `json` otherwise.
    pub fn list(&self, table: &Table, json: &Value) -> Result<(), CliError> {
        match self.format {
            Format::Table => self.write(&table.render()),
            _ => self.data(json),
        }
    }

    /// Prints one object: as `key  value` lines for `-o table` (nested
    /// values as compact JSON), else as JSON/YAML.
    pub fn object(&self, json: &Value) -> Result<(), CliError> {
        match self.format {
            Format::Table => {
                let mut t = Table::new(&["FIELD", "VALUE"]);
                if let Value::Object(map) = json {
                    for (k, v) in map {
                        let text = match v {
                            Value::String(s) => s.clone(),
                            Value::Null => String::new(),
                            other => other.to_string(),
                        };
                        t.row(vec![k.clone(), text]);
                    }
                    // no header line for a key/value listing
                    let text = t.render();
                    let body = text.split_once('\n').map(|x| x.1).unwrap_or("");
                    self.write(body)
                } else {
                    self.data(json)
                }
            }
            _ => self.data(json),
        }
    }

    /// Prints a document (e.g. a dashboard) as JSON for `-o table` and
    /// `-o json`, as YAML for `-o yaml`.
    pub fn document(&self, json: &Value) -> Result<(), CliError> {
        match self.format {
            Format::Yaml => self.data(json),
            _ => self.write(&pretty(json)),
        }
    }

    /// Prints `json` in the data format (JSON for table/json, YAML for yaml).
    pub fn data(&self, json: &Value) -> Result<(), CliError> {
        match self.format {
            Format::Yaml => {
                let text = serde_yaml_ng::to_string(json)
                    .map_err(|e| CliError::general(format!("cannot render YAML: {e}")))?;
                self.write(&text)
            }
            _ => self.write(&pretty(json)),
        }
    }

    /// Writes text to stdout. A closed pipe (`grafctl ... | head`) is not an
    /// error.
    pub fn write(&self, text: &str) -> Result<(), CliError> {
        let mut out = std::io::stdout().lock();
        match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(CliError::general(format!("cannot write to stdout: {e}"))),
        }
    }

    /// Writes one line to stdout.
    pub fn line(&self, text: &str) -> Result<(), CliError> {
        self.write(&format!("{text}\n"))
    }
}

/// Pretty JSON with a trailing newline (key order as given).
pub fn pretty(json: &Value) -> String {
    let mut s = serde_json::to_string_pretty(json).unwrap_or_else(|_| "null".into());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_and_cleans() {
        let mut t = Table::new(&["UID", "TITLE"]);
        t.row(vec!["a".into(), "One".into()]);
        t.row(vec!["longer".into(), "bad\x1b[31mtitle\n".into()]);
        assert_eq!(
            t.render(),
            "UID     TITLE\na       One\nlonger  bad?[31mtitle?\n"
        );
    }

    #[test]
    fn long_cells_are_cut() {
        let c = clean_cell(&"x".repeat(300));
        assert_eq!(c.chars().count(), 100);
        assert!(c.ends_with('…'));
    }
}
