//! A synchronous wrapper that owns its own tokio runtime.

use std::io;
use std::net::SocketAddr;

use tokio::runtime::Runtime;

use crate::clock::Clock;
use crate::emulator::{EmulatorBuilder, EmulatorHandle};
use crate::faults::Fault;
use crate::recording::RecordedRequest;
use crate::role::Role;

/// An emulator running on its own multi-threaded tokio runtime (2 worker
/// threads), usable from a plain `#[test]` without any runtime. Created by
/// [`EmulatorBuilder::start_blocking`]; shuts down when dropped.
///
/// ```
/// use grafana_emulator::{Emulator, Role};
///
/// let emu = Emulator::builder().seed_demo().start_blocking().unwrap();
/// assert!(emu.url().starts_with("http://127.0.0.1:"));
/// let token = emu.create_service_account_token(1, Role::Viewer);
/// assert!(token.starts_with("glsa_"));
/// ```
#[derive(Debug)]
pub struct BlockingEmulator {
    handle: EmulatorHandle,
    runtime: Option<Runtime>,
}

impl BlockingEmulator {
    pub(crate) fn start(builder: EmulatorBuilder) -> io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("grafana-emulator")
            .enable_all()
            .build()?;
        // Start on the runtime and wait through a channel, so this also works
        // when the caller is itself inside a tokio runtime.
        let (tx, rx) = std::sync::mpsc::channel();
        runtime.spawn(async move {
            let _ = tx.send(builder.start().await);
        });
        let handle = rx
            .recv()
            .map_err(|_| io::Error::other("emulator runtime stopped during start"))??;
        Ok(Self {
            handle,
            runtime: Some(runtime),
        })
    }

    /// The async handle (same server), e.g. to pass to async code.
    pub fn handle(&self) -> &EmulatorHandle {
        &self.handle
    }

    /// See [`EmulatorHandle::url`].
    pub fn url(&self) -> String {
        self.handle.url()
    }

    /// See [`EmulatorHandle::addr`].
    pub fn addr(&self) -> SocketAddr {
        self.handle.addr()
    }

    /// See [`EmulatorHandle::clock`].
    pub fn clock(&self) -> Clock {
        self.handle.clock()
    }

    /// See [`EmulatorHandle::inject`].
    pub fn inject(&self, fault: Fault) {
        self.handle.inject(fault);
    }

    /// See [`EmulatorHandle::clear_faults`].
    pub fn clear_faults(&self) {
        self.handle.clear_faults();
    }

    /// See [`EmulatorHandle::requests`].
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.handle.requests()
    }

    /// See [`EmulatorHandle::clear_requests`].
    pub fn clear_requests(&self) {
        self.handle.clear_requests();
    }

    /// See [`EmulatorHandle::create_service_account_token`].
    pub fn create_service_account_token(&self, org_id: i64, role: Role) -> String {
        self.handle.create_service_account_token(org_id, role)
    }

    /// See [`EmulatorHandle::create_org`].
    pub fn create_org(&self, name: &str) -> i64 {
        self.handle.create_org(name)
    }

    /// See [`EmulatorHandle::add_user`].
    pub fn add_user(&self, login: &str, password: &str, org_id: i64, role: Role) -> i64 {
        self.handle.add_user(login, password, org_id, role)
    }

    /// Stops the server and its runtime (same as dropping it).
    pub fn shutdown(self) {
        drop(self);
    }
}

impl Drop for BlockingEmulator {
    fn drop(&mut self) {
        self.handle.signal_shutdown();
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}
