use crate::call::Client;

/// `api.plugin()`: plugins.
#[derive(Debug, Clone)]
#[allow(dead_code)] // until its methods land
pub struct Plugin<C> {
    client: C,
}

impl<C: Client> Plugin<C> {
    pub(crate) fn new(client: C) -> Self {
        Plugin { client }
    }
}
