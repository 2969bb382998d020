//! Helpers shared by the integration tests.
#![allow(dead_code)]

use grafana_emulator::{Emulator, EmulatorBuilder, EmulatorHandle};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How a request authenticates.
#[derive(Clone, Debug)]
pub enum Auth {
    None,
    Admin,
    Basic(String, String),
    Token(String),
}

impl Auth {
    pub fn basic(u: &str, p: &str) -> Auth {
        Auth::Basic(u.into(), p.into())
    }
    pub fn token(t: &str) -> Auth {
        Auth::Token(t.into())
    }
}

/// A response, with the body parsed as JSON when it is JSON.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    }
}

/// An emulator plus an HTTP client pointed at it.
pub struct Api {
    pub emu: EmulatorHandle,
    pub client: reqwest::Client,
}

pub async fn start() -> Api {
    start_with(Emulator::builder()).await
}

pub async fn start_demo() -> Api {
    start_with(Emulator::builder().seed_demo()).await
}

pub async fn start_with(b: EmulatorBuilder) -> Api {
    let emu = b.start().await.expect("emulator starts");
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    Api { emu, client }
}

impl Api {
    pub async fn req(
        &self,
        method: &str,
        path: &str,
        auth: &Auth,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Resp {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut rb = self
            .client
            .request(method, format!("{}{}", self.emu.url(), path));
        rb = match auth {
            Auth::None => rb,
            Auth::Admin => rb.basic_auth("admin", Some("admin")),
            Auth::Basic(u, p) => rb.basic_auth(u, Some(p)),
            Auth::Token(t) => rb.bearer_auth(t),
        };
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        if let Some(b) = body {
            rb = rb.json(b);
        }
        let resp = rb.send().await.expect("request sent");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap_or_default();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp {
            status,
            headers,
            text,
            json,
        }
    }

    pub async fn get(&self, path: &str, auth: &Auth) -> Resp {
        self.req("GET", path, auth, None, &[]).await
    }

    pub async fn delete(&self, path: &str, auth: &Auth) -> Resp {
        self.req("DELETE", path, auth, None, &[]).await
    }

    pub async fn post(&self, path: &str, auth: &Auth, body: &Value) -> Resp {
        self.req("POST", path, auth, Some(body), &[]).await
    }

    pub async fn put(&self, path: &str, auth: &Auth, body: &Value) -> Resp {
        self.req("PUT", path, auth, Some(body), &[]).await
    }

    /// POST with a raw (possibly invalid) body.
    pub async fn post_raw(&self, path: &str, auth: &Auth, body: &str) -> Resp {
        let mut rb = self
            .client
            .post(format!("{}{}", self.emu.url(), path))
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Auth::Admin = auth {
            rb = rb.basic_auth("admin", Some("admin"));
        }
        if let Auth::Token(t) = auth {
            rb = rb.bearer_auth(t);
        }
        let resp = rb.send().await.unwrap();
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap_or_default();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp {
            status,
            headers,
            text,
            json,
        }
    }

    /// Creates a dashboard as admin in org 1 and returns the save response.
    pub async fn save_dashboard(&self, dashboard: Value) -> Value {
        let r = self
            .post(
                "/api/dashboards/db",
                &Auth::Admin,
                &serde_json::json!({ "dashboard": dashboard }),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.json
    }
}

/// A raw HTTP/1.1 exchange: sends `request` verbatim, reads until close.
/// Returns (status, head, body).
pub async fn raw_http(addr: std::net::SocketAddr, request: &str) -> (u16, String, String) {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(request.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf).await;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

/// `GET <path>` with basic admin auth over a raw socket (path sent verbatim).
pub async fn raw_get(addr: std::net::SocketAddr, path: &str) -> (u16, String, String) {
    raw_http(
        addr,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWRtaW46YWRtaW4=\r\nConnection: close\r\n\r\n"
        ),
    )
    .await
}
