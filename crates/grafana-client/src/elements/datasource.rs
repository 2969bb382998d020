use crate::call::Client;

/// `api.datasource()`: data sources.
#[derive(Debug, Clone)]
#[allow(dead_code)] // until its methods land
pub struct Datasource<C> {
    client: C,
}

impl<C: Client> Datasource<C> {
    pub(crate) fn new(client: C) -> Self {
        Datasource { client }
    }
}
