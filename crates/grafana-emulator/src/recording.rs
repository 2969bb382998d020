//! Recording of the requests the emulator receives: a bounded log of the
//! most recent ones.

use std::collections::VecDeque;
use std::sync::Mutex;

/// Default of [`EmulatorBuilder::max_recorded_requests`](crate::EmulatorBuilder::max_recorded_requests):
/// the log keeps the 10,000 most recent requests.
pub const DEFAULT_MAX_RECORDED_REQUESTS: usize = 10_000;

/// Default of [`EmulatorBuilder::max_recorded_body`](crate::EmulatorBuilder::max_recorded_body):
/// a recorded body keeps its first 64 KiB.
pub const DEFAULT_MAX_RECORDED_BODY: usize = 64 * 1024;

/// One request as the emulator received it, and the status it answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// HTTP method, upper case as sent (`GET`, `POST`, ...).
    pub method: String,
    /// The request path exactly as received on the wire: percent-encoding is
    /// preserved and nothing is normalised. No query string.
    pub raw_path: String,
    /// The raw query string (without `?`), if the request had one.
    pub raw_query: Option<String>,
    /// Request headers in the order received; names are lower case (as the
    /// HTTP stack reports them), values are decoded lossily as UTF-8.
    pub headers: Vec<(String, String)>,
    /// The request body, or its first
    /// [`max_recorded_body`](crate::EmulatorBuilder::max_recorded_body) bytes
    /// (default [`DEFAULT_MAX_RECORDED_BODY`], 64 KiB) when it was longer; see
    /// [`RecordedRequest::body_truncated`]. The emulator itself always handles
    /// the whole body.
    pub body: Vec<u8>,
    /// Whether [`RecordedRequest::body`] was cut to the recording limit.
    pub body_truncated: bool,
    /// The status the emulator answered with. `0` when no response was sent
    /// (a [`Fault::drop_connection`](crate::Fault::drop_connection) fault) or
    /// while the request is still being handled.
    pub status: u16,
}

impl RecordedRequest {
    /// The first header with this name (case-insensitive), if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The request log. Requests are appended on arrival (before routing), so the
/// order is arrival order; the status is filled in when the response is known.
/// It keeps the `capacity` most recent requests (the oldest is dropped when a
/// new one arrives on a full log), each body cut to `body_limit` bytes; with
/// `enabled == false` nothing is recorded.
#[derive(Debug)]
pub(crate) struct Recorder {
    enabled: bool,
    capacity: usize,
    body_limit: usize,
    inner: Mutex<Log>,
}

impl Default for Recorder {
    fn default() -> Self {
        Self::new(
            true,
            DEFAULT_MAX_RECORDED_REQUESTS,
            DEFAULT_MAX_RECORDED_BODY,
        )
    }
}

#[derive(Debug, Default)]
struct Log {
    /// Sequence number of `entries[0]`.
    first_seq: u64,
    entries: VecDeque<RecordedRequest>,
}

impl Recorder {
    /// A log of at most `capacity` requests (0 = record nothing), bodies cut
    /// to `body_limit` bytes.
    pub(crate) fn new(enabled: bool, capacity: usize, body_limit: usize) -> Self {
        Self {
            enabled: enabled && capacity > 0,
            capacity,
            body_limit,
            inner: Mutex::new(Log::default()),
        }
    }

    /// Whether requests are recorded at all (when not, the server skips
    /// building a [`RecordedRequest`]).
    pub(crate) fn enabled(&self) -> bool {
        self.enabled
    }

    /// How many bytes of a body are kept.
    pub(crate) fn body_limit(&self) -> usize {
        self.body_limit
    }

    /// Appends a request (dropping the oldest one if the log is full) and
    /// returns its sequence number. Cuts the body to the limit if the caller
    /// did not.
    pub(crate) fn start(&self, mut req: RecordedRequest) -> u64 {
        if !self.enabled {
            return u64::MAX;
        }
        if req.body.len() > self.body_limit {
            req.body.truncate(self.body_limit);
            req.body_truncated = true;
        }
        let mut log = self.lock();
        if log.entries.len() >= self.capacity {
            log.entries.pop_front();
            log.first_seq += 1;
        }
        log.entries.push_back(req);
        log.first_seq + log.entries.len() as u64 - 1
    }

    /// Sets the status of a request recorded by [`Recorder::start`] (no-op if
    /// the log was cleared meanwhile or the request has been dropped from it).
    pub(crate) fn finish(&self, seq: u64, status: u16) {
        if !self.enabled {
            return;
        }
        let mut log = self.lock();
        if seq >= log.first_seq {
            let idx = (seq - log.first_seq) as usize;
            if let Some(e) = log.entries.get_mut(idx) {
                e.status = status;
            }
        }
    }

    pub(crate) fn snapshot(&self) -> Vec<RecordedRequest> {
        self.lock().entries.iter().cloned().collect()
    }

    pub(crate) fn clear(&self) {
        let mut log = self.lock();
        log.first_seq += log.entries.len() as u64;
        log.entries.clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Log> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(p: &str) -> RecordedRequest {
        RecordedRequest {
            method: "GET".into(),
            raw_path: p.into(),
            raw_query: None,
            headers: vec![],
            body: vec![],
            body_truncated: false,
            status: 0,
        }
    }

    #[test]
    fn finish_after_clear_is_ignored() {
        let r = Recorder::default();
        let a = r.start(req("/a"));
        r.clear();
        let b = r.start(req("/b"));
        r.finish(a, 500);
        r.finish(b, 200);
        let got = r.snapshot();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].raw_path, "/b");
        assert_eq!(got[0].status, 200);
    }

    #[test]
    fn keeps_the_most_recent_requests() {
        let r = Recorder::new(true, 3, 4);
        let seqs: Vec<u64> = (0..5).map(|i| r.start(req(&format!("/{i}")))).collect();
        // /0 and /1 were dropped: finishing them is a no-op.
        for (i, s) in seqs.iter().enumerate() {
            r.finish(*s, 200 + i as u16);
        }
        let got = r.snapshot();
        let paths: Vec<&str> = got.iter().map(|e| e.raw_path.as_str()).collect();
        assert_eq!(paths, ["/2", "/3", "/4"]);
        let statuses: Vec<u16> = got.iter().map(|e| e.status).collect();
        assert_eq!(statuses, [202, 203, 204]);
    }

    #[test]
    fn long_bodies_are_cut() {
        let r = Recorder::new(true, 10, 4);
        let mut long = req("/long");
        long.body = b"123456".to_vec();
        let mut short = req("/short");
        short.body = b"1234".to_vec();
        r.start(long);
        r.start(short);
        let got = r.snapshot();
        assert_eq!(got[0].body, b"1234");
        assert!(got[0].body_truncated);
        assert_eq!(got[1].body, b"1234");
        assert!(!got[1].body_truncated);
    }

    #[test]
    fn disabled_records_nothing() {
        for r in [Recorder::new(false, 10, 10), Recorder::new(true, 0, 10)] {
            assert!(!r.enabled());
            let s = r.start(req("/a"));
            r.finish(s, 200);
            assert!(r.snapshot().is_empty());
        }
    }
}
