//! Workflow: the `notifications` element.
