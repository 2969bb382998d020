//! Workflow: the `organizations` element.
