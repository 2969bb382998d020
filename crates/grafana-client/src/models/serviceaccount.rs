//! Models of the `serviceaccount` API area.
