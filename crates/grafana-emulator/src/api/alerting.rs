//! Alerting provisioning: `/api/v1/provisioning/*` (alert rules, rule groups, export, contact points, policies, mute timings, templates).

use crate::routes::Route;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[];

/// This area's stored state (held by [`crate::state::State`]).
#[derive(Debug, Default)]
pub(crate) struct Store {}

/// Adds this area's part of the demo data set (`--seed demo`).
pub(crate) fn seed_demo(_st: &mut crate::state::State, _now: i64) {}
