//! Workflow: the `dashboard` element.
