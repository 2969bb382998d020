//! `GET /api/org`: the caller's current org (`pkg/api/org.go`
//! `GetCurrentOrg`).

use serde_json::json;

use super::{ApiResult, Ctx};
use crate::api::util;

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
        .ok_or_else(|| util::message(404, "Organization not found"))?;
    Ok(util::json(
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
