//! Models of the `dashboard_versions` API area.
