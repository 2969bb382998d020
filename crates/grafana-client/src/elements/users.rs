use crate::call::Client;

/// `api.users()`: all users (server admin).
#[derive(Debug, Clone)]
#[allow(dead_code)] // until its methods land
pub struct Users<C> {
    client: C,
}

impl<C: Client> Users<C> {
    pub(crate) fn new(client: C) -> Self {
        Users { client }
    }
}
