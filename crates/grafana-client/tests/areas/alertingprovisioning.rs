//! Workflow: the `alertingprovisioning` element.
