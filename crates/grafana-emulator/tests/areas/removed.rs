//! Emulator tests: removed.
