//! Emulator tests: orgs.
