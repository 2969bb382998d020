//! Property tests: path encoding round trips, and models that lose nothing.

use grafana_client::models::{
    BuildInfo, DashboardDeleted, DashboardMeta, DashboardSaved, DashboardWithMeta, HealthResponse,
    Message, SharingOptions, SnapshotCreated, SnapshotListItem, SnapshotWithMeta,
};
use grafana_client::{Error, GrafanaApi};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

fn api() -> GrafanaApi {
    GrafanaApi::builder().build().unwrap()
}

/// Strings that stress URL handling: separators, escapes, dots, unicode.
fn nasty_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof![
                Just("/".to_owned()),
                Just("..".to_owned()),
                Just(".".to_owned()),
                Just("%2F".to_owned()),
                Just("%".to_owned()),
                Just("?".to_owned()),
                Just("#".to_owned()),
                Just("&".to_owned()),
                Just("+".to_owned()),
                Just(" ".to_owned()),
                Just("ü".to_owned()),
                Just("\\".to_owned()),
                "[a-zA-Z0-9_-]{1,4}",
            ],
            0..8
        )
        .prop_map(|parts| parts.concat()),
    ]
}

/// Checks that `path` is `prefix` plus exactly one segment decoding to `value`.
fn assert_one_segment(path: &str, prefix: &str, value: &str) -> Result<(), TestCaseError> {
    let rest = path
        .strip_prefix(prefix)
        .ok_or_else(|| TestCaseError::fail(format!("{path} lacks {prefix}")))?;
    prop_assert!(
        !rest.contains('/'),
        "{path}: value spilled into more segments"
    );
    prop_assert!(
        !rest.contains(['?', '#']),
        "{path}: query or fragment in the path"
    );
    let decoded = percent_decode_str(rest).decode_utf8().unwrap();
    prop_assert_eq!(decoded.as_ref(), value);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_path_parameter_is_one_segment(value in nasty_string()) {
        let api = api();
        let cases = [
            (api.snapshots().get_snapshot_by_key(&value).into_request(), "api/snapshots/"),
            (api.snapshots().delete_snapshot_by_key(&value).into_request(), "api/snapshots/"),
            (api.snapshots().delete_snapshot_by_delete_key(&value).into_request(), "api/snapshots-delete/"),
            (api.dashboard().get_dashboard(&value).into_request(), "api/dashboards/uid/"),
            (api.dashboard().delete_dashboard(&value).into_request(), "api/dashboards/uid/"),
        ];
        for (request, prefix) in cases {
            match request.path() {
                Ok(path) => {
                    prop_assert!(!matches!(value.as_str(), "" | "." | ".."));
                    assert_one_segment(path, prefix, &value)?;
                }
                Err(Error::InvalidArgument { .. }) => {
                    prop_assert!(matches!(value.as_str(), "" | "." | ".."), "refused {value:?}");
                }
                Err(other) => prop_assert!(false, "unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn any_query_value_survives_encoding(value in nasty_string()) {
        let request = api().snapshots().get_dashboard_snapshots().query(value.clone()).into_request();
        prop_assert_eq!(request.query_pairs(), &[("query".to_owned(), value.clone())][..]);
        let url = url::Url::parse(&format!(
            "http://h/?{}",
            url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(request.query_pairs())
                .finish()
        ))
        .unwrap();
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        prop_assert_eq!(pairs, vec![("query".to_owned(), value)]);
    }
}

/// Arbitrary JSON, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::btree_map("[a-zA-Z]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The JSON types a model's known fields accept.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Str,
    Int,
    Bool,
    Obj,
}

fn value_of(kind: Kind) -> BoxedStrategy<Value> {
    match kind {
        Kind::Str => ".{0,16}".prop_map(Value::from).boxed(),
        Kind::Int => any::<i64>().prop_map(Value::from).boxed(),
        Kind::Bool => any::<bool>().prop_map(Value::from).boxed(),
        Kind::Obj => proptest::collection::btree_map("[a-zA-Z]{1,8}", any_json(), 0..4)
            .prop_map(|m| Value::Object(m.into_iter().collect()))
            .boxed(),
    }
}

/// An object with each known field present or absent (required ones always),
/// plus unknown keys.
fn object(fields: &'static [(&'static str, Kind, bool)]) -> impl Strategy<Value = Value> {
    let known: Vec<_> = fields
        .iter()
        .map(|&(name, kind, required)| {
            let present = if required {
                Just(true).boxed()
            } else {
                any::<bool>().boxed()
            };
            (present, value_of(kind)).prop_map(move |(p, v)| p.then(|| (name.to_owned(), v)))
        })
        .collect();
    let extra = proptest::collection::btree_map("x[A-Za-z]{1,10}", any_json(), 0..5);
    (known, extra).prop_map(|(known, extra)| {
        let mut map: Map<String, Value> = known.into_iter().flatten().collect();
        map.extend(extra);
        Value::Object(map)
    })
}

fn round_trip<T: Serialize + DeserializeOwned>(input: &Value) -> Result<(), TestCaseError> {
    let model: T = serde_json::from_value(input.clone())
        .map_err(|e| TestCaseError::fail(format!("rejected {input}: {e}")))?;
    let back = serde_json::to_value(&model).unwrap();
    prop_assert_eq!(&back, input);
    Ok(())
}

const META: &[(&str, Kind, bool)] = &[
    ("type", Kind::Str, false),
    ("isSnapshot", Kind::Bool, false),
    ("slug", Kind::Str, false),
    ("url", Kind::Str, false),
    ("version", Kind::Int, false),
    ("created", Kind::Str, false),
    ("updated", Kind::Str, false),
    ("expires", Kind::Str, false),
    ("folderUid", Kind::Str, false),
    ("folderTitle", Kind::Str, false),
    ("canSave", Kind::Bool, false),
    ("canEdit", Kind::Bool, false),
    ("provisioned", Kind::Bool, false),
];

fn with_meta() -> impl Strategy<Value = Value> {
    (value_of(Kind::Obj), object(META), object(&[])).prop_map(|(dashboard, meta, extra)| {
        let mut map = extra.as_object().unwrap().clone();
        map.insert("dashboard".into(), dashboard);
        map.insert("meta".into(), meta);
        Value::Object(map)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn dashboard_with_meta_loses_nothing(v in with_meta()) {
        round_trip::<DashboardWithMeta>(&v)?;
        round_trip::<SnapshotWithMeta>(&v)?;
    }

    #[test]
    fn meta_loses_nothing(v in object(META)) {
        round_trip::<DashboardMeta>(&v)?;
    }

    #[test]
    fn snapshot_created_loses_nothing(v in object(&[
        ("key", Kind::Str, true), ("deleteKey", Kind::Str, true), ("url", Kind::Str, true),
        ("deleteUrl", Kind::Str, true), ("id", Kind::Int, false),
    ])) {
        round_trip::<SnapshotCreated>(&v)?;
    }

    #[test]
    fn snapshot_list_item_loses_nothing(v in object(&[
        ("id", Kind::Int, false), ("name", Kind::Str, true), ("key", Kind::Str, true),
        ("orgId", Kind::Int, false), ("userId", Kind::Int, false), ("external", Kind::Bool, true),
        ("externalUrl", Kind::Str, false), ("expires", Kind::Str, false),
        ("created", Kind::Str, false), ("updated", Kind::Str, false),
    ])) {
        round_trip::<SnapshotListItem>(&v)?;
    }

    #[test]
    fn small_models_lose_nothing(
        message in object(&[("message", Kind::Str, true), ("id", Kind::Int, false)]),
        saved in object(&[
            ("id", Kind::Int, false), ("uid", Kind::Str, true), ("url", Kind::Str, true),
            ("status", Kind::Str, true), ("version", Kind::Int, true), ("slug", Kind::Str, false),
            ("folderUid", Kind::Str, false),
        ]),
        deleted in object(&[
            ("title", Kind::Str, true), ("message", Kind::Str, true), ("uid", Kind::Str, false),
            ("id", Kind::Int, false),
        ]),
        health in object(&[
            ("database", Kind::Str, true), ("version", Kind::Str, false), ("commit", Kind::Str, false),
        ]),
        build in object(&[
            ("version", Kind::Str, true), ("commit", Kind::Str, false), ("edition", Kind::Str, false),
        ]),
        sharing in object(&[
            ("snapshotEnabled", Kind::Bool, false), ("externalSnapshotURL", Kind::Str, false),
            ("externalSnapshotName", Kind::Str, false), ("externalEnabled", Kind::Bool, false),
        ]),
    ) {
        round_trip::<Message>(&message)?;
        round_trip::<DashboardSaved>(&saved)?;
        round_trip::<DashboardDeleted>(&deleted)?;
        round_trip::<HealthResponse>(&health)?;
        round_trip::<BuildInfo>(&build)?;
        round_trip::<SharingOptions>(&sharing)?;
    }
}
