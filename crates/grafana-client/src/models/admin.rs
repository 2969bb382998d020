//! Models of the `admin` API area.
