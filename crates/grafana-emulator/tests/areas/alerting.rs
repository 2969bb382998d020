//! Emulator tests: alerting.
