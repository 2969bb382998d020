//! Workflow: the `dashboard_versions` element.
