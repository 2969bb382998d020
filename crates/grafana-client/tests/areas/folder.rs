//! Workflow: the `folder` element.
