//! Emulator tests: datasource_proxy.
