//! Models of the `teams` API area.
