use crate::call::Client;

/// `api.organizations()`: all organizations (server admin).
#[derive(Debug, Clone)]
#[allow(dead_code)] // until its methods land
pub struct Organizations<C> {
    client: C,
}

impl<C: Client> Organizations<C> {
    pub(crate) fn new(client: C) -> Self {
        Organizations { client }
    }
}
