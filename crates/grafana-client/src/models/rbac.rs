//! Models of the `rbac` API area.
