//! The NAIRA hold runs out by itself: while haven serves, a report the control room holds as
//! "no apparent immediate risk" is graded by the force's rules (medium by default) at the end
//! of the hold if the child is still missing, written like any other regrade with the system
//! as its author, so the board, the clocks and the audit trail all show it.

use chrono::{DateTime, Utc};
use haven_domain::audit::{AuditAction, AuditEvent, Detail, SubjectKind};
use haven_domain::missing::MissingRules;
use haven_domain::missing::RiskGrade;
use haven_domain::missing::clocks::naira_escalation;
use haven_domain::missing::rules::{NairaRule, RulesBook};
use haven_store::{EpisodeWindow, Store, StoreError};
use std::sync::Arc;
use std::time::Duration;

/// How often the hold is checked: a report is escalated within a minute of its expiry.
pub const CHECK_EVERY: Duration = Duration::from_secs(60);

/// The rules `haven serve` runs under: the documented defaults, with NAIRA switched on when the
/// force gives its hold.
pub fn rules(naira_hold_hours: Option<i64>) -> MissingRules {
    let mut rules = MissingRules::default();
    if let Some(hours) = naira_hold_hours {
        rules.naira = Some(NairaRule { max_hold_hours: hours, escalate_to: RiskGrade::Medium });
        rules.version = format!("{}+naira-{hours}h", rules.version);
    }
    rules
}

/// Escalates every open episode whose NAIRA hold has run out at `now`, by the rules of the
/// episode's area (`install` where its area has none); returns how many. An episode someone
/// regraded meanwhile (a stale version) is left as they graded it.
pub async fn escalate_expired(store: &dyn Store, install: &MissingRules, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let book = RulesBook::new(install.clone(), store.rules_in_force(now).await?);
    if !book.any_naira() {
        return Ok(0);
    }
    let every_agency: Vec<_> = store.agencies().await?.into_iter().map(|a| a.id).collect();
    let listing = AuditEvent::system("haven", AuditAction::EpisodeList, "NAIRA hold check", now);
    let open = store.episodes_in_window(EpisodeWindow { since: now }, &every_agency, &listing).await?;
    let mut escalated = 0;
    for row in open.into_iter().filter(|r| r.episode.is_open()) {
        let e = row.episode;
        let rules = book.of(e.area_id);
        let Some(grading) = naira_escalation(&e.gradings, rules, true, now) else {
            continue;
        };
        let audit = AuditEvent::system("haven", AuditAction::EpisodeRegrade, "NAIRA hold expired", now)
            .subject(SubjectKind::Episode, e.id.0)
            .detail(Detail::Grade { from: e.grade(), to: Some(grading.grade) });
        let audit = AuditEvent { person_id: Some(e.person_id), ..audit };
        match store.regrade(e.id, e.version, &grading, &audit).await {
            Ok(_) => escalated += 1,
            Err(StoreError::Conflict) => {
                tracing::info!(episode = %e.id, "regraded meanwhile; NAIRA escalation skipped")
            }
            Err(other) => return Err(other.into()),
        }
    }
    Ok(escalated)
}

/// Checks the hold every [`CHECK_EVERY`] for as long as haven serves: an area's rules may
/// switch NAIRA on while it runs (a check with NAIRA off everywhere reads no episodes).
pub fn spawn(store: Arc<dyn Store>, rules: MissingRules) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(CHECK_EVERY);
        loop {
            tick.tick().await;
            match escalate_expired(store.as_ref(), &rules, Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(escalated = n, "NAIRA holds expired and escalated"),
                Err(e) => tracing::error!(error = %e, "NAIRA hold check failed"),
            }
        }
    })
}
