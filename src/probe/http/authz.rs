//! authz.matrix: the operator declares which roles may call which endpoints;
//! the probe calls each endpoint with each role's token and compares.
//! A deny that was allowed is evidence of broken object- or function-level
//! authorization (OWASP API1:2023 BOLA, API5:2023 BFLA); an allow that was
//! denied is a functional or matrix error worth a warning.
//!
//! Only safe methods (GET, HEAD) are sent unless active tests are on:
//! anything else may change data.

use serde::{Deserialize, Serialize};

use crate::model::{CheckOutcome, CheckResult};

/// What a status says about access.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Access {
    Allowed,
    Denied,
    /// 3xx, 5xx and other codes: no verdict.
    Unclear,
    /// Not sent (unsafe method without --active, or the role's token is unset).
    #[default]
    NotRun,
    /// The request failed.
    Failed,
}

/// 2xx allowed; 401, 403 and 404 denied (404 is how many APIs hide objects a
/// caller may not see); anything else unclear.
pub fn classify(status: u16) -> Access {
    match status {
        200..=299 => Access::Allowed,
        401 | 403 | 404 => Access::Denied,
        _ => Access::Unclear,
    }
}

/// One endpoint x role.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Cell {
    pub method: String,
    pub path: String,
    pub role: String,
    /// The matrix says this role must be allowed.
    pub expect_allow: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    pub access: Access,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Cell {
    pub fn outcome(&self) -> CheckOutcome {
        match (self.expect_allow, self.access) {
            (false, Access::Allowed) => CheckOutcome::Fail,
            (true, Access::Denied) => CheckOutcome::Warn,
            (_, Access::Allowed | Access::Denied) => CheckOutcome::Pass,
            (_, Access::Unclear | Access::Failed) => CheckOutcome::Error,
            (_, Access::NotRun) => CheckOutcome::Info,
        }
    }

    fn line(&self) -> String {
        format!(
            "{} {} as {}: expected {}, got {}{}{}",
            self.method,
            self.path,
            self.role,
            if self.expect_allow { "allow" } else { "deny" },
            self.status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "-".into()),
            match self.access {
                Access::Allowed => " (allowed)",
                Access::Denied => " (denied)",
                Access::Unclear => " (unclear)",
                Access::NotRun => " (not run)",
                Access::Failed => " (failed)",
            },
            self.note
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default()
        )
    }
}

pub fn verdict(cells: &[Cell]) -> CheckResult {
    let id = "authz.matrix";
    let leaks: Vec<&Cell> = cells
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
        .filter(|c| matches!(c.access, Access::Allowed | Access::Denied))
        .count();
    let details: Vec<String> = cells.iter().map(Cell::line).collect();
    let (outcome, summary) = if !leaks.is_empty() {
        (
            CheckOutcome::Fail,
            format!(
                "Access that must be denied was allowed: {} (BOLA/BFLA, OWASP API1:2023, API5:2023).",
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

    fn cell(expect_allow: bool, status: Option<u16>, access: Access) -> Cell {
        Cell {
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
        assert_eq!(classify(200), Access::Allowed);
        assert_eq!(classify(204), Access::Allowed);
        assert_eq!(classify(401), Access::Denied);
        assert_eq!(classify(404), Access::Denied);
        assert_eq!(classify(302), Access::Unclear);
        assert_eq!(classify(500), Access::Unclear);
    }

    #[test]
    fn verdict_table() {
        let ok_allow = cell(true, Some(200), Access::Allowed);
        let ok_deny = cell(false, Some(403), Access::Denied);
        let leak = cell(false, Some(200), Access::Allowed);
        let refused = cell(true, Some(403), Access::Denied);
        let unclear = cell(true, Some(500), Access::Unclear);
        let skipped = cell(false, None, Access::NotRun);
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
