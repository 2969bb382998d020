//! Server administration: `/api/admin/*` (settings, stats, users: create, password, permissions, delete, logout, enable/disable).

use crate::routes::Route;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[];

/// This area's stored state (held by [`crate::state::State`]).
#[derive(Debug, Default)]
pub(crate) struct Store {}
