//! Workflow: the `serviceaccount` element.
