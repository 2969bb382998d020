//! Workflow: the `admin` element.
