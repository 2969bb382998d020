use crate::call::Client;

/// `api.libraryelement()`: library panels.
#[derive(Debug, Clone)]
#[allow(dead_code)] // until its methods land
pub struct LibraryElement<C> {
    client: C,
}

impl<C: Client> LibraryElement<C> {
    pub(crate) fn new(client: C) -> Self {
        LibraryElement { client }
    }
}
