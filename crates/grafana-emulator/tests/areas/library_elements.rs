//! Emulator tests: library_elements.
