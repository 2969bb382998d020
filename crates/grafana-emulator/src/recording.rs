//! Recording of every request the emulator receives.

use std::sync::Mutex;

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
    /// The request body.
    pub body: Vec<u8>,
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
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    inner: Mutex<Log>,
}

#[derive(Debug, Default)]
struct Log {
    /// Sequence number of `entries[0]`.
    first_seq: u64,
    entries: Vec<RecordedRequest>,
}

impl Recorder {
    /// Appends a request and returns its sequence number.
    pub(crate) fn start(&self, req: RecordedRequest) -> u64 {
        let mut log = self.lock();
        log.entries.push(req);
        log.first_seq + log.entries.len() as u64 - 1
    }

    /// Sets the status of a request recorded by [`Recorder::start`] (no-op if
    /// the log was cleared meanwhile).
    pub(crate) fn finish(&self, seq: u64, status: u16) {
        let mut log = self.lock();
        if seq >= log.first_seq {
            let idx = (seq - log.first_seq) as usize;
            if let Some(e) = log.entries.get_mut(idx) {
                e.status = status;
            }
        }
    }

    pub(crate) fn snapshot(&self) -> Vec<RecordedRequest> {
        self.lock().entries.clone()
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
}
