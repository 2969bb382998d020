//! Models of the `organization` API area.
