//! Workflow: the `organization` element.
