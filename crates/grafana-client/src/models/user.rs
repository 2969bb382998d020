//! Models of the `user` API area.
