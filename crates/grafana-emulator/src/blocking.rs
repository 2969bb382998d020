//! A synchronous wrapper that owns its own tokio runtime.

use std::io;

use tokio::runtime::Runtime;

use crate::emulator::{EmulatorBuilder, EmulatorHandle};

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

    /// Stops the server and its runtime (same as dropping it).
    pub fn shutdown(self) {
        drop(self);
    }
}

/// Every [`EmulatorHandle`] method (`url`, `addr`, `clock`, `inject`,
/// `requests`, `create_org`, ...) is available on the blocking emulator
/// directly. (`shutdown` is the exception: on a `BlockingEmulator` it is
/// [`BlockingEmulator::shutdown`], which needs no runtime; the handle's async
/// one is reached with `emu.handle().shutdown()`.)
impl std::ops::Deref for BlockingEmulator {
    type Target = EmulatorHandle;

    fn deref(&self) -> &EmulatorHandle {
        &self.handle
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
