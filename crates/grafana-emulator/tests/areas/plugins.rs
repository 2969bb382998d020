//! Emulator tests: plugins.
