//! The self-assessment every pack carries: a rating scale, the evidence and
//! action columns, the sign-off block and the action plan.

use schemars::JsonSchema;
use serde::Serialize;

use super::{Blocks, Id, Sp};

/// `[assessment]`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    #[serde(default)]
    pub instructions: Blocks,
    /// Rating scale, in order; at least two points, at least one met.
    pub scale: Vec<ScalePoint>,
    #[serde(default)]
    pub columns: Columns,
    /// Sign-off fields, in order.
    #[serde(default)]
    pub signoff: Vec<SignoffField>,
    /// Rows in the action plan (default 5).
    #[serde(default = "default_action_plan_rows")]
    pub action_plan_rows: u32,
}

impl Assessment {
    pub const DEFAULT_ACTION_PLAN_ROWS: u32 = 5;
    /// More rows than this cannot fit the action-plan page.
    pub const MAX_ACTION_PLAN_ROWS: u32 = 50;
}

fn default_action_plan_rows() -> u32 {
    Assessment::DEFAULT_ACTION_PLAN_ROWS
}

/// `[[assessment.scale]]`: one point of the rating scale.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScalePoint {
    pub value: Sp<i64>,
    pub label: String,
    #[serde(default)]
    pub description: Option<String>,
    /// True: this rating counts as the statement being met.
    #[serde(default)]
    pub met: bool,
}

/// `[assessment.columns]`: headings of the evidence and action columns.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    #[serde(default = "Columns::default_evidence")]
    pub evidence: String,
    #[serde(default = "Columns::default_action")]
    pub action: String,
}

impl Columns {
    pub(crate) fn default_evidence() -> String {
        "Evidence".into()
    }
    pub(crate) fn default_action() -> String {
        "Action needed".into()
    }
}

impl Default for Columns {
    fn default() -> Self {
        Self { evidence: Self::default_evidence(), action: Self::default_action() }
    }
}

/// `[[assessment.signoff]]`: one sign-off field.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignoffField {
    pub id: Sp<Id>,
    pub label: String,
    #[serde(default)]
    pub kind: SignoffKind,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SignoffKind {
    #[default]
    Text,
    Date,
}
