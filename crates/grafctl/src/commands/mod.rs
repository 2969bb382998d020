//! One module per command.

pub mod backup;
pub mod context;
pub mod dashboard;
pub mod diff;
pub mod find;
pub mod restore;
pub mod snapshot;
pub mod sync;
