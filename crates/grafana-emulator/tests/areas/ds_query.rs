//! Emulator tests: ds_query.
