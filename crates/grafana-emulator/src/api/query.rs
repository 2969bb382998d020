//! Query parameters, decoded as Go's `url.ParseQuery` does, read with
//! Grafana's `c.Query*` semantics.

/// Decoded query parameters in order (`+` is a space, `%XX` decoded, invalid
/// UTF-8 replaced).
pub(crate) fn parse_query(raw: Option<&str>) -> Vec<(String, String)> {
    let Some(raw) = raw else { return Vec::new() };
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

fn form_decode(s: &str) -> String {
    let s = s.replace('+', " ");
    percent_encoding::percent_decode_str(&s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The query parameters of one request.
#[derive(Debug, Default)]
pub(crate) struct Query(pub(crate) Vec<(String, String)>);

impl Query {
    /// First value of `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// `c.QueryInt64(name)` in Grafana: missing or unparsable → 0.
    pub(crate) fn int(&self, name: &str) -> i64 {
        self.get(name)
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0)
    }

    /// `c.QueryBool(name)`: `strconv.ParseBool` semantics, failure → false.
    pub(crate) fn bool(&self, name: &str) -> bool {
        matches!(
            self.get(name),
            Some("1" | "t" | "T" | "true" | "TRUE" | "True")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_decoding() {
        let q = Query(parse_query(Some(
            "tag=a&tag=b+c&limit=x&query=%25_&flag=true",
        )));
        assert_eq!(q.all("tag"), vec!["a", "b c"]);
        assert_eq!(q.int("limit"), 0);
        assert_eq!(q.get("query"), Some("%_"));
        assert!(q.bool("flag"));
        assert!(!q.bool("nope"));
    }
}
