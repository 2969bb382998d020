//! Models of the `libraryelement` API area.
