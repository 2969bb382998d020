//! Workflow: the `annotations` element.
