//! End-to-end tests of the `grafctl` binary against the embedded emulator.
//! One test binary; one module per command.

mod common;

mod backup;
mod context;
mod dashboard;
mod diff;
mod find;
mod restore;
mod snapshot;
mod sync;
mod v2;
