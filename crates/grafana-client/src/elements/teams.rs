use crate::call::Client;

/// `api.teams()`: teams.
#[derive(Debug, Clone)]
#[allow(dead_code)] // until its methods land
pub struct Teams<C> {
    client: C,
}

impl<C: Client> Teams<C> {
    pub(crate) fn new(client: C) -> Self {
        Teams { client }
    }
}
