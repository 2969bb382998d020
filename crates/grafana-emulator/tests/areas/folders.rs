//! Emulator tests: folders.
