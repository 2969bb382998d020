//! Emulator tests: teams.
