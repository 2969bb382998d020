//! The shared context every request handler sees.

use crate::clock::Clock;
use crate::faults::FaultSet;
use crate::recording::Recorder;
use crate::settings::Settings;
use crate::state::Shared;

/// Everything the server shares between connections (behind one `Arc`).
#[derive(Debug)]
pub(crate) struct App {
    pub(crate) state: Shared,
    pub(crate) settings: Settings,
    pub(crate) clock: Clock,
    pub(crate) faults: FaultSet,
    pub(crate) recorder: Recorder,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub(crate) base_url: String,
    /// Unix seconds when the server started (`buildInfo.buildstamp`).
    pub(crate) started: i64,
}

impl App {
    /// `[server] root_url`, always ending with `/`.
    pub(crate) fn root_url(&self) -> String {
        match &self.settings.root_url {
            Some(u) if u.ends_with('/') => u.clone(),
            Some(u) => format!("{u}/"),
            None => format!("{}/", self.base_url),
        }
    }
}
