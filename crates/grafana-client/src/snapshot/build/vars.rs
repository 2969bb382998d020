//! Template variables: their values and Grafana's interpolation.
