//! End-to-end tests of the `grafctl` binary against the embedded emulator.
//! One test binary; one module per command.

mod common;

mod context;
mod dashboard;
mod find;
mod snapshot;
mod v2;
