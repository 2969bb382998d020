//! Workflow: methods whose route Grafana removed or keeps for Enterprise answer as open-source Grafana does.
