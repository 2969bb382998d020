//! `GET /api/org`: the caller's current org (`pkg/api/org.go`
//! `GetCurrentOrg`).

use serde_json::json;

use super::{ApiResult, Ctx};
use crate::api::respond;
use crate::routes::Route;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[Route::new("GET", "/api/org", current)];

/// Any signed-in caller. 200 `OrgDetailsDTO` `{"id","name","address"}` (the
/// address is always empty in the emulator); 404 `Organization not found`
/// when the caller acts in no org (a user who asked for an org they are not
/// a member of).
pub(crate) fn current(ctx: &Ctx) -> ApiResult {
    let who = ctx.signed_in()?;
    let st = ctx.app.state.read();
    let org = st
        .orgs
        .get(&who.org_id)
        .ok_or_else(|| respond::message(404, "Organization not found"))?;
    Ok(respond::json(
        200,
        &json!({
            "id": who.org_id,
            "name": org.name,
            "address": {
                "address1": "",
                "address2": "",
                "city": "",
                "zipCode": "",
                "state": "",
                "country": "",
            },
        }),
    ))
}
