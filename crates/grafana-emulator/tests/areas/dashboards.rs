//! Emulator tests: dashboards.
