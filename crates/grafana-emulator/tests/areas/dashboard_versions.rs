//! Emulator tests: dashboard_versions.
