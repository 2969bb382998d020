//! Emulator tests: admin.
