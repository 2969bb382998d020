//! Workflow: the `libraryelement` element.
