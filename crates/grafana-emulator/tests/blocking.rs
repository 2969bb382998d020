//! The blocking variant from plain `#[test]`s (no caller runtime).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use grafana_emulator::blocking::BlockingEmulator;
use grafana_emulator::{Emulator, Fault, Role};

fn get(emu: &BlockingEmulator, path: &str, auth: Option<&str>) -> (u16, String) {
    let mut s = TcpStream::connect(emu.addr()).unwrap();
    let auth = auth
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\n{auth}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = out
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn blocking_emulator_serves_and_is_controllable() {
    let emu = Emulator::builder().seed_demo().start_blocking().unwrap();
    assert!(emu.url().starts_with("http://127.0.0.1:"));
    let tok = emu.create_service_account_token(1, Role::Viewer);
    let (status, body) = get(&emu, "/api/dashboards/uid/demo-latency", Some(&tok));
    assert_eq!(status, 200);
    assert!(body.contains("Demo Latency"));
    emu.inject(Fault::on("GET", "/api/health").times(1).status(502));
    assert_eq!(get(&emu, "/api/health", None).0, 502);
    assert_eq!(get(&emu, "/api/health", None).0, 200);
    assert_eq!(emu.requests().len(), 3);
    emu.clear_requests();
    assert!(emu.requests().is_empty());
    let org = emu.create_org("B");
    emu.add_user("u", "p", org, Role::Editor);
    let before = emu.clock().now();
    emu.clock().advance(Duration::from_secs(3600));
    assert!(emu.clock().now() >= before + Duration::from_secs(3600));
    assert_eq!(emu.handle().url(), emu.url());
    let addr = emu.addr();
    emu.shutdown();
    // Port closed (or at least not answering) after shutdown.
    std::thread::sleep(Duration::from_millis(50));
    assert!(TcpStream::connect(addr).is_err());
}

#[test]
fn blocking_emulator_stops_on_drop() {
    let addr = {
        let emu = Emulator::builder().start_blocking().unwrap();
        emu.addr()
    };
    std::thread::sleep(Duration::from_millis(50));
    assert!(TcpStream::connect(addr).is_err());
}

#[tokio::test]
async fn blocking_start_inside_a_runtime_does_not_panic() {
    let emu = Emulator::builder().start_blocking().unwrap();
    let addr = emu.addr();
    let ok = tokio::task::spawn_blocking(move || {
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out.starts_with("HTTP/1.1 200")
    })
    .await
    .unwrap();
    assert!(ok);
    drop(emu);
}
