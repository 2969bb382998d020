use crate::call::Client;

/// `api.notifications()`: legacy alert notification channels.
#[derive(Debug, Clone)]
#[allow(dead_code)] // until its methods land
pub struct Notifications<C> {
    client: C,
}

impl<C: Client> Notifications<C> {
    pub(crate) fn new(client: C) -> Self {
        Notifications { client }
    }
}
