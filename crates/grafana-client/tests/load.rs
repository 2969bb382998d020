//! 1,000 concurrent requests through one client complete without error and
//! with bounded memory.

use std::sync::Arc;

use grafana_client::{BasicAuth, GrafanaApi};
use grafana_emulator::Emulator;

/// Resident set size of this process, in KiB (Linux).
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_requests() {
    let emu = Emulator::builder().seed_demo().start().await.unwrap();
    let api = GrafanaApi::builder()
        .url(&emu.url())
        .auth(BasicAuth::new("admin", "admin"))
        .build()
        .unwrap();
    let dash = api
        .dashboard()
        .get_dashboard("demo-overview")
        .await
        .unwrap();
    let snap = api
        .snapshots()
        .create_new_snapshot(&dash.dashboard)
        .await
        .unwrap();
    let key = Arc::new(snap.key);

    let mut peak_growth = 0u64;
    let before = rss_kib();
    for round in 0..3 {
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..1000 {
            let api = api.clone();
            let key = key.clone();
            set.spawn(async move { api.snapshots().get_snapshot_by_key(&key).await });
        }
        let mut ok = 0;
        while let Some(joined) = set.join_next().await {
            let snap = joined.expect("task").expect("request");
            assert_eq!(snap.meta.is_snapshot, Some(true));
            ok += 1;
        }
        assert_eq!(ok, 1000, "round {round}");
        if let (Some(b), Some(now)) = (before, rss_kib()) {
            peak_growth = peak_growth.max(now.saturating_sub(b));
        }
    }
    let served = emu
        .requests()
        .iter()
        .filter(|r| r.raw_path == format!("/api/snapshots/{key}"))
        .count();
    assert_eq!(served, 3000);
    // Three rounds of a thousand requests (server in the same process) must not
    // keep growing: the bound is far below what leaking every response would take.
    assert!(
        peak_growth < 150 * 1024,
        "resident memory grew by {peak_growth} KiB"
    );
    eprintln!("peak RSS growth over 3 x 1000 concurrent requests: {peak_growth} KiB");
}
