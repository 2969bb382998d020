//! Workflow: the `datasource` element.
