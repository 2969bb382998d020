use crate::call::Client;

/// `api.annotations()`: annotations.
#[derive(Debug, Clone)]
#[allow(dead_code)] // until its methods land
pub struct Annotations<C> {
    client: C,
}

impl<C: Client> Annotations<C> {
    pub(crate) fn new(client: C) -> Self {
        Annotations { client }
    }
}
