//! Models of the `notifications` API area.
