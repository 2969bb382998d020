//! Emulator tests: user.
