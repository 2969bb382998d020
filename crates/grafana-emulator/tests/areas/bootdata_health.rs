//! Emulator tests: bootdata_health.
