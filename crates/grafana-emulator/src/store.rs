//! One generic, org-scoped table for the CRUD areas: id allocation, lookup
//! by id, uid or any predicate within an org, and removal. Each area keeps
//! its rows in a [`Table`] and adds only its own rules and messages.

use std::collections::BTreeMap;

/// A stored object of an org-scoped table.
pub(crate) trait Row {
    /// The row's numeric id (unique in its table, across orgs, as Grafana's
    /// auto-increment keys are).
    fn id(&self) -> i64;
    /// The org the row belongs to.
    fn org_id(&self) -> i64;
    /// The row's uid, for areas that have one (`""` otherwise).
    fn uid(&self) -> &str {
        ""
    }
}

/// Implements [`Row`] for a struct with `id: i64` and `org_id: i64` fields,
/// and the uid taken from the named field (`uid` by default) or none.
///
/// ```ignore
/// impl_row!(Team);                      // id, org_id, uid
/// impl_row!(DashVersion, dashboard_uid); // uid from another field
/// impl_row!(Annotation, no_uid);
/// ```
macro_rules! impl_row {
    ($t:ty) => {
        $crate::store::impl_row!($t, uid);
    };
    ($t:ty, no_uid) => {
        impl $crate::store::Row for $t {
            fn id(&self) -> i64 {
                self.id
            }
            fn org_id(&self) -> i64 {
                self.org_id
            }
        }
    };
    ($t:ty, $uid:ident) => {
        impl $crate::store::Row for $t {
            fn id(&self) -> i64 {
                self.id
            }
            fn org_id(&self) -> i64 {
                self.org_id
            }
            fn uid(&self) -> &str {
                &self.$uid
            }
        }
    };
}
pub(crate) use impl_row;

/// Rows by id, with the next id to hand out. Iteration is in id order
/// (creation order).
#[derive(Debug, Clone)]
pub(crate) struct Table<T> {
    rows: BTreeMap<i64, T>,
    next_id: i64,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Self {
            rows: BTreeMap::new(),
            next_id: 1,
        }
    }
}

impl<T: Row> Table<T> {
    /// Reserves the next id (ids start at 1 and are never reused).
    pub(crate) fn alloc_id(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Stores `row` (replacing a row with the same id) and returns it.
    pub(crate) fn insert(&mut self, row: T) -> &mut T {
        let id = row.id();
        self.next_id = self.next_id.max(id + 1);
        self.rows.insert(id, row);
        self.rows.get_mut(&id).expect("just inserted")
    }

    /// The row `id` if it belongs to `org_id`.
    pub(crate) fn get(&self, org_id: i64, id: i64) -> Option<&T> {
        self.rows.get(&id).filter(|r| r.org_id() == org_id)
    }

    /// Mutable [`Table::get`].
    pub(crate) fn get_mut(&mut self, org_id: i64, id: i64) -> Option<&mut T> {
        self.rows.get_mut(&id).filter(|r| r.org_id() == org_id)
    }

    /// The row of `org_id` with this uid.
    pub(crate) fn by_uid(&self, org_id: i64, uid: &str) -> Option<&T> {
        self.find(org_id, |r| r.uid() == uid)
    }

    /// The first row of `org_id` (in id order) that `pred` accepts.
    pub(crate) fn find(&self, org_id: i64, pred: impl Fn(&T) -> bool) -> Option<&T> {
        self.in_org(org_id).find(|r| pred(r))
    }

    /// The rows of `org_id`, in id order.
    pub(crate) fn in_org(&self, org_id: i64) -> impl Iterator<Item = &T> {
        self.rows.values().filter(move |r| r.org_id() == org_id)
    }

    /// Every row of every org, in id order.
    pub(crate) fn all(&self) -> impl Iterator<Item = &T> {
        self.rows.values()
    }

    /// Removes row `id` of `org_id`.
    pub(crate) fn remove(&mut self, org_id: i64, id: i64) -> Option<T> {
        if self.get(org_id, id).is_some() {
            self.rows.remove(&id)
        } else {
            None
        }
    }

    /// Keeps only the rows `keep` accepts.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        self.rows.retain(|_, r| keep(r));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Thing {
        id: i64,
        org: i64,
        uid: String,
    }

    impl Row for Thing {
        fn id(&self) -> i64 {
            self.id
        }
        fn org_id(&self) -> i64 {
            self.org
        }
        fn uid(&self) -> &str {
            &self.uid
        }
    }

    #[test]
    fn org_scoped_lookups_and_ids() {
        let mut t = Table::default();
        let a = t.alloc_id();
        t.insert(Thing {
            id: a,
            org: 1,
            uid: "x".into(),
        });
        let b = t.alloc_id();
        t.insert(Thing {
            id: b,
            org: 2,
            uid: "x".into(),
        });
        assert_eq!((a, b), (1, 2));
        assert_eq!(t.by_uid(2, "x").map(|r| r.id), Some(2));
        assert!(t.get(1, b).is_none(), "another org's row is invisible");
        assert!(t.remove(1, b).is_none());
        assert_eq!(t.remove(2, b).map(|r| r.id), Some(2));
        assert_eq!(t.alloc_id(), 3, "ids are never reused");
        assert_eq!(t.in_org(1).count(), 1);
    }
}
