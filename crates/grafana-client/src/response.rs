//! (Internal; public only for fuzzing.) Turning a received response into
//! the caller's type, or into an error that says what arrived. Nothing a
//! server sends can make this panic.
//!
//! A leaf below the transport: pure functions of a received response, no I/O.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{snippet, ApiError, DecodeError, Error, Result};
use crate::request::Expect;

/// A received response, body fully read (and capped).
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// Request path as sent (no query string), for errors.
    pub(crate) path: String,
}

pub(crate) fn decode<T: DeserializeOwned>(
    method: &http::Method,
    expect: Expect,
    resp: RawResponse,
) -> Result<T> {
    let RawResponse {
        status,
        headers,
        body,
        path,
    } = resp;
    let answer_with_results = expect == Expect::QueryResults && carries_results(status, &body);
    if !status.is_success() && !answer_with_results {
        return Err(ApiError::from_response(method.clone(), path, status, &headers, &body).into());
    }
    // Borrowed: owned copies are made only for an error.
    let content_type = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let fail = |json_path: String, reason: String| -> Error {
        DecodeError {
            status,
            method: method.clone(),
            path: path.clone(),
            json_path,
            reason,
            content_type: content_type.map(str::to_owned),
            snippet: snippet(&body),
        }
        .into()
    };
    // `text/…`, case-insensitive, without allocating a lowercased copy.
    let is_text = content_type.is_some_and(|ct| {
        ct.trim_start()
            .as_bytes()
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"text/"))
    });
    if expect == Expect::Text && is_text {
        let text = String::from_utf8_lossy(&body).into_owned();
        return serde_json::from_value(Value::String(text))
            .map_err(|e| fail(".".into(), e.to_string()));
    }
    if body.trim_ascii().is_empty() {
        // 204, or an empty 200: a value for `()` and `Option<_>`, an error otherwise.
        return serde_json::from_value(Value::Null).map_err(|_| {
            fail(
                ".".into(),
                format!("expected a JSON body, the {status} response has none"),
            )
        });
    }
    // Fast path: plain serde_json. Tracking the JSON path of every value
    // costs about a third more time than the decoding itself, and the path is
    // only needed for an error; so only a body that fails here is decoded
    // again, with tracking, to report the same error with its path.
    if let Ok(value) = serde_json::from_slice::<T>(&body) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(&body);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let json_path = e.path().to_string();
        let inner = e.into_inner();
        let reason = if is_text && inner.is_syntax() {
            format!(
                "expected JSON, got {} ({inner})",
                content_type.unwrap_or("text")
            )
        } else {
            inner.to_string()
        };
        fail(json_path, reason)
    })?;
    de.end().map_err(|e| fail(".".into(), e.to_string()))?;
    Ok(value)
}

/// A 400 whose body is an object with a `results` object: `/api/ds/query`'s
/// answer when any refId failed, which holds every refId's result.
fn carries_results(status: http::StatusCode, body: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Probe {
        #[allow(dead_code)]
        results: std::collections::BTreeMap<String, serde::de::IgnoredAny>,
    }
    status == http::StatusCode::BAD_REQUEST && serde_json::from_slice::<Probe>(body).is_ok()
}

/// Entry points for the fuzz targets in `fuzz/`: the decoding and error
/// parsing that every response goes through. Not part of the stable API.
#[doc(hidden)]
pub mod fuzzing {
    use super::*;

    /// Decodes a response of `status` with this content type and body as `T`.
    pub fn decode_as<T: DeserializeOwned>(
        status: u16,
        content_type: Option<&str>,
        text: bool,
        body: &[u8],
    ) -> Result<T> {
        let mut headers = http::HeaderMap::new();
        if let Some(ct) = content_type.and_then(|c| http::HeaderValue::from_str(c).ok()) {
            headers.insert(http::header::CONTENT_TYPE, ct);
        }
        let status = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
        let resp = RawResponse {
            status,
            headers,
            body: bytes::Bytes::copy_from_slice(body),
            path: "/api/fuzz".into(),
        };
        let expect = if text { Expect::Text } else { Expect::Json };
        decode(&http::Method::GET, expect, resp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::QueryResponse;

    fn query_answer(status: u16, body: &str) -> Result<QueryResponse> {
        let resp = RawResponse {
            status: http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK),
            headers: http::HeaderMap::new(),
            body: bytes::Bytes::copy_from_slice(body.as_bytes()),
            path: "/api/ds/query".into(),
        };
        decode(&http::Method::POST, Expect::QueryResults, resp)
    }

    #[test]
    fn only_a_400_with_results_is_a_query_answer() {
        let failed = r#"{"results":{"A":{"error":"boom","status":500}}}"#;
        let answer = query_answer(400, failed).unwrap();
        assert_eq!(answer.errors(), vec![("A", "boom")]);
        // Grafana's other 400s, and other statuses even with results: errors.
        let no_queries =
            r#"{"message":"No queries found","messageId":"query.noQueries","statusCode":400}"#;
        let err = query_answer(400, no_queries).unwrap_err();
        assert_eq!(
            err.api().and_then(|e| e.message.as_deref()),
            Some("No queries found")
        );
        for (status, body) in [
            (500, failed),
            (404, failed),
            (400, r#"{"results":[]}"#),
            (400, "not json"),
        ] {
            let err = query_answer(status, body).unwrap_err();
            assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{body}");
        }
        // Endpoints that do not expect results keep every 400 an error.
        let resp = RawResponse {
            status: http::StatusCode::BAD_REQUEST,
            headers: http::HeaderMap::new(),
            body: bytes::Bytes::from_static(br#"{"results":{}}"#),
            path: "/api/other".into(),
        };
        assert!(decode::<Value>(&http::Method::POST, Expect::Json, resp).is_err());
    }
}
