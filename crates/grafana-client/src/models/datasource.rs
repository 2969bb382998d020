//! Models of the `datasource` API area.
