//! Emulator tests: annotations.
