//! authz.matrix: the operator declares which roles may call which endpoints;
//! the probe calls each endpoint with each role's token and compares.
//! A deny that was allowed is evidence of broken object- or function-level
//! authorization (OWASP API1:2023 BOLA, API5:2023 BFLA); an allow that was
//! denied is a functional or matrix error worth a warning.
//!
//! Only safe methods (GET, HEAD) are sent unless active tests are on:
//! anything else may change data.

use crate::checks::CheckId;
use crate::model::evidence::http::{AuthzAccess, AuthzCell};
use crate::model::{CheckOutcome, CheckResult};

/// 2xx allowed; 401, 403 and 404 denied (404 is how many APIs hide objects a
/// caller may not see); anything else unclear.
pub fn classify(status: u16) -> AuthzAccess {
    match status {
        200..=299 => AuthzAccess::Allowed,
        401 | 403 | 404 => AuthzAccess::Denied,
        _ => AuthzAccess::Unclear,
    }
}

pub fn verdict(cells: &[AuthzCell]) -> CheckResult {
    let id = CheckId::AuthzMatrix;
    let leaks: Vec<&AuthzCell> = cells
        .iter()
        .filter(|c| c.outcome() == CheckOutcome::Fail)
        .collect();
    let refused = cells
        .iter()
        .filter(|c| c.outcome() == CheckOutcome::Warn)
        .count();
    let unclear = cells
        .iter()
        .filter(|c| c.outcome() == CheckOutcome::Error)
        .count();
    let judged = cells
        .iter()
        .filter(|c| matches!(c.access, AuthzAccess::Allowed | AuthzAccess::Denied))
        .count();
    let details: Vec<String> = cells.iter().map(AuthzCell::line).collect();
    let (outcome, summary) = if !leaks.is_empty() {
        (
            CheckOutcome::Fail,
            format!(
                "AuthzAccess that must be denied was allowed: {} (BOLA/BFLA, OWASP API1:2023, API5:2023).",
                leaks
                    .iter()
                    .map(|c| format!("{} {} as {}", c.method, c.path, c.role))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        )
    } else if refused > 0 {
        (
            CheckOutcome::Warn,
            format!("{refused} access(es) the matrix allows were denied: the matrix or the API is wrong."),
        )
    } else if judged == 0 && unclear > 0 {
        (
            CheckOutcome::Error,
            "Could not tell: no matrix request got a clear allow or deny.".to_string(),
        )
    } else if judged == 0 {
        (
            CheckOutcome::Info,
            "No matrix request was sent (unsafe methods need --active; role tokens may be unset)."
                .to_string(),
        )
    } else if unclear > 0 {
        (
            CheckOutcome::Warn,
            format!("{judged} cells match the matrix, but {unclear} gave no clear allow or deny."),
        )
    } else {
        (
            CheckOutcome::Pass,
            format!("All {judged} endpoint x role cells match the declared matrix (OWASP API1:2023, API5:2023)."),
        )
    };
    CheckResult::new(id, outcome, summary).with_details(details)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(expect_allow: bool, status: Option<u16>, access: AuthzAccess) -> AuthzCell {
        AuthzCell {
            method: "GET".into(),
            path: "/users/1".into(),
            role: "bob".into(),
            expect_allow,
            status,
            access,
            note: None,
        }
    }

    #[test]
    fn classify_table() {
        assert_eq!(classify(200), AuthzAccess::Allowed);
        assert_eq!(classify(204), AuthzAccess::Allowed);
        assert_eq!(classify(401), AuthzAccess::Denied);
        assert_eq!(classify(404), AuthzAccess::Denied);
        assert_eq!(classify(302), AuthzAccess::Unclear);
        assert_eq!(classify(500), AuthzAccess::Unclear);
    }

    #[test]
    fn verdict_table() {
        let ok_allow = cell(true, Some(200), AuthzAccess::Allowed);
        let ok_deny = cell(false, Some(403), AuthzAccess::Denied);
        let leak = cell(false, Some(200), AuthzAccess::Allowed);
        let refused = cell(true, Some(403), AuthzAccess::Denied);
        let unclear = cell(true, Some(500), AuthzAccess::Unclear);
        let skipped = cell(false, None, AuthzAccess::NotRun);
        let cases = [
            (vec![ok_allow.clone(), ok_deny.clone()], CheckOutcome::Pass),
            (vec![ok_allow.clone(), leak.clone()], CheckOutcome::Fail),
            (vec![refused.clone(), leak.clone()], CheckOutcome::Fail),
            (vec![ok_deny.clone(), refused.clone()], CheckOutcome::Warn),
            (vec![ok_deny.clone(), unclear.clone()], CheckOutcome::Warn),
            (vec![unclear.clone()], CheckOutcome::Error),
            (vec![skipped.clone()], CheckOutcome::Info),
            (vec![], CheckOutcome::Info),
        ];
        for (cells, want) in cases {
            assert_eq!(verdict(&cells).result, want, "{cells:?}");
        }
    }
}
