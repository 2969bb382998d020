//! Models of the `alerting` API area.
