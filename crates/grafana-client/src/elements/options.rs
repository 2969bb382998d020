//! Endpoint options as data (octocrab's `#[derive(Serialize)]` builders).
//!
//! An endpoint's optional arguments are the fields of a
//! `#[derive(Serialize)]` struct, named on the wire by serde (`rename_all`,
//! `rename`). [`RequestExt::query_options`] turns such a struct into the
//! query, [`object`] into JSON body fields, and [`setters!`] writes the
//! builder methods on [`Call`] from one line per option. One rule for both:
//! an option that is `None` is not sent, a list is one pair per item (query)
//! or a JSON array (body), a bool is `true`/`false`.
//!
//! Also here: the argument helpers every element shares ([`to_json`],
//! [`list_body`], [`plain`]) and [`finish_with!`], the `.await`/`.send()`
//! of the calls that run several requests.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::call::{Call, Client, Plain, Request};
use crate::error::{Error, Result};

/// An argument as JSON; a value that cannot be serialized is an
/// [`Error::InvalidArgument`] named `argument`.
pub(crate) fn to_json(argument: &'static str, value: &(impl Serialize + ?Sized)) -> Result<Value> {
    serde_json::to_value(value)
        .map_err(|e| Error::invalid_argument(argument, format!("cannot be serialized: {e}")))
}

/// Grafana's `{"<key>": [...]}` list body from what the caller gave: a list is
/// wrapped, one object becomes a one-item list, an object that already has
/// `key` is sent as it is; anything else is refused (argument `key`).
pub(crate) fn list_body(key: &'static str, given: &(impl Serialize + ?Sized)) -> Result<Value> {
    let list = match to_json(key, given)? {
        Value::Object(m) if m.contains_key(key) => return Ok(Value::Object(m)),
        Value::Object(m) => vec![Value::Object(m)],
        Value::Array(a) => a,
        other => {
            return Err(Error::invalid_argument(
                key,
                format!("must be a list or an object, not {other}"),
            ))
        }
    };
    let mut body = Map::new();
    body.insert(key.to_owned(), Value::Array(list));
    Ok(Value::Object(body))
}

/// A call of an endpoint without options: a prepared request and its output.
pub(crate) fn plain<C, T>(client: &C, request: Request) -> Call<C, Plain<T>>
where
    C: Client,
    T: DeserializeOwned + Send + 'static,
{
    Call::new(client, Plain::new(request))
}

/// The fields of an options struct that are set, in declaration order
/// (`None`, serialized as `null`, is left out). A struct that does not
/// serialize to an object is refused (argument `options`).
pub(crate) fn object(options: &(impl Serialize + ?Sized)) -> Result<Map<String, Value>> {
    match to_json("options", options)? {
        Value::Object(map) => Ok(map.into_iter().filter(|(_, v)| !v.is_null()).collect()),
        Value::Null => Ok(Map::new()),
        other => Err(Error::invalid_argument(
            "options",
            format!("must be a struct, not {other}"),
        )),
    }
}

/// The query pairs of an options struct: one `(wire name, value)` per set
/// field in declaration order, one pair per item of a list, strings as they
/// are, numbers and bools as JSON writes them.
pub(crate) fn query_pairs(options: &(impl Serialize + ?Sized)) -> Result<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    for (key, value) in object(options)? {
        let items = match value {
            Value::Array(items) => items,
            one => vec![one],
        };
        for item in items {
            let text = match item {
                Value::Null => continue,
                Value::String(s) => s,
                Value::Bool(b) => b.to_string(),
                Value::Number(n) => n.to_string(),
                nested => {
                    return Err(Error::invalid_argument(
                        "options",
                        format!("`{key}` cannot be a query value: {nested}"),
                    ))
                }
            };
            pairs.push((key.clone(), text));
        }
    }
    Ok(pairs)
}

/// Options on a [`Request`] under construction.
pub(crate) trait RequestExt: Sized {
    /// Adds the set fields of `options` to the query ([`query_pairs`]).
    fn query_options(self, options: &(impl Serialize + ?Sized)) -> Self;
}

impl RequestExt for Request {
    fn query_options(self, options: &(impl Serialize + ?Sized)) -> Self {
        match query_pairs(options) {
            Ok(pairs) => pairs.into_iter().fold(self, |r, (k, v)| r.query(k, v)),
            // Not reachable with the crate's option structs (flat, with
            // string, number, bool and list fields); kept as an argument
            // error that refuses the request unsent rather than a panic.
            Err(e) => self.try_json(Err::<Value, _>(e)),
        }
    }
}

/// `skip_serializing_if` for a flag that is sent only when set.
pub(crate) fn is_false(flag: &bool) -> bool {
    !*flag
}

/// The builder methods of an endpoint's options, on `Call<C, Endpoint>`: one
/// line per option, `setter [=> field.path]: kind Type;` after its doc:
///
/// - `value T`: `fn setter(T)` sets `Some(v)`;
/// - `into T`: `fn setter(impl Into<T>)` sets `Some(v.into())`;
/// - `text T`: `fn setter(impl ToString)` sets `Some(v.to_string())`;
/// - `flag bool`: `fn setter(bool)` sets the plain `bool` field;
/// - `push T`: `fn setter(impl Into<T>)` appends one item to a `Vec<T>`;
/// - `extend T`: `fn setter(impl IntoIterator<Item = T>)` appends items;
/// - `extend_into T`: `fn setter(impl IntoIterator<Item = impl Into<T>>)` appends items;
/// - `list T`: `fn setter(impl IntoIterator<Item = impl Into<T>>)` sets
///   `Some(vec)`, replacing what was set before.
///
/// The field is `endpoint.<setter>` unless `=> field.path` names another.
/// Generic endpoints list their parameters first: `setters! { <T> Write<T>; … }`.
macro_rules! setters {
    (<$($g:ident),*> $endpoint:ty; $($(#[$attr:meta])* $setter:ident $(=> $($field:ident).+)? : $kind:ident $ty:ty;)*) => {
        impl<C: $crate::call::Client, $($g),*> $crate::call::Call<C, $endpoint> {
            $($crate::elements::options::setters!(@fn [$(#[$attr])*] $setter [$($($field).+)?] $kind $ty);)*
        }
    };
    ($endpoint:ty; $($(#[$attr:meta])* $setter:ident $(=> $($field:ident).+)? : $kind:ident $ty:ty;)*) => {
        impl<C: $crate::call::Client> $crate::call::Call<C, $endpoint> {
            $($crate::elements::options::setters!(@fn [$(#[$attr])*] $setter [$($($field).+)?] $kind $ty);)*
        }
    };
    (@fn [$($a:tt)*] $s:ident [] $kind:ident $ty:ty) => {
        $crate::elements::options::setters!(@fn [$($a)*] $s [$s] $kind $ty);
    };
    (@fn [$($a:tt)*] $s:ident [$($f:ident).+] value $ty:ty) => {
        $($a)* pub fn $s(mut self, $s: $ty) -> Self { self.endpoint.$($f).+ = Some($s); self }
    };
    (@fn [$($a:tt)*] $s:ident [$($f:ident).+] into $ty:ty) => {
        $($a)* pub fn $s(mut self, $s: impl Into<$ty>) -> Self { self.endpoint.$($f).+ = Some($s.into()); self }
    };
    (@fn [$($a:tt)*] $s:ident [$($f:ident).+] text $ty:ty) => {
        $($a)* pub fn $s(mut self, $s: impl ToString) -> Self { self.endpoint.$($f).+ = Some($s.to_string()); self }
    };
    (@fn [$($a:tt)*] $s:ident [$($f:ident).+] flag $ty:ty) => {
        $($a)* pub fn $s(mut self, $s: $ty) -> Self { self.endpoint.$($f).+ = $s; self }
    };
    (@fn [$($a:tt)*] $s:ident [$($f:ident).+] push $ty:ty) => {
        $($a)* pub fn $s(mut self, $s: impl Into<$ty>) -> Self { self.endpoint.$($f).+.push($s.into()); self }
    };
    (@fn [$($a:tt)*] $s:ident [$($f:ident).+] extend $ty:ty) => {
        $($a)* pub fn $s(mut self, $s: impl IntoIterator<Item = $ty>) -> Self { self.endpoint.$($f).+.extend($s); self }
    };
    (@fn [$($a:tt)*] $s:ident [$($f:ident).+] extend_into $ty:ty) => {
        $($a)* pub fn $s(mut self, $s: impl IntoIterator<Item = impl Into<$ty>>) -> Self {
            self.endpoint.$($f).+.extend($s.into_iter().map(Into::into)); self
        }
    };
    (@fn [$($a:tt)*] $s:ident [$($f:ident).+] list $ty:ty) => {
        $($a)* pub fn $s(mut self, $s: impl IntoIterator<Item = impl Into<$ty>>) -> Self {
            self.endpoint.$($f).+ = Some($s.into_iter().map(Into::into).collect()); self
        }
    };
}
pub(crate) use setters;

/// `.await` and `.send()` on both clients for a call that runs several
/// requests itself: `$run` is its `async fn(self) -> Result<$output>` on
/// `Call<C, $endpoint>`. `$what` completes the methods' docs ("Sends
/// the search", …).
macro_rules! finish_with {
    ($endpoint:ty => $output:ty, $run:ident, $what:literal) => {
        impl $crate::call::Call<$crate::GrafanaApi, $endpoint> {
            #[doc = concat!($what, " (the same as `.await`ing it).")]
            pub async fn send(self) -> $crate::Result<$output> {
                self.$run().await
            }
        }

        impl std::future::IntoFuture for $crate::call::Call<$crate::GrafanaApi, $endpoint> {
            type Output = $crate::Result<$output>;
            type IntoFuture =
                std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.$run())
            }
        }

        impl $crate::call::Call<$crate::blocking::GrafanaApi, $endpoint> {
            #[doc = concat!($what, " and waits for the answer (see [`crate::blocking`] for the threads it works on).")]
            pub fn send(self) -> $crate::Result<$output> {
                let client = self.client.clone();
                client.block_on(self.$run())
            }
        }
    };
}
pub(crate) use finish_with;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize, Default)]
    #[serde(rename_all = "camelCase")]
    struct Opts {
        query: Option<String>,
        #[serde(rename = "dashboardUIDs")]
        dashboard_uids: Vec<String>,
        starred: Option<bool>,
        per_page: Option<u32>,
        #[serde(skip_serializing_if = "is_false")]
        force: bool,
    }

    #[test]
    fn query_pairs_keep_order_repeat_lists_and_skip_unset() {
        let opts = Opts {
            query: Some("a b&c".into()),
            dashboard_uids: vec!["x".into(), "y".into()],
            starred: Some(false),
            per_page: Some(0),
            force: false,
        };
        let pairs = query_pairs(&opts).unwrap();
        let expected = [
            ("query", "a b&c"),
            ("dashboardUIDs", "x"),
            ("dashboardUIDs", "y"),
            ("starred", "false"),
            ("perPage", "0"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(pairs, expected);
        assert_eq!(query_pairs(&Opts::default()).unwrap(), vec![]);
    }

    #[test]
    fn object_drops_unset_fields_only() {
        let opts = Opts {
            force: true,
            per_page: Some(5),
            ..Opts::default()
        };
        let map = object(&opts).unwrap();
        assert_eq!(
            Value::Object(map),
            json!({"dashboardUIDs": [], "perPage": 5, "force": true})
        );
    }

    #[test]
    fn nested_values_and_non_structs_are_refused() {
        let err = query_pairs(&json!({"a": {"b": 1}})).unwrap_err();
        assert!(
            err.to_string().contains("`a` cannot be a query value"),
            "{err}"
        );
        let err = object(&json!([1])).unwrap_err();
        assert!(err.to_string().contains("must be a struct"), "{err}");
    }

    /// Every setter kind of [`setters!`], a nested field path and the
    /// generic arm, read back through the request they build.
    #[derive(Serialize, Default, Clone, Debug)]
    #[serde(rename_all = "camelCase")]
    struct Every<T> {
        name: Option<String>,
        limit: Option<u32>,
        at: Option<String>,
        #[serde(skip_serializing_if = "is_false")]
        force: bool,
        #[serde(rename = "tag")]
        tags: Vec<String>,
        ids: Vec<i64>,
        uids: Vec<String>,
        kinds: Option<Vec<String>>,
        #[serde(flatten)]
        inner: Inner,
        #[serde(skip)]
        _t: std::marker::PhantomData<fn() -> T>,
    }

    #[derive(Serialize, Default, Clone, Debug)]
    struct Inner {
        deep: Option<i64>,
    }

    impl<T: Send + 'static> crate::call::Endpoint for Every<T> {
        type Output = Value;
        fn into_request(self) -> Request {
            let r = Request::get(crate::path::ApiPath::api().lit("every")).query_options(&self);
            r.try_json(object(&self))
        }
    }

    setters! { <T> Every<T>;
        /// `into`.
        name: into String;
        /// `value`.
        limit: value u32;
        /// `text`.
        at: text String;
        /// `flag`.
        force: flag bool;
        /// `push`, another field name.
        tag => tags: push String;
        /// `extend`.
        ids: extend i64;
        /// `extend_into`.
        uids: extend_into String;
        /// `list`.
        kinds: list String;
        /// a nested field.
        deep => inner.deep: value i64;
    }

    fn every() -> Call<crate::GrafanaApi, Every<u8>> {
        let api = crate::GrafanaApi::builder()
            .url("http://localhost:3000")
            .build()
            .unwrap();
        Call::new(&api, Every::default())
    }

    #[test]
    fn setters_of_every_kind_reach_the_wire() {
        let request = every()
            .name("n")
            .limit(0)
            .at(1.5)
            .force(true)
            .tag("a")
            .tag(String::from("b"))
            .ids([3, 4])
            .ids([5])
            .uids(["u"])
            .kinds(["x", "y"])
            .kinds(["z"])
            .deep(-1)
            .into_request();
        let pairs: Vec<(&str, &str)> = request
            .query_pairs()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("name", "n"),
                ("limit", "0"),
                ("at", "1.5"),
                ("force", "true"),
                ("tag", "a"),
                ("tag", "b"),
                ("ids", "3"),
                ("ids", "4"),
                ("ids", "5"),
                ("uids", "u"),
                ("kinds", "z"),
                ("deep", "-1"),
            ]
        );
        let body: Value = serde_json::from_slice(request.body().unwrap()).unwrap();
        assert_eq!(body["deep"], json!(-1));
        assert_eq!(body["kinds"], json!(["z"]));
    }

    #[test]
    fn unset_options_send_nothing() {
        let request = every().force(false).into_request();
        let pairs: Vec<&str> = request
            .query_pairs()
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert!(pairs.is_empty(), "{pairs:?}");
        let body: Value = serde_json::from_slice(request.body().unwrap()).unwrap();
        assert_eq!(body, json!({"tag": [], "ids": [], "uids": []}));
    }

    #[test]
    fn list_body_wraps_lists_and_objects() {
        assert_eq!(
            list_body("items", &json!([{"a": 1}])).unwrap(),
            json!({"items": [{"a": 1}]})
        );
        assert_eq!(
            list_body("items", &json!({"a": 1})).unwrap(),
            json!({"items": [{"a": 1}]})
        );
        assert_eq!(
            list_body("permissions", &json!({"permissions": []})).unwrap(),
            json!({"permissions": []})
        );
        let err = list_body("items", &json!(3)).unwrap_err();
        assert!(
            err.to_string()
                .contains("must be a list or an object, not 3"),
            "{err}"
        );
    }
}
