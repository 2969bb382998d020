use crate::call::Client;

/// `api.user()`: the signed-in user.
#[derive(Debug, Clone)]
#[allow(dead_code)] // until its methods land
pub struct User<C> {
    client: C,
}

impl<C: Client> User<C> {
    pub(crate) fn new(client: C) -> Self {
        User { client }
    }
}
