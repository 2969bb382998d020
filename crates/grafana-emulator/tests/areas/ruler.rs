//! Emulator tests: ruler.
