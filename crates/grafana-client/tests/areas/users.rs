//! Workflow: the `users` element.
