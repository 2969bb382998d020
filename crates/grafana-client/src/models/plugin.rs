//! Models of the `plugin` API area.
