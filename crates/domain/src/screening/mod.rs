//! Exploitation screening: a practitioner answers a versioned tool's indicators about a child;
//! haven scores the answers, gives a RAG tier, records the practitioner's professional
//! judgement beside the score (it may raise the tier; lowering it needs a recorded reason), and
//! says what is due: a red tier → a strategy discussion and a proposed MACE referral; a
//! significant indicator of CCE or CSE present → the NRM prompt.
//!
//! `DOMAIN.md` Appendix B: every grading stores the tool and version, the inputs, the computed
//! score, the judgement, the final category, the rationale, the assessor and the time. So does
//! a [`Screening`]; what is due is derived from it, never stored apart.

pub mod evidence;
pub mod tool;

use crate::Invalid;
use crate::code_enum;
use crate::ids::{AgencyId, PersonId, ScreeningId, UserId};
use crate::text::clean;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
pub use tool::{Basis, Exploitation, Indicator, Theme, Tier, Tool, Tools};

code_enum!(
    /// A practitioner's answer to one indicator.
    Answer {
        Present => "present",
        Absent => "absent",
        NotKnown => "not_known",
    }
);

/// The answer to one indicator, with the practitioner's note (what they saw, who said it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answered {
    pub answer: Answer,
    pub note: String,
}

/// Answers by indicator code.
pub type Answers = BTreeMap<String, Answered>;

/// What a tool makes of a set of answers, before the practitioner's judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// The sum of the weights of the indicators present.
    pub score: u32,
    /// The score's band.
    pub band: Tier,
    /// Whether the young-child floor raised the band.
    pub floor_applied: bool,
    /// The tier the tool gives: the band, raised by the floor where it applies.
    pub tier: Tier,
}

/// Scores `answers` with `tool`, for a child of `age` (unknown: no floor). Codes the tool does
/// not know score nothing (they are refused before a screening is written).
pub fn assess(tool: &Tool, answers: &Answers, age: Option<u32>) -> Assessment {
    let present =
        || answers.iter().filter(|(_, a)| a.answer == Answer::Present).filter_map(|(code, _)| tool.indicator(code));
    let score = present().map(|i| i.weight).sum();
    let band = tool.band(score);
    let floor = match (tool.young_child_floor, age) {
        (Some((max_age, at_least)), Some(age)) if age <= max_age && present().any(|i| i.significant) => Some(at_least),
        _ => None,
    };
    let tier = floor.map_or(band, |f| band.max(f));
    Assessment { score, band, floor_applied: tier != band, tier }
}

/// What a screening makes due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcomes {
    /// Red: a strategy discussion is due.
    pub strategy_discussion: bool,
    /// Red: a referral to MACE is proposed.
    pub mace_referral: bool,
    /// The exploitation types a significant indicator present points to: consider an NRM
    /// referral (children are safeguarded first, then referred).
    pub nrm_prompt: Vec<Exploitation>,
}

/// The exploitation types with a significant indicator present.
pub fn outcomes(tool: &Tool, answers: &Answers, tier: Tier) -> Outcomes {
    let mut nrm: Vec<Exploitation> = answers
        .iter()
        .filter(|(_, a)| a.answer == Answer::Present)
        .filter_map(|(code, _)| tool.indicator(code))
        .filter(|i| i.significant)
        .flat_map(|i| i.points_to.iter().copied())
        .collect();
    nrm.sort();
    nrm.dedup();
    let red = tier == Tier::Red;
    Outcomes { strategy_discussion: red, mace_referral: red, nrm_prompt: nrm }
}

/// A screening as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Screening {
    pub id: ScreeningId,
    pub person_id: PersonId,
    /// The agency whose screening it is: the screening practitioner's.
    pub owner: AgencyId,
    pub tool_version: u32,
    pub answers: Answers,
    pub assessment: Assessment,
    /// The tier after the practitioner's judgement: the tool's, raised, or lowered with a reason.
    pub tier: Tier,
    /// Why the practitioner's tier differs from the tool's (required when lower).
    pub reason: Option<String>,
    pub by: Option<UserId>,
    pub by_label: String,
    pub at: DateTime<Utc>,
}

impl Screening {
    /// Whether the practitioner's judgement changed the tool's tier, and which way.
    pub fn judgement(&self) -> std::cmp::Ordering {
        self.tier.cmp(&self.assessment.tier)
    }

    /// The indicators present, in the tool's order, with their weights: the score's reasons.
    pub fn present<'t>(&self, tool: &'t Tool) -> Vec<&'t Indicator> {
        tool.indicators
            .iter()
            .filter(|i| self.answers.get(i.code).is_some_and(|a| a.answer == Answer::Present))
            .collect()
    }

    pub fn outcomes(&self, tool: &Tool) -> Outcomes {
        outcomes(tool, &self.answers, self.tier)
    }
}

/// A screening as a client sent it: codes and text, parsed here.
#[derive(Debug, Clone, Default)]
pub struct ScreeningInput<'a> {
    /// `None`: the current version.
    pub tool_version: Option<u32>,
    /// (indicator code, answer code, note), as sent.
    pub answers: Vec<(&'a str, &'a str, &'a str)>,
    /// The practitioner's tier, if they give one; none takes the tool's.
    pub tier: Option<&'a str>,
    pub reason: &'a str,
}

/// Who screens, when, and about whom.
#[derive(Debug, Clone)]
pub struct Screener<'a> {
    pub person_id: PersonId,
    pub owner: AgencyId,
    pub by: Option<UserId>,
    pub by_label: &'a str,
    pub at: DateTime<Utc>,
    /// The child's age today, if their date of birth is known (for the young-child floor).
    pub age: Option<u32>,
}

const NOTE_MAX: usize = 2000;

/// Text a practitioner typed (several lines allowed); empty is "not given".
fn optional_text(raw: &str, max: usize) -> Result<Option<String>, &'static str> {
    if raw.trim().is_empty() { Ok(None) } else { clean(raw, max, true).map(Some) }
}

/// Checks a screening and makes it, naming every problem at once: an unknown or retired tool
/// version (`tool_version`), an unknown indicator or answer (`answers.{code}`), an indicator
/// answered twice, no indicator answered, an unknown tier, or a tier lowered without a reason
/// (`reason: lowered-without-reason`).
pub fn parse_screening(tools: &Tools, input: &ScreeningInput<'_>, who: &Screener<'_>) -> Result<Screening, Invalid> {
    let mut e = Invalid::default();
    let tool = match input.tool_version {
        None => tools.current(),
        Some(v) => match tools.version(v) {
            None => {
                e.push("tool_version", "unknown-tool-version");
                None
            }
            Some(t) if t.retired => {
                e.push("tool_version", "retired-tool-version");
                None
            }
            Some(t) => Some(t),
        },
    };
    if input.tool_version.is_none() && tool.is_none() {
        e.push("tool_version", "no-tool-in-force");
    }
    let mut answers = Answers::new();
    for (code, answer, note) in &input.answers {
        let field = format!("answers.{}", code.trim());
        let known = tool.is_none_or(|t| t.indicator(code.trim()).is_some());
        if !known {
            e.push(field.clone(), "unknown-indicator");
        }
        let answer = e.check(&field, Answer::parse(answer));
        let note = e.check(&format!("{field}.note"), optional_text(note, NOTE_MAX));
        if answers.contains_key(code.trim()) {
            e.push(field, "repeated");
            continue;
        }
        if let (Some(answer), Some(note), true) = (answer, note, known) {
            answers.insert(code.trim().to_owned(), Answered { answer, note: note.unwrap_or_default() });
        }
    }
    if input.answers.is_empty() || (e.is_empty() && answers.values().all(|a| a.answer == Answer::NotKnown)) {
        e.push("answers", "nothing-answered");
    }
    let chosen = match input.tier.map(str::trim) {
        None | Some("") => None,
        Some(raw) => e.check("tier", Tier::parse(raw)),
    };
    let reason = e.check("reason", optional_text(input.reason, NOTE_MAX)).flatten();
    let Some(tool) = tool else {
        return Err(e);
    };
    let assessment = assess(tool, &answers, who.age);
    let tier = chosen.unwrap_or(assessment.tier);
    if tier < assessment.tier && reason.is_none() {
        e.push("reason", "lowered-without-reason");
    }
    e.into_result()?;
    Ok(Screening {
        id: ScreeningId::new(),
        person_id: who.person_id,
        owner: who.owner,
        tool_version: tool.version,
        answers,
        assessment,
        tier,
        reason,
        by: who.by,
        by_label: who.by_label.to_owned(),
        at: who.at,
    })
}

#[cfg(test)]
mod tests;
