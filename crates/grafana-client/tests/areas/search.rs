//! Workflow: the `search` element.
