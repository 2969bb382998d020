use crate::call::Client;

/// `api.organization()`: the current organization.
#[derive(Debug, Clone)]
#[allow(dead_code)] // until its methods land
pub struct Organization<C> {
    client: C,
}

impl<C: Client> Organization<C> {
    pub(crate) fn new(client: C) -> Self {
        Organization { client }
    }
}
