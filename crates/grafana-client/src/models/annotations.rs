//! Models of the `annotations` API area.
