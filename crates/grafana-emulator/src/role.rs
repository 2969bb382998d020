//! Org roles and the role-based permission checks the emulated routes use.

use std::fmt;

/// A basic org role, as Grafana assigns to users and service accounts.
///
/// Server admin ("Grafana Admin") is separate: only the built-in `admin` user
/// has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Read-only access to dashboards, folders and the snapshot list.
    Viewer,
    /// Viewer plus writing dashboards and folders, creating and deleting
    /// snapshots.
    Editor,
    /// Editor plus managing service accounts and seeing every snapshot of the org.
    Admin,
}

impl Role {
    /// The name Grafana uses on the wire (`"Viewer"`, `"Editor"`, `"Admin"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "Viewer",
            Role::Editor => "Editor",
            Role::Admin => "Admin",
        }
    }

    /// Parses a wire name (exact, as Grafana's `RoleType.IsValid` does).
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "Viewer" => Some(Role::Viewer),
            "Editor" => Some(Role::Editor),
            "Admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An RBAC action checked by a route. The mapping from basic role to actions
/// follows Grafana's fixed roles (`pkg/api/accesscontrol.go`,
/// `pkg/services/dashboards/accesscontrol.go`,
/// `pkg/services/serviceaccounts/...`) for an OSS install with default folder
/// permissions: Viewer reads, Editor writes dashboards/folders/snapshots,
/// Admin also manages service accounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    DashboardsRead,
    DashboardsCreate,
    DashboardsWrite,
    DashboardsDelete,
    FoldersRead,
    FoldersCreate,
    FoldersWrite,
    FoldersDelete,
    SnapshotsRead,
    SnapshotsCreate,
    SnapshotsDelete,
    ServiceAccountsRead,
    ServiceAccountsCreate,
    ServiceAccountsWrite,
}

impl Action {
    /// The RBAC action name, as printed in Grafana's "Permissions needed" text.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Action::DashboardsRead => "dashboards:read",
            Action::DashboardsCreate => "dashboards:create",
            Action::DashboardsWrite => "dashboards:write",
            Action::DashboardsDelete => "dashboards:delete",
            Action::FoldersRead => "folders:read",
            Action::FoldersCreate => "folders:create",
            Action::FoldersWrite => "folders:write",
            Action::FoldersDelete => "folders:delete",
            Action::SnapshotsRead => "snapshots:read",
            Action::SnapshotsCreate => "snapshots:create",
            Action::SnapshotsDelete => "snapshots:delete",
            Action::ServiceAccountsRead => "serviceaccounts:read",
            Action::ServiceAccountsCreate => "serviceaccounts:create",
            Action::ServiceAccountsWrite => "serviceaccounts:write",
        }
    }

    fn min_role(self) -> Role {
        match self {
            Action::DashboardsRead | Action::FoldersRead | Action::SnapshotsRead => Role::Viewer,
            Action::DashboardsCreate
            | Action::DashboardsWrite
            | Action::DashboardsDelete
            | Action::FoldersCreate
            | Action::FoldersWrite
            | Action::FoldersDelete
            | Action::SnapshotsCreate
            | Action::SnapshotsDelete => Role::Editor,
            Action::ServiceAccountsRead
            | Action::ServiceAccountsCreate
            | Action::ServiceAccountsWrite => Role::Admin,
        }
    }
}

/// Whether an identity with org role `role` (`None`: no role in the org) holds
/// `action`.
pub(crate) fn allows(role: Option<Role>, action: Action) -> bool {
    role.is_some_and(|r| r >= action.min_role())
}

/// A permission requirement and its text for the RBAC denial body.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Evaluator {
    /// One action.
    One(Action),
    /// Any of these actions (Grafana's `EvalAny`).
    Any(&'static [Action]),
}

impl Evaluator {
    pub(crate) fn allows(self, role: Option<Role>) -> bool {
        match self {
            Evaluator::One(a) => allows(role, a),
            Evaluator::Any(list) => list.iter().any(|a| allows(role, *a)),
        }
    }

    /// The evaluator as Grafana prints it after "Permissions needed: "
    /// (a single action prints as its name; `EvalAny` as "any of a, b").
    pub(crate) fn describe(self) -> String {
        match self {
            Evaluator::One(a) => a.name().to_string(),
            Evaluator::Any(list) => format!(
                "any of {}",
                list.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_ladder() {
        assert!(allows(Some(Role::Viewer), Action::SnapshotsRead));
        assert!(!allows(Some(Role::Viewer), Action::SnapshotsCreate));
        assert!(allows(Some(Role::Editor), Action::SnapshotsDelete));
        assert!(!allows(Some(Role::Editor), Action::ServiceAccountsCreate));
        assert!(allows(Some(Role::Admin), Action::ServiceAccountsCreate));
        assert!(!allows(None, Action::DashboardsRead));
        assert_eq!(Role::parse("Editor"), Some(Role::Editor));
        assert_eq!(Role::parse("editor"), None);
        assert_eq!(
            Evaluator::Any(&[Action::DashboardsCreate, Action::DashboardsWrite]).describe(),
            "any of dashboards:create, dashboards:write"
        );
    }
}
