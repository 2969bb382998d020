//! Workflow: the `teams` element.
