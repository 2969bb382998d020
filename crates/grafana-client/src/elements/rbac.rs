use crate::call::Client;

/// `api.rbac()`: role-based access control.
#[derive(Debug, Clone)]
#[allow(dead_code)] // until its methods land
pub struct Rbac<C> {
    client: C,
}

impl<C: Client> Rbac<C> {
    pub(crate) fn new(client: C) -> Self {
        Rbac { client }
    }
}
