//! `haven report …`: reports run by the system itself, for every agency. The morning brief as
//! JSON (for another system) or as a standalone HTML document (to attach to the meeting's
//! email). The run is audited as the system, with its purpose.

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Subcommand, ValueEnum};
use haven_domain::audit::{AuditAction, AuditEvent, Detail};
use haven_domain::missing::brief::{BriefEpisode, BriefRhi, EpisodeOf, MorningBrief, compose, window_start};
use haven_domain::missing::rules::RulesBook;
use haven_domain::missing::{EpisodeView, MissingRules};
use haven_domain::uktime::format_uk;
use haven_store::{EpisodeWindow, Store};
use std::fmt::Write as _;
use std::sync::Arc;

/// The purpose recorded in the audit trail for a brief run from the command line.
pub const BRIEF_PURPOSE: &str = "haven report morning-brief";

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The morning brief: episodes opened since yesterday's brief (08:00 UK time), children
    /// missing at high risk, return home interviews due today and overdue, reviews overdue,
    /// and children flagged repeat missing this week. Covers every agency.
    MorningBrief {
        /// The UK date of the brief (YYYY-MM-DD); today by default.
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
    },
    /// The board pack of an area over a range of dates: every figure with its definition, the
    /// period before for the trend, the week's grading scrutiny, and a chart with its data
    /// table for each breakdown. Small numbers are hidden (OFFICIAL) unless `--exact`
    /// (OFFICIAL-SENSITIVE). Written to `--out`, or to standard output.
    BoardPack {
        /// The area's code.
        #[arg(long)]
        area: String,
        /// The first day, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// The last day, YYYY-MM-DD (included).
        #[arg(long)]
        to: String,
        #[arg(long, value_enum)]
        format: PackFormat,
        /// Exact figures, small numbers shown: OFFICIAL-SENSITIVE.
        #[arg(long)]
        exact: bool,
        /// `en` or `cy`.
        #[arg(long, default_value = "en")]
        lang: String,
        /// The file to write; standard output when not given.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
}

/// The board pack's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PackFormat {
    Pdf,
    Xlsx,
    Csv,
    Json,
}

impl PackFormat {
    fn web(self) -> haven_web::pages::figures::PackFormat {
        use haven_web::pages::figures::PackFormat as W;
        match self {
            PackFormat::Pdf => W::Pdf,
            PackFormat::Xlsx => W::Xlsx,
            PackFormat::Csv => W::Csv,
            PackFormat::Json => W::Json,
        }
    }
}

/// The purpose recorded in the audit trail for a board pack made at the command line.
pub const BOARD_PACK_PURPOSE: &str = "haven report board-pack";

/// The board pack's bytes, or the problems with what was asked, each named by its flag.
pub async fn board_pack(
    store: &Arc<dyn Store>,
    area: &str,
    from: &str,
    to: &str,
    format: PackFormat,
    exact: bool,
    lang: &str,
) -> anyhow::Result<Vec<u8>> {
    let lang = haven_web::i18n::Lang::parse(lang).ok_or_else(|| anyhow::anyhow!("--lang: use en or cy"))?;
    let web = format.web();
    let ask = haven_app::figures::FiguresAsk { area, from, to, exact, export: Some(web.code()) };
    let settings = haven_app::figures::FiguresSettings::default();
    let af = match haven_app::figures::system_figures(
        store.as_ref(),
        &ask,
        &MissingRules::default(),
        settings,
        BOARD_PACK_PURPOSE,
    )
    .await
    {
        Ok(af) => af,
        Err(haven_app::Failure::Invalid(e)) => {
            let problems: Vec<String> =
                e.0.iter()
                    .map(|p| format!("--{}: {}", p.field, haven_web::i18n::Lang::En.field_error(&p.field, p.code)))
                    .collect();
            anyhow::bail!("{}", problems.join("; "))
        }
        Err(other) => return Err(anyhow::anyhow!(other).context("reading the figures")),
    };
    haven_web::pages::figures::render_pack(lang, &af, web).await.map_err(|e| anyhow::anyhow!(e))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Html,
}

fn parse_date(raw: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| "use the form YYYY-MM-DD, such as 2026-11-23".into())
}

pub async fn run(store: &Arc<dyn Store>, cmd: ReportCommand) -> anyhow::Result<()> {
    match cmd {
        ReportCommand::MorningBrief { date, format } => {
            let date = date.unwrap_or_else(crate::uk_today);
            let brief = morning_brief(store, date, Utc::now()).await?;
            let out = match format {
                Format::Json => serde_json::to_string_pretty(&brief)?,
                Format::Html => html(&brief),
            };
            println!("{out}");
            Ok(())
        }
        ReportCommand::BoardPack { area, from, to, format, exact, lang, out } => {
            let bytes = board_pack(store, &area, &from, &to, format, exact, &lang).await?;
            match out {
                Some(path) => std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display())),
                None => {
                    use std::io::Write as _;
                    std::io::stdout().write_all(&bytes).context("writing to standard output")
                }
            }
        }
    }
}

/// The brief of `date` across every agency, as the system sees it; the listing is audited.
pub async fn morning_brief(
    store: &Arc<dyn Store>,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> anyhow::Result<MorningBrief> {
    // Each episode by its area's rules; the documented defaults where an area has none.
    let rules = RulesBook::new(MissingRules::default(), store.rules_in_force(now).await?);
    let every_agency: Vec<_> = store.agencies().await?.into_iter().map(|a| a.id).collect();
    let audit = audit_event(date, now);
    let window = EpisodeWindow { since: window_start(date, &rules) };
    let rows = store.episodes_in_window(window, &every_agency, &audit).await.context("reading the episodes")?;
    let rows: Vec<EpisodeOf> = rows
        .into_iter()
        .map(|r| EpisodeOf {
            person_name: format!("{} {}", r.person.given_name, r.person.family_name),
            episode: r.episode,
        })
        .collect();
    Ok(compose(&rows, date, EpisodeView::Full, &rules, now))
}

/// The audit event of a brief run from the command line: the system, viewing a report, for
/// every agency.
pub fn audit_event(date: NaiveDate, now: DateTime<Utc>) -> AuditEvent {
    AuditEvent::system("cli", AuditAction::ReportView, BRIEF_PURPOSE, now)
        .detail(Detail::Brief { date, every_agency: true })
}

/// Escapes text for HTML.
fn esc(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn duration(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, m) if h < 48 => format!("{h} h {m} min"),
        (h, _) => format!("{} days {} h", h / 24, h % 24),
    }
}

fn table(out: &mut String, id: &str, title: &str, empty: &str, head: &[&str], rows: Vec<Vec<String>>) {
    let _ = writeln!(out, "<h2 id=\"{id}\">{} ({})</h2>", esc(title), rows.len());
    if rows.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", esc(empty));
        return;
    }
    out.push_str("<table>\n<thead><tr>");
    for h in head {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{}</td>", esc(&cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn grade(e: &BriefEpisode) -> String {
    e.grade.map(|g| g.code().replace('_', " ")).unwrap_or_default()
}

fn episode_rows(episodes: &[BriefEpisode]) -> Vec<Vec<String>> {
    episodes
        .iter()
        .map(|e| {
            vec![
                e.person_name.clone(),
                format_uk(e.reported_at),
                grade(e),
                e.last_seen_where.clone(),
                e.returned_at.map(format_uk).unwrap_or_else(|| "Still missing".into()),
                duration(e.minutes_missing),
                e.episode_id.to_string(),
            ]
        })
        .collect()
}

fn rhi_rows(rhis: &[BriefRhi]) -> Vec<Vec<String>> {
    rhis.iter()
        .map(|r| vec![r.person_name.clone(), format_uk(r.returned_at), format_uk(r.due_at), r.episode_id.to_string()])
        .collect()
}

/// The brief as one standalone HTML document: no script, styles inline in the head, times in
/// UK local time.
pub fn html(b: &MorningBrief) -> String {
    let mut out = String::new();
    let title = format!("Morning brief, {}", b.date.format("%A %-d %B %Y"));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n\
         body {{ font-family: Arial, sans-serif; margin: 2em; color: #0b0c0c; }}\n\
         table {{ border-collapse: collapse; margin-bottom: 1.5em; }}\n\
         th, td {{ border-bottom: 1px solid #b1b4b6; padding: 0.4em 0.8em; text-align: left; vertical-align: top; }}\n\
         h2 {{ margin-top: 1.5em; }}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        esc(&title),
        esc(&title)
    );
    let _ = writeln!(
        out,
        "<p>Since yesterday's brief at {}, as at {} (UK time). Every agency. Rules: {}.</p>",
        esc(&format_uk(b.since)),
        esc(&format_uk(b.as_at)),
        esc(&b.rules_version)
    );
    let head = ["Child", "Reported", "Grade", "Last seen", "Returned", "Missing for", "Episode"];
    table(
        &mut out,
        "opened",
        "Episodes opened since yesterday's brief",
        "No episodes were opened.",
        &head,
        episode_rows(&b.opened),
    );
    table(
        &mut out,
        "high-risk",
        "Missing now at high risk",
        "No child is missing at high risk.",
        &head,
        episode_rows(&b.open_high_risk),
    );
    let rhi_head = ["Child", "Returned", "Interview due by", "Episode"];
    table(
        &mut out,
        "rhi-due",
        "Return home interviews due today",
        "None due today.",
        &rhi_head,
        rhi_rows(&b.rhis_due_today),
    );
    table(
        &mut out,
        "rhi-overdue",
        "Return home interviews overdue",
        "None overdue.",
        &rhi_head,
        rhi_rows(&b.rhis_overdue),
    );
    let reviews = b
        .reviews_overdue
        .iter()
        .map(|r| {
            let due = r
                .overdue
                .iter()
                .map(|d| format!("{} review due {}", d.kind.code(), format_uk(d.due_at)))
                .collect::<Vec<_>>()
                .join("; ");
            vec![
                r.person_name.clone(),
                r.grade.map(|g| g.code().replace('_', " ")).unwrap_or_default(),
                due,
                r.episode_id.to_string(),
            ]
        })
        .collect();
    table(
        &mut out,
        "reviews",
        "Reviews overdue",
        "No review is overdue.",
        &["Child", "Grade", "Overdue", "Episode"],
        reviews,
    );
    let repeat = b
        .repeat_missing
        .iter()
        .map(|r| {
            vec![
                r.person_name.clone(),
                r.episodes.len().to_string(),
                r.action.clone().unwrap_or_default().replace('_', " "),
                r.person_id.to_string(),
            ]
        })
        .collect();
    table(
        &mut out,
        "repeat",
        "Children flagged repeat missing this week",
        "No child was flagged this week.",
        &["Child", "Episodes in the window", "Action", "Person"],
        repeat,
    );
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_durations_read_as_people_say_them() {
        assert_eq!(esc("<b>\"Tŷ\" & 'Hafan'</b>"), "&lt;b&gt;&quot;Tŷ&quot; &amp; &#39;Hafan&#39;&lt;/b&gt;");
        assert_eq!(duration(45), "45 min");
        assert_eq!(duration(125), "2 h 5 min");
        assert_eq!(duration(60 * 50), "2 days 2 h");
    }
}
