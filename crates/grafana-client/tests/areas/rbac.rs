//! Workflow: the `rbac` element.
