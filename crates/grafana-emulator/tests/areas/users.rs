//! Emulator tests: users.
