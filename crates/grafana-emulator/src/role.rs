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

/// An RBAC action checked by a route, with the lowest basic role that holds
/// it in an OSS install with default folder permissions (Grafana's fixed and
/// basic roles: `pkg/services/accesscontrol/roles.go`, `pkg/api/accesscontrol.go`,
/// each area's `accesscontrol.go`). An area declares its own actions as
/// constants next to its handlers, e.g.
/// `const TEAMS_READ: Action = Action::new("teams:read", Role::Admin);`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Action {
    name: &'static str,
    min_role: Role,
}

impl Action {
    /// An action that `min_role` and every higher role hold.
    pub(crate) const fn new(name: &'static str, min_role: Role) -> Self {
        Self { name, min_role }
    }

    /// The RBAC action name, as printed in Grafana's "Permissions needed" text.
    pub(crate) fn name(self) -> &'static str {
        self.name
    }

    pub(crate) const DASHBOARDS_READ: Action = Action::new("dashboards:read", Role::Viewer);
    pub(crate) const DASHBOARDS_CREATE: Action = Action::new("dashboards:create", Role::Editor);
    pub(crate) const DASHBOARDS_WRITE: Action = Action::new("dashboards:write", Role::Editor);
    pub(crate) const DASHBOARDS_DELETE: Action = Action::new("dashboards:delete", Role::Editor);
    pub(crate) const FOLDERS_READ: Action = Action::new("folders:read", Role::Viewer);
    pub(crate) const FOLDERS_CREATE: Action = Action::new("folders:create", Role::Editor);
    pub(crate) const FOLDERS_WRITE: Action = Action::new("folders:write", Role::Editor);
    pub(crate) const FOLDERS_DELETE: Action = Action::new("folders:delete", Role::Editor);
    pub(crate) const SNAPSHOTS_READ: Action = Action::new("snapshots:read", Role::Viewer);
    pub(crate) const SNAPSHOTS_CREATE: Action = Action::new("snapshots:create", Role::Editor);
    pub(crate) const SNAPSHOTS_DELETE: Action = Action::new("snapshots:delete", Role::Editor);
    pub(crate) const SERVICE_ACCOUNTS_READ: Action =
        Action::new("serviceaccounts:read", Role::Admin);
    pub(crate) const SERVICE_ACCOUNTS_CREATE: Action =
        Action::new("serviceaccounts:create", Role::Admin);
    pub(crate) const SERVICE_ACCOUNTS_WRITE: Action =
        Action::new("serviceaccounts:write", Role::Admin);
}

/// Whether an identity with org role `role` (`None`: no role in the org) holds
/// `action`.
pub(crate) fn allows(role: Option<Role>, action: Action) -> bool {
    role.is_some_and(|r| r >= action.min_role)
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
        assert!(allows(Some(Role::Viewer), Action::SNAPSHOTS_READ));
        assert!(!allows(Some(Role::Viewer), Action::SNAPSHOTS_CREATE));
        assert!(allows(Some(Role::Editor), Action::SNAPSHOTS_DELETE));
        assert!(!allows(Some(Role::Editor), Action::SERVICE_ACCOUNTS_CREATE));
        assert!(allows(Some(Role::Admin), Action::SERVICE_ACCOUNTS_CREATE));
        assert!(!allows(None, Action::DASHBOARDS_READ));
        assert_eq!(Role::parse("Editor"), Some(Role::Editor));
        assert_eq!(Role::parse("editor"), None);
        assert_eq!(
            Evaluator::Any(&[Action::DASHBOARDS_CREATE, Action::DASHBOARDS_WRITE]).describe(),
            "any of dashboards:create, dashboards:write"
        );
    }
}
