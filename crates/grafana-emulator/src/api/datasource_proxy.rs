//! The data-source proxy (`/api/datasources/proxy/...`) and the built-in Prometheus-like backend behind it.

use crate::routes::Route;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[];

/// This area's stored state (held by [`crate::state::State`]).
#[derive(Debug, Default)]
pub(crate) struct Store {}
