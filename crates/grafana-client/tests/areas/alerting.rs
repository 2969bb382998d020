//! Workflow: the `alerting` element.
