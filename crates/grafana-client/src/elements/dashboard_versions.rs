use crate::call::Client;

/// `api.dashboard_versions()`: dashboard version history.
#[derive(Debug, Clone)]
#[allow(dead_code)] // until its methods land
pub struct DashboardVersions<C> {
    client: C,
}

impl<C: Client> DashboardVersions<C> {
    pub(crate) fn new(client: C) -> Self {
        DashboardVersions { client }
    }
}
