use crate::call::Client;

/// `api.admin()`: server administration.
#[derive(Debug, Clone)]
#[allow(dead_code)] // until its methods land
pub struct Admin<C> {
    client: C,
}

impl<C: Client> Admin<C> {
    pub(crate) fn new(client: C) -> Self {
        Admin { client }
    }
}
