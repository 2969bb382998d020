//! Workflow: the `health` element.
