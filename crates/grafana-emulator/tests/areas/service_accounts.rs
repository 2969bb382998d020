//! Emulator tests: service_accounts.
