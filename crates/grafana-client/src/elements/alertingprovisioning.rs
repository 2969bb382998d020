use crate::call::Client;

/// `api.alertingprovisioning()`: alerting provisioning.
#[derive(Debug, Clone)]
#[allow(dead_code)] // until its methods land
pub struct AlertingProvisioning<C> {
    client: C,
}

impl<C: Client> AlertingProvisioning<C> {
    pub(crate) fn new(client: C) -> Self {
        AlertingProvisioning { client }
    }
}
