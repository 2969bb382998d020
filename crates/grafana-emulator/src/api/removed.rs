//! Routes the client knows that Grafana removed or keeps for Enterprise: answered as open-source Grafana answers them.

use crate::routes::Route;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[];

/// This area's stored state (held by [`crate::state::State`]).
#[derive(Debug, Default)]
pub(crate) struct Store {}
