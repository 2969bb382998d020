//! Workflow: the `user` element.
