//! Emulator tests: concurrency.
