//! Emulator tests: search.
