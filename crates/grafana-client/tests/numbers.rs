//! Numbers in dashboard JSON survive a read and a write exactly.
//!
//! With the default `exact-numbers` feature (serde_json's
//! `arbitrary_precision`) every number keeps the text it arrived with:
//! integers beyond 64 bits, floats with more digits than needed, `1.0` and
//! `1`, `-0.0`. Without it (`--no-default-features --features rustls`) floats
//! still come back bit for bit (serde_json's `float_roundtrip`, always on) but
//! are rewritten in their shortest form, and integers outside `i64`/`u64`
//! become the nearest `f64`. Each test states what it expects in both builds.
//!
//! The round trip runs through the models (decode, encode) and through the
//! emulator (`update_dashboard` then `get_dashboard`) on both clients, or a
//! real Grafana when `GRAFANA_URL` is set.

#[macro_use]
mod support;

use grafana_client::models::{
    DashboardVersionList, DashboardWithMeta, QueryResponse, SmartQueryResponse,
};
use serde::Deserialize;
use serde_json::Value;
use support::{unique, Drive, Target};

/// `(key, text sent, text expected back)`.
///
/// With `exact-numbers` every number comes back as sent. Without it a float
/// comes back in its shortest round-trip form and an integer outside 64 bits
/// as the nearest `f64`.
const NUMBERS: &[(&str, &str, &str)] = &[
    // The largest subnormal, written with one digit more than needed: the
    // value a parser without correct rounding reads one ULP off.
    (
        "minNormalish",
        "2.2250738585072011e-308",
        if EXACT {
            "2.2250738585072011e-308"
        } else {
            "2.225073858507201e-308"
        },
    ),
    ("tenth", "0.1", "0.1"),
    // serde_json writes an exponent with its sign and a lowercase `e`, in
    // both builds (as Go does): `1e308` comes back as `1e+308`.
    ("nearMax", "1e308", "1e+308"),
    (
        "upperExponent",
        "1E5",
        if EXACT { "1e+5" } else { "100000.0" },
    ),
    ("minSubnormal", "5e-324", "5e-324"),
    ("negativeZero", "-0.0", "-0.0"),
    (
        "thirtyDigits",
        "123456789012345678901234567890",
        if EXACT {
            "123456789012345678901234567890"
        } else {
            "1.2345678901234568e+29"
        },
    ),
    (
        "u64MaxPlusOne",
        "18446744073709551616",
        if EXACT {
            "18446744073709551616"
        } else {
            "1.8446744073709552e+19"
        },
    ),
    (
        "i64MinMinusOne",
        "-9223372036854775809",
        if EXACT {
            "-9223372036854775809"
        } else {
            "-9.223372036854776e+18"
        },
    ),
    // `1.0` stays a float and `1` an integer in both builds: serde_json reads
    // `1.0` as an f64 and writes an integral f64 with its `.0`.
    ("onePointZero", "1.0", "1.0"),
    ("one", "1", "1"),
    ("u64Max", "18446744073709551615", "18446744073709551615"),
    ("i64Min", "-9223372036854775808", "-9223372036854775808"),
];

const EXACT: bool = cfg!(feature = "exact-numbers");

/// `{"key": number, ...}` as JSON text, numbers written as in [`NUMBERS`].
fn numbers_object() -> String {
    let fields: Vec<String> = NUMBERS
        .iter()
        .map(|(k, sent, _)| format!("\"{k}\":{sent}"))
        .collect();
    format!("{{{}}}", fields.join(","))
}

/// `[number, ...]` as JSON text.
fn numbers_array() -> String {
    let items: Vec<&str> = NUMBERS.iter().map(|(_, sent, _)| *sent).collect();
    format!("[{}]", items.join(","))
}

/// A dashboard that carries [`NUMBERS`] at the top, in a panel's options,
/// and as an array of threshold steps.
fn dashboard_text(uid: &str) -> String {
    format!(
        r#"{{"uid":"{uid}","title":"Numbers {uid}","schemaVersion":39,"numbers":{obj},
            "panels":[{{"id":1,"type":"stat","title":"p","gridPos":{{"h":8,"w":12,"x":0,"y":0}},
            "options":{{"numbers":{obj}}},"fieldConfig":{{"defaults":{{"steps":{arr}}},"overrides":[]}}}}]}}"#,
        obj = numbers_object(),
        arr = numbers_array(),
    )
}

/// Checks every number of an object built by [`numbers_object`]: its text
/// and, for floats, its bits.
fn assert_numbers(obj: &Value, at: &str) {
    let map = obj
        .as_object()
        .unwrap_or_else(|| panic!("{at}: not an object: {obj}"));
    assert_eq!(map.len(), NUMBERS.len(), "{at}: {obj}");
    for (key, sent, back) in NUMBERS {
        let got = map
            .get(*key)
            .unwrap_or_else(|| panic!("{at}: {key} is missing"));
        assert_number(got, sent, back, &format!("{at}.{key}"));
    }
}

/// Checks the array built by [`numbers_array`].
fn assert_numbers_array(arr: &Value, at: &str) {
    let items = arr
        .as_array()
        .unwrap_or_else(|| panic!("{at}: not an array: {arr}"));
    assert_eq!(items.len(), NUMBERS.len(), "{at}: {arr}");
    for (i, ((key, sent, back), got)) in NUMBERS.iter().zip(items).enumerate() {
        assert_number(got, sent, back, &format!("{at}[{i}] ({key})"));
    }
}

fn assert_number(got: &Value, sent: &str, back: &str, at: &str) {
    assert!(got.is_number(), "{at}: {got} is not a number");
    let text = serde_json::to_string(got).expect("a number serializes");
    assert_eq!(text, *back, "{at}: text");
    // The f64 the number reads as is the f64 the sent text means, to the bit
    // (a one-ULP error, or a sign lost on -0.0, fails here).
    let want: f64 = sent.parse().expect("the table holds valid numbers");
    let have = got.as_f64().unwrap_or_else(|| panic!("{at}: no f64"));
    assert_eq!(
        have.to_bits(),
        want.to_bits(),
        "{at}: {have:e} is not {want:e}"
    );
}

/// serde_json reads every number of the table as the f64 the text means,
/// to the bit, and the integers as exactly as they fit.
#[test]
fn values_read_every_number_exactly() {
    let v: Value = serde_json::from_str(&numbers_object()).unwrap();
    assert_numbers(&v, "value");
    assert_eq!(v["u64Max"].as_u64(), Some(u64::MAX));
    assert_eq!(v["i64Min"].as_i64(), Some(i64::MIN));
    assert_eq!(v["one"].as_u64(), Some(1));
    // `1.0` is a float in both builds: not an integer.
    assert_eq!(v["onePointZero"].as_u64(), None);
    assert!(v["onePointZero"].is_f64());
    // Beyond 64 bits: no integer view, only the nearest f64.
    assert_eq!(v["u64MaxPlusOne"].as_u64(), None);
    assert_eq!(v["i64MinMinusOne"].as_i64(), None);
    assert_eq!(v["thirtyDigits"].as_f64(), Some(1.2345678901234568e29));
    // -0.0 keeps its sign.
    assert!(v["negativeZero"].as_f64().unwrap().is_sign_negative());
}

/// A `get_dashboard` answer decodes into the model and encodes back with
/// every number as expected: in the dashboard (a `Value`), in the typed
/// `meta.version`, and in the unknown fields kept in `extra` (which serde
/// buffers before handing to `Value`, the path `arbitrary_precision` is
/// known to trip on).
#[test]
fn dashboard_model_decodes_and_encodes_numbers() {
    let body = format!(
        r#"{{"dashboard":{dash},"meta":{{"type":"db","version":7,"folderId":0,"bigMeta":{obj}}},"topLevel":{obj}}}"#,
        dash = dashboard_text("model"),
        obj = numbers_object(),
    );
    let model: DashboardWithMeta = serde_json::from_str(&body).expect("decodes");
    assert_eq!(model.meta.version, Some(7));
    assert_eq!(model.meta.kind.as_deref(), Some("db"));
    assert_eq!(model.meta.extra["folderId"].as_i64(), Some(0));
    check_dashboard(&model.dashboard, "decoded");
    assert_numbers(&model.meta.extra["bigMeta"], "meta.extra");
    assert_numbers(&model.extra["topLevel"], "extra");

    // Encode, then compare the text with what a Value of the original body
    // encodes to: the same numbers, the same keys, the same order.
    let encoded = serde_json::to_string(&model).expect("encodes");
    let original: Value = serde_json::from_str(&body).unwrap();
    let again: Value = serde_json::from_str(&encoded).unwrap();
    assert_eq!(again, original);
    check_dashboard(&again["dashboard"], "re-encoded");
    assert_numbers(&again["meta"]["bigMeta"], "re-encoded meta");
    assert_numbers(&again["topLevel"], "re-encoded extra");
    for (key, _, back) in NUMBERS {
        let field = format!("\"{key}\":{back}");
        assert!(encoded.contains(&field), "{field} missing in {encoded}");
    }
}

/// The untagged version list (bare list of Grafana < 11.6, paged object
/// after) decodes typed ids and versions, and keeps numbers in `data` and
/// `extra`, in both shapes. Untagged enums buffer their input, where
/// `arbitrary_precision` numbers turn into a private map: this pins that the
/// typed fields still decode.
#[test]
fn version_lists_decode_numbers_in_typed_fields_and_extra() {
    let version = format!(
        r#"{{"id":42,"dashboardId":-9223372036854775808,"version":2,"parentVersion":1,
            "created":"2024-01-01T00:00:00Z","message":"m","data":{obj},"bigExtra":{obj}}}"#,
        obj = numbers_object(),
    );
    let list = format!("[{version}]");
    let page = format!(
        r#"{{"versions":[{version}],"continueToken":"t","pageExtra":{arr}}}"#,
        arr = numbers_array()
    );
    for (shape, body) in [("list", &list), ("page", &page)] {
        let decoded: DashboardVersionList =
            serde_json::from_str(body).unwrap_or_else(|e| panic!("{shape}: {e}"));
        let versions = decoded.versions();
        assert_eq!(versions.len(), 1, "{shape}");
        let v = &versions[0];
        assert_eq!(v.id, Some(42), "{shape}");
        assert_eq!(v.dashboard_id, Some(i64::MIN), "{shape}");
        assert_eq!(v.version, Some(2), "{shape}");
        assert_eq!(v.parent_version, Some(1), "{shape}");
        assert_numbers(v.data.as_ref().expect("data"), &format!("{shape} data"));
        assert_numbers(&v.extra["bigExtra"], &format!("{shape} extra"));
        let encoded = serde_json::to_value(&decoded).unwrap();
        assert_eq!(
            encoded,
            serde_json::from_str::<Value>(body).unwrap(),
            "{shape}"
        );
    }
    let decoded: DashboardVersionList = serde_json::from_str(&page).unwrap();
    assert_eq!(decoded.continue_token(), Some("t"));
    match decoded {
        DashboardVersionList::Page(p) => {
            assert_numbers_array(&p.extra["pageExtra"], "page extra");
        }
        other => panic!("the paged shape decoded as {other:?}"),
    }
}

/// The query answer's frames keep their numbers, in the typed
/// `QueryResponse` and through `SmartQueryResponse`'s decoding (via a
/// `Value`).
#[test]
fn query_frames_keep_numbers() {
    let frames = format!(
        r#"{{"A":{{"status":200,"frames":[{{"schema":{{"refId":"A","fields":[{{"name":"v","type":"number"}}]}},
            "data":{{"values":[{arr}]}}}}]}}}}"#,
        arr = numbers_array(),
    );
    let body = format!(
        r#"{{"results":{frames},"answerExtra":{obj}}}"#,
        obj = numbers_object()
    );
    let typed: QueryResponse = serde_json::from_str(&body).expect("decodes");
    assert_numbers(&typed.extra["answerExtra"], "query extra");
    let found: Vec<_> = typed.frames().collect();
    assert_eq!(found.len(), 1);
    let values = found[0].1.data.values[0].clone();
    assert_numbers_array(&Value::Array(values), "frame values");

    // Numbers in the frames only: a typed answer in both builds.
    let plain = format!(r#"{{"results":{frames}}}"#);
    let smart: SmartQueryResponse = serde_json::from_str(&plain).expect("decodes");
    let q = smart.as_query().expect("a query answer");
    let values = q.frames().next().expect("a frame").1.data.values[0].clone();
    assert_numbers_array(&Value::Array(values), "smartquery frame values");

    // Whichever variant the whole answer decodes to (with exact-numbers, the
    // 20-to-39-digit integers in an unknown field make the typed reading
    // fail, see below, and the answer is kept as `Other`), no number is lost.
    let smart: SmartQueryResponse = serde_json::from_str(&body).expect("decodes");
    let v = smart.to_value();
    assert_numbers(&v["answerExtra"], "smartquery extra");
    assert_numbers_array(
        &v["results"]["A"]["frames"][0]["data"]["values"][0],
        "smartquery values",
    );
}

/// What serde_json's `arbitrary_precision` does to decoding outside this
/// crate's own path (text straight into a model), pinned so that the
/// `models` docs stay true. The feature is global to a build: these are the
/// reasons `exact-numbers` is opt-in.
#[test]
fn buffered_decoding_with_and_without_exact_numbers() {
    // A common user-side shape: a number or a string, untagged.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum NumOrText {
        Num(f64),
        Text(String),
    }
    // Untagged enums (and flattened structs) buffer their input; with
    // `arbitrary_precision` a float is buffered as serde_json's private map
    // and no longer reads as an f64. Integers that fit 64 bits still do.
    let float: Result<NumOrText, _> = serde_json::from_str("1.5");
    let int: Result<NumOrText, _> = serde_json::from_str("15");
    assert_eq!(int.unwrap(), NumOrText::Num(15.0));
    if EXACT {
        let e = float.unwrap_err().to_string();
        assert!(e.contains("did not match any variant"), "{e}");
    } else {
        assert_eq!(float.unwrap(), NumOrText::Num(1.5));
    }

    // A model read from a `Value` rather than from text: with
    // `arbitrary_precision` an unknown field holding an integer of 20 to 39
    // digits (beyond 64 bits, within 128) cannot be buffered into `extra`.
    let body = r#"{"results":{},"big":123456789012345678901234567890}"#;
    let value: Value = serde_json::from_str(body).unwrap();
    let from_value = serde_json::from_value::<QueryResponse>(value);
    // From text, the client's own path, it decodes in both builds.
    let from_text: QueryResponse = serde_json::from_str(body).unwrap();
    let big = serde_json::to_string(&from_text.extra["big"]).unwrap();
    if EXACT {
        let e = from_value.unwrap_err().to_string();
        assert!(e.contains("u128"), "{e}");
        assert_eq!(big, "123456789012345678901234567890");
    } else {
        assert_eq!(from_value.unwrap(), from_text);
        assert_eq!(big, "1.2345678901234568e+29");
    }
}

fn check_dashboard(dash: &Value, at: &str) {
    assert_numbers(&dash["numbers"], &format!("{at} dashboard.numbers"));
    assert_numbers(
        &dash["panels"][0]["options"]["numbers"],
        &format!("{at} panel options"),
    );
    assert_numbers_array(
        &dash["panels"][0]["fieldConfig"]["defaults"]["steps"],
        &format!("{at} steps"),
    );
}

both_clients!(dashboard_numbers_survive_save_and_get);

/// Saved with `update_dashboard` and read back with `get_dashboard`, every
/// number comes back as the table says, on both clients. On the emulator the
/// request body on the wire is checked too: the client sends each number as
/// its text.
fn dashboard_numbers_survive_save_and_get<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let uid = unique("numbers");
    let dash: Value = serde_json::from_str(&dashboard_text(&uid)).unwrap();
    let body = serde_json::json!({"dashboard": dash, "overwrite": false});
    let saved = api
        .run(api.dashboard().update_dashboard(&body))
        .expect("saved");
    assert_eq!(saved.uid, uid);
    assert_eq!(saved.version, 1);

    if let Some(emu) = t.emulator_only("reads the emulator's request log") {
        let sent = emu
            .requests()
            .into_iter()
            .rev()
            .find(|r| r.method == "POST" && r.raw_path == "/api/dashboards/db")
            .expect("the save was recorded");
        let sent = String::from_utf8(sent.body).expect("UTF-8 body");
        for (key, _, back) in NUMBERS {
            let field = format!("\"{key}\":{back}");
            assert!(sent.contains(&field), "{field} not sent: {sent}");
        }
        let steps: Vec<&str> = NUMBERS.iter().map(|(_, _, back)| *back).collect();
        let steps = format!("\"steps\":[{}]", steps.join(","));
        assert!(sent.contains(&steps), "{steps} not sent: {sent}");
    }

    let got = api
        .run(api.dashboard().get_dashboard(&uid))
        .expect("read back");
    check_dashboard(&got.dashboard, "get_dashboard");
    assert_eq!(got.meta.version, Some(1));

    // Saved again as it was read (fetch-modify-save): still the same numbers.
    let mut again = got.dashboard.clone();
    again["title"] = Value::String(format!("Numbers again {uid}"));
    let body = serde_json::json!({"dashboard": again, "overwrite": true});
    let saved = api
        .run(api.dashboard().update_dashboard(&body))
        .expect("saved again");
    assert_eq!(saved.version, 2);
    let got = api
        .run(api.dashboard().get_dashboard(&uid))
        .expect("read back again");
    check_dashboard(&got.dashboard, "second get_dashboard");

    api.run(api.dashboard().delete_dashboard(&uid))
        .expect("cleaned up");
}
