//! W3: decoding cost, in process (no HTTP). The same bytes are decoded into
//! `serde_json::Value`, into the client's typed models with plain
//! `serde_json`, and through the client's own response decoding (the path
//! every call takes: status check, content type, JSON path tracking).

use std::time::Instant;

use grafana_client::models::{DashboardWithMeta, SearchHit};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::payload;

/// How a W3 payload is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoder {
    /// `serde_json::from_slice::<serde_json::Value>`.
    Value,
    /// `serde_json::from_slice` into the typed model.
    Typed,
    /// The client's response decoding into the typed model.
    Client,
}

impl Decoder {
    /// All decoders, in table order.
    pub const ALL: [Decoder; 3] = [Decoder::Client, Decoder::Typed, Decoder::Value];

    /// Name shown in the tables.
    pub fn label(self) -> &'static str {
        match self {
            Decoder::Value => "serde_json::Value",
            Decoder::Typed => "typed models (serde_json::from_slice)",
            Decoder::Client => "typed models (grafana-client decode path)",
        }
    }
}

/// The two W3 payloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload {
    /// `GET /api/dashboards/uid/{uid}` with a large dashboard.
    Dashboard,
    /// `GET /api/search` with many hits.
    Search,
}

/// The W3 payloads' bytes.
pub struct Payloads {
    /// The dashboard answer (`DashboardWithMeta`).
    pub dashboard: Vec<u8>,
    /// The search answer (`Vec<SearchHit>`).
    pub search: Vec<u8>,
    /// Number of hits in `search`.
    pub hits: usize,
}

impl Payloads {
    /// A dashboard answer of about `dashboard_bytes` and `hits` search hits.
    pub fn new(dashboard_bytes: usize, hits: usize) -> Payloads {
        let dash = payload::dashboard_with_meta(payload::dashboard(
            "w3-large",
            "W3 large dashboard",
            dashboard_bytes,
        ));
        Payloads {
            dashboard: serde_json::to_vec(&dash).expect("serializable"),
            search: serde_json::to_vec(&payload::search_hits(hits)).expect("serializable"),
            hits,
        }
    }

    /// The bytes of one payload.
    pub fn bytes(&self, p: Payload) -> &[u8] {
        match p {
            Payload::Dashboard => &self.dashboard,
            Payload::Search => &self.search,
        }
    }
}

fn decode<T: DeserializeOwned>(d: Decoder, bytes: &[u8]) -> Result<T, String> {
    match d {
        Decoder::Value | Decoder::Typed => serde_json::from_slice(bytes).map_err(|e| e.to_string()),
        Decoder::Client => grafana_client::response::fuzzing::decode_as::<T>(
            200,
            Some("application/json"),
            false,
            bytes,
        )
        .map_err(|e| e.to_string()),
    }
}

fn decode_once(d: Decoder, p: Payload, bytes: &[u8]) -> Result<usize, String> {
    Ok(match (d, p) {
        (Decoder::Value, Payload::Dashboard | Payload::Search) => {
            let v: Value = decode(d, bytes)?;
            std::hint::black_box(&v);
            v.as_array().map_or(1, Vec::len)
        }
        (_, Payload::Dashboard) => {
            let v: DashboardWithMeta = decode(d, bytes)?;
            std::hint::black_box(&v);
            1
        }
        (_, Payload::Search) => {
            let v: Vec<SearchHit> = decode(d, bytes)?;
            std::hint::black_box(&v);
            v.len()
        }
    })
}

/// Decodes payload `p` `iters` times with `d` and returns the mean seconds
/// per decode (decode and drop of the result).
pub fn measure(d: Decoder, p: Payload, payloads: &Payloads, iters: usize) -> Result<f64, String> {
    let bytes = payloads.bytes(p);
    // Warm-up, and a check that the decoder reads the whole payload.
    let n = decode_once(d, p, bytes)?;
    if p == Payload::Search && n != payloads.hits {
        return Err(format!("{} hits decoded, {} expected", n, payloads.hits));
    }
    let started = Instant::now();
    for _ in 0..iters.max(1) {
        decode_once(d, p, bytes)?;
    }
    Ok(started.elapsed().as_secs_f64() / iters.max(1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_decoder_reads_every_payload() {
        let p = Payloads::new(20_000, 30);
        for d in Decoder::ALL {
            for pl in [Payload::Dashboard, Payload::Search] {
                assert!(measure(d, pl, &p, 1).unwrap() > 0.0);
            }
        }
    }
}
