//! Every method of the Python grafana-client 5.1.4 is here, on the element
//! of the same name, unless it is listed below with the reason it is not.
//!
//! `data/python_inventory.tsv` lists the Python package's public methods
//! (element attribute, method, parameters, the request each sends). The test
//! reads this crate's element sources and looks for a public method of the
//! same name in the file of the same element.

use std::collections::BTreeSet;

const INVENTORY: &str = include_str!("data/python_inventory.tsv");

/// Python helpers that issue several requests or branch on the server's
/// answers, with what to use instead.
const NOT_PORTED: &[(&str, &str, &str)] = &[];

fn element_source(element: &str) -> String {
    let path = format!("{}/src/elements/{element}.rs", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn has_pub_fn(source: &str, name: &str) -> bool {
    source.lines().any(|line| {
        let line = line.trim_start();
        line.strip_prefix("pub fn ")
            .and_then(|rest| rest.strip_prefix(name))
            .is_some_and(|rest| rest.starts_with('(') || rest.starts_with('<'))
    })
}

fn python_methods() -> Vec<(String, String)> {
    let mut lines = INVENTORY.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (kind, element, method) = (col("kind"), col("element_attr"), col("method"));
    lines
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f[kind] == "element_method")
        .map(|f| (f[element].to_owned(), f[method].to_owned()))
        .collect()
}

#[test]
fn every_python_method_is_ported_or_listed() {
    let methods = python_methods();
    assert_eq!(methods.len(), 210, "the inventory lists 210 methods");
    let elements: BTreeSet<&str> = methods.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(elements.len(), 21);

    let accessors = element_source("mod");
    let mut missing = Vec::new();
    let mut ported = 0;
    for element in &elements {
        assert!(
            accessors.contains(&format!("{element} => ")),
            "no accessor api.{element}()"
        );
        let source = element_source(element);
        for (_, method) in methods.iter().filter(|(e, _)| e == element) {
            let listed = NOT_PORTED
                .iter()
                .any(|(e, m, _)| e == element && m == method);
            match (has_pub_fn(&source, method), listed) {
                (true, false) => ported += 1,
                (false, true) => {}
                (true, true) => panic!("{element}.{method} is ported: take it off NOT_PORTED"),
                (false, false) => missing.push(format!("{element}.{method}")),
            }
        }
    }
    assert!(missing.is_empty(), "not ported and not listed: {missing:?}");
    assert_eq!(ported + NOT_PORTED.len(), 210);
    eprintln!(
        "{ported} of 210 Python methods ported; {} listed as not ported",
        NOT_PORTED.len()
    );
}

#[test]
fn the_search_finds_what_it_should() {
    let src = "    pub fn get_folder(&self, uid: &str)\n    pub fn list<T>(&self)\n    fn private(";
    assert!(has_pub_fn(src, "get_folder"));
    assert!(has_pub_fn(src, "list"));
    assert!(!has_pub_fn(src, "get"));
    assert!(!has_pub_fn(src, "private"));
}
