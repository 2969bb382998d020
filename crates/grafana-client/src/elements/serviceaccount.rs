use crate::call::Client;

/// `api.serviceaccount()`: service accounts and their tokens.
#[derive(Debug, Clone)]
#[allow(dead_code)] // until its methods land
pub struct ServiceAccount<C> {
    client: C,
}

impl<C: Client> ServiceAccount<C> {
    pub(crate) fn new(client: C) -> Self {
        ServiceAccount { client }
    }
}
