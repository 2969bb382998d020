//! Emulator tests: datasources.
