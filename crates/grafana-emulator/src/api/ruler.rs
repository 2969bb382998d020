//! The Ruler and Prometheus-rules routes of unified alerting (`/api/ruler/...`, `/api/prometheus/...`).

use crate::routes::Route;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[];

/// This area's stored state (held by [`crate::state::State`]).
#[derive(Debug, Default)]
pub(crate) struct Store {}
