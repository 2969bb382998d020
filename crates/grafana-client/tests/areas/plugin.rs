//! Workflow: the `plugin` element.
