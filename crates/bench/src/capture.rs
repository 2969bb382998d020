//! A one-shot local TCP capture: records the exact bytes of the request head
//! a client sends, answers with a canned JSON body, and closes. Used to check
//! that our client and the baseline send byte-identical requests.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::thread::JoinHandle;

/// A listener on `127.0.0.1` that captures one request.
pub struct Capture {
    url: String,
    handle: JoinHandle<std::io::Result<Vec<u8>>>,
}

impl Capture {
    /// Listens on a free port; the one connection it accepts gets `body`
    /// (JSON, status 200) as the answer.
    pub fn start(body: &'static str) -> std::io::Result<Capture> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let url = format!("http://{}/", listener.local_addr()?);
        let handle = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept()?;
            let mut head = Vec::new();
            let mut buf = [0u8; 4096];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = stream.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                head.extend_from_slice(&buf[..n]);
            }
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(answer.as_bytes())?;
            stream.flush()?;
            Ok(head)
        });
        Ok(Capture { url, handle })
    }

    /// Base URL to point a client at (`http://127.0.0.1:PORT/`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The captured request head (request line and headers, up to the blank
    /// line), once the client has sent it.
    pub fn finish(self) -> std::io::Result<Vec<u8>> {
        self.handle
            .join()
            .map_err(|_| std::io::Error::other("capture thread panicked"))?
    }
}

/// The captured head with the port of the capture replaced by `PORT`, so two
/// captures can be compared.
pub fn normalize(head: &[u8], url: &str) -> String {
    let text = String::from_utf8_lossy(head).into_owned();
    let port = url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .to_string();
    text.replace(&format!(":{port}"), ":PORT")
}

/// Canned answer of `GET /api/snapshots/{key}`.
pub const SNAPSHOT_BODY: &str =
    r#"{"meta":{"type":"snapshot","isSnapshot":true},"dashboard":{"uid":"x","title":"X"}}"#;

/// Canned answer of `GET /api/dashboards/uid/{uid}`.
pub const DASHBOARD_BODY: &str = r#"{"meta":{"type":"db"},"dashboard":{"uid":"x","title":"X"}}"#;

/// Captures the request heads our async client and the baseline send for
/// W1's and W2's calls; returns `(what, ours, baseline)` per call.
pub fn compare_clients() -> Result<Vec<(String, String, String)>, String> {
    use crate::worker::{baseline_client, baseline_get, baseline_headers, our_async_client};
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let io = |e: std::io::Error| e.to_string();
    let mut out = Vec::new();
    for (what, body, path) in [
        (
            "W1 get_snapshot_by_key",
            SNAPSHOT_BODY,
            "api/snapshots/bench-key",
        ),
        (
            "W2 get_dashboard",
            DASHBOARD_BODY,
            "api/dashboards/uid/bench-w2-00000",
        ),
    ] {
        let cap = Capture::start(body).map_err(io)?;
        let url = cap.url().to_string();
        rt.block_on(async {
            let api = our_async_client(&url).map_err(|e| e.to_string())?;
            if path.contains("snapshots") {
                api.snapshots()
                    .get_snapshot_by_key("bench-key")
                    .await
                    .map(drop)
            } else {
                api.dashboard()
                    .get_dashboard("bench-w2-00000")
                    .await
                    .map(drop)
            }
            .map_err(|e| e.to_string())
        })?;
        let ours = normalize(&cap.finish().map_err(io)?, &url);

        let cap = Capture::start(body).map_err(io)?;
        let url = cap.url().to_string();
        rt.block_on(async {
            let client = baseline_client().map_err(|e| e.to_string())?;
            baseline_get(&client, &baseline_headers(), &format!("{url}{path}"))
                .await
                .map(drop)
        })?;
        let baseline = normalize(&cap.finish().map_err(io)?, &url);
        out.push((what.to_string(), ours, baseline));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_client_and_the_baseline_send_byte_identical_requests() {
        for (what, ours, baseline) in compare_clients().unwrap() {
            assert_eq!(ours, baseline, "{what}");
            assert!(
                ours.contains("authorization: Basic YWRtaW46YWRtaW4=\r\n"),
                "{ours}"
            );
            assert!(ours.contains("accept: application/json\r\n"), "{ours}");
            assert!(ours.contains("user-agent: grafana-client-rust/"), "{ours}");
        }
    }
}
