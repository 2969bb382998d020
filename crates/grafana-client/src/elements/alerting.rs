use crate::call::Client;

/// `api.alerting()`: legacy alerting (ruler api).
#[derive(Debug, Clone)]
#[allow(dead_code)] // until its methods land
pub struct Alerting<C> {
    client: C,
}

impl<C: Client> Alerting<C> {
    pub(crate) fn new(client: C) -> Self {
        Alerting { client }
    }
}
