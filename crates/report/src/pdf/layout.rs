//! Lays the document out on A4 pages: lines broken with the font's advance widths, tables with
//! fitted columns whose rows move (or, if taller than a page, split) onto the next page, where
//! the header row is drawn again.
//!
//! The output is plain data (runs of text and rules per page, each run marked with the part of
//! the document it belongs to or as an artifact), so that the page count is known before the
//! pages are drawn ("Page N of M").

use super::fonts::Fonts;
use crate::text::{display_cell, long_date};
use crate::{Block, Cell, Document, Table};

pub(super) const PAGE_W: f32 = 595.28;
pub(super) const PAGE_H: f32 = 841.89;
/// 20 mm.
pub(super) const MARGIN_X: f32 = 56.7;
const BODY_W: f32 = PAGE_W - 2.0 * MARGIN_X;
const BODY_TOP: f32 = 78.0;
const BODY_BOTTOM: f32 = PAGE_H - 68.0;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.35;
/// From the top of a line box to the baseline, as a multiple of the font size.
const BASELINE: f32 = 1.1;

const BODY_SIZE: f32 = 10.5;
const TABLE_SIZE: f32 = 9.5;
const TITLE_SIZE: f32 = 20.0;
const CELL_PAD: f32 = 4.0;

/// Which part of the document a run of text belongs to; ordered as the document reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Slot {
    Title,
    Byline,
    Block(usize, Part),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Part {
    Whole,
    /// A chart's drawing.
    Figure,
    Caption,
    Label(usize),
    Value(usize),
    Head(usize),
    Cell(usize, usize),
}

/// Content (part of the structure tree) or an artifact (a repeated table header, the page
/// furniture).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mark {
    Content(Slot),
    Artifact,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Colour {
    Text,
    Secondary,
}

#[derive(Debug)]
pub(super) struct Run {
    pub(super) x: f32,
    pub(super) baseline: f32,
    pub(super) size: f32,
    pub(super) bold: bool,
    pub(super) colour: Colour,
    pub(super) text: String,
    pub(super) mark: Mark,
}

/// A horizontal rule (table borders): always drawn as a layout artifact.
#[derive(Debug)]
pub(super) struct Rule {
    pub(super) x1: f32,
    pub(super) x2: f32,
    pub(super) y: f32,
    pub(super) width: f32,
    pub(super) strong: bool,
}

/// Where a chart is drawn: its top-left corner and its block.
#[derive(Debug)]
pub(super) struct Placed {
    pub(super) x: f32,
    pub(super) y: f32,
    pub(super) block: usize,
}

#[derive(Debug, Default)]
pub(super) struct Page {
    pub(super) runs: Vec<Run>,
    pub(super) rules: Vec<Rule>,
    pub(super) charts: Vec<Placed>,
}

/// A heading, for the outline (bookmarks).
#[derive(Debug)]
pub(super) struct Heading {
    pub(super) level: u16,
    pub(super) text: String,
    pub(super) page: usize,
    pub(super) y: f32,
}

#[derive(Debug)]
pub(super) struct Laid {
    pub(super) pages: Vec<Page>,
    pub(super) headings: Vec<Heading>,
}

/// The heading level a block heading is drawn at: the title is the only H1.
pub(super) fn heading_level(level: u8) -> u16 {
    u16::from(level.clamp(2, 6))
}

pub(super) fn lay_out(doc: &Document, fonts: &Fonts) -> Laid {
    let welsh = doc.is_welsh();
    let mut l = Layouter { fonts, pages: vec![Page::default()], headings: Vec::new(), y: BODY_TOP };
    l.heading(&doc.title, 1, TITLE_SIZE, Slot::Title);
    let date = long_date(doc.created, welsh);
    let byline = if doc.author.trim().is_empty() { date } else { format!("{} \u{2014} {date}", doc.author) };
    l.text(&byline, BODY_SIZE, false, Colour::Secondary, Slot::Byline);
    l.y += 14.0;
    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Heading { level, text } => {
                let level = heading_level(*level);
                let size = match level {
                    2 => 15.0,
                    3 => 13.0,
                    _ => 11.5,
                };
                if l.y > BODY_TOP {
                    l.y += 8.0;
                }
                l.heading(text, level, size, Slot::Block(i, Part::Whole));
            }
            Block::Paragraph(text) => {
                l.text(text, BODY_SIZE, false, Colour::Text, Slot::Block(i, Part::Whole));
                l.y += 8.0;
            }
            Block::Facts(facts) => {
                l.facts(i, facts);
                l.y += 10.0;
            }
            Block::Table(table) => {
                l.table(i, table, welsh);
                l.y += 12.0;
            }
            Block::Chart(chart) => {
                l.ensure(crate::chart::HEIGHT + 8.0);
                let y = l.y;
                l.page().charts.push(Placed { x: MARGIN_X, y, block: i });
                l.y += crate::chart::HEIGHT + 8.0;
                l.table(i, &chart.table, welsh);
                l.y += 12.0;
            }
        }
    }
    Laid { pages: l.pages, headings: l.headings }
}

/// Breaks cleaned text into lines no wider than `width`: at spaces, and inside a word only when
/// the word alone is too wide. A line that was broken at a space keeps that space at its end, so
/// that text extracted from the PDF still has its word breaks. `\n` starts a new line.
pub(super) fn wrap(fonts: &Fonts, bold: bool, text: &str, size: f32, width: f32) -> Vec<String> {
    let face = fonts.face(bold);
    let text = face.clean_keeping_newlines(text);
    let space = face.width(" ", size);
    let mut lines = Vec::new();
    for hard in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in hard.split_whitespace() {
            let w = face.width(word, size);
            if !line.is_empty() {
                if line_w + space + w <= width {
                    line.push(' ');
                    line.push_str(word);
                    line_w += space + w;
                    continue;
                }
                line.push(' ');
                lines.push(std::mem::take(&mut line));
            }
            if w <= width {
                line.push_str(word);
                line_w = w;
            } else {
                // A word wider than the line: break it between characters.
                line_w = 0.0;
                for c in word.chars() {
                    let cw = face.width(c.encode_utf8(&mut [0; 4]), size);
                    if !line.is_empty() && line_w + cw > width {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    line.push(c);
                    line_w += cw;
                }
            }
        }
        lines.push(line);
    }
    lines
}

#[derive(Clone, Copy)]
struct Style {
    size: f32,
    bold: bool,
    colour: Colour,
}

struct GridCell {
    x: f32,
    w: f32,
    lines: Vec<String>,
    bold: bool,
    right: bool,
    slot: Slot,
}

struct Layouter<'a> {
    fonts: &'a Fonts,
    pages: Vec<Page>,
    headings: Vec<Heading>,
    y: f32,
}

impl Layouter<'_> {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = BODY_TOP;
    }

    /// Starts a new page unless `height` still fits (or the page is empty anyway).
    fn ensure(&mut self, height: f32) {
        if self.y + height > BODY_BOTTOM && self.y > BODY_TOP {
            self.new_page();
        }
    }

    fn run(&mut self, x: f32, top: f32, style: Style, text: String, mark: Mark) {
        let Style { size, bold, colour } = style;
        self.page().runs.push(Run { x, baseline: top + size * BASELINE, size, bold, colour, text, mark });
    }

    fn heading(&mut self, text: &str, level: u16, size: f32, slot: Slot) {
        let lines = wrap(self.fonts, true, text, size, BODY_W);
        let lh = size * LEADING;
        // Keep the heading with the first lines of what follows it.
        self.ensure(lh * lines.len() as f32 + 3.0 * BODY_SIZE * LEADING);
        let page = self.pages.len() - 1;
        self.headings.push(Heading { level, text: text.to_owned(), page, y: self.y });
        for line in lines {
            self.ensure(lh);
            self.run(MARGIN_X, self.y, Style { size, bold: true, colour: Colour::Text }, line, Mark::Content(slot));
            self.y += lh;
        }
        self.y += 4.0;
    }

    fn text(&mut self, text: &str, size: f32, bold: bool, colour: Colour, slot: Slot) {
        let lh = size * LEADING;
        for line in wrap(self.fonts, bold, text, size, BODY_W) {
            self.ensure(lh);
            self.run(MARGIN_X, self.y, Style { size, bold, colour }, line, Mark::Content(slot));
            self.y += lh;
        }
    }

    fn facts(&mut self, block: usize, facts: &[(String, String)]) {
        let label_w = facts
            .iter()
            .map(|(l, _)| self.fonts.face(true).width(l, BODY_SIZE))
            .fold(0.0_f32, f32::max)
            .min(BODY_W * 0.35)
            + 2.0 * CELL_PAD;
        let rows: Vec<Vec<GridCell>> = facts
            .iter()
            .enumerate()
            .map(|(n, (label, value))| {
                vec![
                    GridCell {
                        x: MARGIN_X - CELL_PAD,
                        w: label_w,
                        lines: wrap(self.fonts, true, label, BODY_SIZE, label_w - 2.0 * CELL_PAD),
                        bold: true,
                        right: false,
                        slot: Slot::Block(block, Part::Label(n)),
                    },
                    GridCell {
                        x: MARGIN_X - CELL_PAD + label_w,
                        w: BODY_W - label_w + CELL_PAD,
                        lines: wrap(self.fonts, false, value, BODY_SIZE, BODY_W - label_w - 2.0 * CELL_PAD),
                        bold: false,
                        right: false,
                        slot: Slot::Block(block, Part::Value(n)),
                    },
                ]
            })
            .collect();
        for row in &rows {
            self.grid_row(row, None, BODY_SIZE, false);
        }
    }

    fn table(&mut self, block: usize, table: &Table, welsh: bool) {
        let fonts = self.fonts;
        let texts: Vec<Vec<String>> =
            table.rows.iter().map(|r| r.iter().map(|c| display_cell(c, welsh)).collect()).collect();
        let numeric: Vec<bool> = (0..table.header.len())
            .map(|c| !table.rows.is_empty() && table.rows.iter().all(|r| matches!(r.get(c), Some(Cell::Number(_)))))
            .collect();
        let measured: Vec<Vec<(String, bool)>> = table
            .rows
            .iter()
            .zip(&texts)
            .map(|(cells, texts)| {
                cells.iter().zip(texts).map(|(cell, text)| (text.clone(), !matches!(cell, Cell::Text(_)))).collect()
            })
            .collect();
        let widths = column_widths(fonts, &table.header, &measured, TABLE_SIZE);
        let xs: Vec<f32> = widths
            .iter()
            .scan(MARGIN_X, |x, w| {
                let here = *x;
                *x += w;
                Some(here)
            })
            .collect();
        let cells = |texts: &[String], bold: bool, slot: &dyn Fn(usize) -> Slot, right: &dyn Fn(usize) -> bool| {
            texts
                .iter()
                .enumerate()
                .map(|(c, t)| {
                    let w = widths.get(c).copied().unwrap_or(0.0);
                    GridCell {
                        x: xs.get(c).copied().unwrap_or(MARGIN_X),
                        w,
                        lines: wrap(fonts, bold, t, TABLE_SIZE, w - 2.0 * CELL_PAD),
                        bold,
                        right: right(c),
                        slot: slot(c),
                    }
                })
                .collect::<Vec<_>>()
        };
        let is_numeric = |c: usize| numeric.get(c).copied().unwrap_or(false);
        let header = cells(&table.header, true, &|c| Slot::Block(block, Part::Head(c)), &is_numeric);
        let rows: Vec<Vec<GridCell>> = texts
            .iter()
            .enumerate()
            .map(|(r, t)| {
                cells(t, false, &|c| Slot::Block(block, Part::Cell(r, c)), &|c| {
                    matches!(table.rows.get(r).and_then(|row| row.get(c)), Some(Cell::Number(_)))
                })
            })
            .collect();

        // Keep the caption with the header and the first row.
        let caption_lines = wrap(fonts, true, &table.caption, BODY_SIZE, BODY_W);
        let caption_h = caption_lines.len() as f32 * BODY_SIZE * LEADING + 4.0;
        let first_row_h = rows.first().map_or(0.0, |r| row_height(r, TABLE_SIZE));
        self.ensure(caption_h + row_height(&header, TABLE_SIZE) + first_row_h);
        self.text(&table.caption, BODY_SIZE, true, Colour::Text, Slot::Block(block, Part::Caption));
        self.y += 4.0;
        self.grid_row(&header, None, TABLE_SIZE, true);
        for row in &rows {
            self.grid_row(row, Some(&header), TABLE_SIZE, true);
        }
    }

    /// Draws one row of a grid (a table row or a fact) from the current position, moving to a
    /// new page when it does not fit, and splitting it between pages only if it is taller than
    /// a page. On every new page within a table the header row is drawn again as an artifact.
    fn grid_row(&mut self, cells: &[GridCell], header: Option<&[GridCell]>, size: f32, rules: bool) {
        let lh = size * LEADING;
        let total = cells.iter().map(|c| c.lines.len()).max().unwrap_or(1).max(1);
        // A header taller than a third of a page is not repeated: it would crowd out the rows.
        let header = header.filter(|h| row_height(h, size) <= (BODY_BOTTOM - BODY_TOP) / 3.0);
        let header_h = header.map_or(0.0, |h| row_height(h, size));
        let mut from = 0;
        let mut fresh_page = self.y <= BODY_TOP;
        loop {
            let need = (total - from) as f32 * lh + 2.0 * CELL_PAD;
            if self.y + need <= BODY_BOTTOM {
                self.draw_lines(cells, from, total, size, rules, false);
                return;
            }
            let room = ((BODY_BOTTOM - self.y - 2.0 * CELL_PAD) / lh).floor().max(0.0);
            let mut fit = room as usize;
            if fresh_page {
                // At the top of a page there is nowhere better to go: always make progress.
                fit = fit.max(1);
            } else if (from == 0 && need <= BODY_BOTTOM - BODY_TOP - header_h) || fit == 0 {
                // The row fits on a page of its own (or nothing of it fits here): move it whole.
                self.table_page_break(header, size, rules);
                fresh_page = true;
                continue;
            }
            let to = (from + fit).min(total);
            self.draw_lines(cells, from, to, size, rules, false);
            from = to;
            if from >= total {
                return;
            }
            self.table_page_break(header, size, rules);
            fresh_page = true;
        }
    }

    /// A new page, with the table's header row drawn again (as an artifact).
    fn table_page_break(&mut self, header: Option<&[GridCell]>, size: f32, rules: bool) {
        self.new_page();
        if let Some(h) = header {
            let n = h.iter().map(|c| c.lines.len()).max().unwrap_or(1);
            self.draw_lines(h, 0, n, size, rules, true);
        }
    }

    /// Draws lines `from..to` of each cell as one band, with a rule under it.
    fn draw_lines(&mut self, cells: &[GridCell], from: usize, to: usize, size: f32, rules: bool, repeated: bool) {
        let lh = size * LEADING;
        let top = self.y;
        for cell in cells {
            let mark = if repeated { Mark::Artifact } else { Mark::Content(cell.slot) };
            for (k, line) in cell.lines.iter().enumerate().take(to).skip(from) {
                let line_top = top + CELL_PAD + (k - from) as f32 * lh;
                let x = if cell.right {
                    let w = self.fonts.face(cell.bold).width(line.trim_end(), size);
                    cell.x + cell.w - CELL_PAD - w
                } else {
                    cell.x + CELL_PAD
                };
                self.run(x, line_top, Style { size, bold: cell.bold, colour: Colour::Text }, line.clone(), mark);
            }
        }
        let height = (to - from) as f32 * lh + 2.0 * CELL_PAD;
        self.y = top + height;
        if rules && let (Some(first), Some(last)) = (cells.first(), cells.last()) {
            let strong = cells.iter().all(|c| c.bold);
            let y = self.y;
            self.page().rules.push(Rule {
                x1: first.x,
                x2: last.x + last.w,
                y,
                width: if strong { 1.5 } else { 0.5 },
                strong,
            });
        }
    }
}

fn row_height(cells: &[GridCell], size: f32) -> f32 {
    let lines = cells.iter().map(|c| c.lines.len()).max().unwrap_or(1).max(1);
    let lines = lines as f32;
    lines * size * LEADING + 2.0 * CELL_PAD
}

/// Column widths that fill the body width, as a browser lays out an automatic table: each
/// column at least as wide as its longest word (at most a quarter of the width: longer words break)
/// and at most as wide as its longest line; the room between is shared in proportion to how
/// much each column would use.
fn column_widths(fonts: &Fonts, header: &[String], rows: &[Vec<(String, bool)>], size: f32) -> Vec<f32> {
    let pad = 2.0 * CELL_PAD + 1.0;
    // (longest word, longest line) of one cell's text.
    // A number or a date is one unbreakable word.
    let measure = |bold: bool, text: &str, unbreakable: bool| {
        let face = fonts.face(bold);
        let text = face.clean_keeping_newlines(text);
        let line = text.split('\n').map(|l| face.width(l.trim(), size)).fold(0.0_f32, f32::max);
        let word = if unbreakable {
            line
        } else {
            text.split_whitespace().map(|w| face.width(w, size)).fold(0.0_f32, f32::max)
        };
        (word, line)
    };
    let (min, max): (Vec<f32>, Vec<f32>) = header
        .iter()
        .enumerate()
        .map(|(c, h)| {
            let (mut word, mut line) = measure(true, h, false);
            for (text, unbreakable) in rows.iter().filter_map(|r| r.get(c)) {
                let (w, l) = measure(false, text, *unbreakable);
                word = word.max(w);
                line = line.max(l);
            }
            let min = (word + pad).min(BODY_W * 0.25);
            (min, (line + pad).max(min))
        })
        .unzip();
    let sum_max: f32 = max.iter().sum();
    let sum_min: f32 = min.iter().sum();
    if sum_max <= BODY_W {
        return max.iter().map(|m| m * BODY_W / sum_max).collect();
    }
    if sum_min >= BODY_W {
        return min.iter().map(|m| m * BODY_W / sum_min).collect();
    }
    let spare = BODY_W - sum_min;
    let wanted = sum_max - sum_min;
    min.iter().zip(&max).map(|(lo, hi)| lo + spare * (hi - lo) / wanted).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Marking, ReportError};

    fn fonts() -> Result<Fonts, ReportError> {
        Fonts::load()
    }

    #[test]
    fn lines_fit_the_width_and_keep_every_word() -> Result<(), ReportError> {
        let fonts = fonts()?;
        let text = "The child was seen at the station with two older males who were not known to \
                    the school; the police were told and a strategy discussion was held the same day.";
        let lines = wrap(&fonts, false, text, 10.5, 200.0);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(fonts.face(false).width(line.trim_end(), 10.5) <= 200.0, "{line:?}");
        }
        assert_eq!(lines.concat(), text);
        Ok(())
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_inside() -> Result<(), ReportError> {
        let fonts = fonts()?;
        let word = "x".repeat(200);
        let lines = wrap(&fonts, false, &word, 10.0, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
        Ok(())
    }

    #[test]
    fn newlines_start_new_lines() -> Result<(), ReportError> {
        let fonts = fonts()?;
        assert_eq!(wrap(&fonts, false, "one\ntwo", 10.0, 400.0), vec!["one", "two"]);
        Ok(())
    }

    #[test]
    fn a_long_table_runs_over_pages_repeating_its_header() -> Result<(), ReportError> {
        let fonts = fonts()?;
        let mut table = Table::new("Actions", vec!["Action".into(), "Owner".into()]);
        for n in 0..120 {
            table.rows.push(vec![format!("Action {n}").into(), "Police".into()]);
        }
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default();
        let doc = Document::new("Minutes", "en-GB", Marking::OfficialSensitive, "MACE", date).with(Block::Table(table));
        let laid = lay_out(&doc, &fonts);
        assert!(laid.pages.len() > 1);
        for page in &laid.pages[1..] {
            assert!(page.runs.iter().any(|r| r.mark == Mark::Artifact && r.text == "Action"));
            for run in &page.runs {
                assert!(run.baseline < BODY_BOTTOM && run.baseline > BODY_TOP, "{run:?}");
            }
        }
        // Every row is drawn exactly once as content.
        let cells: usize = laid
            .pages
            .iter()
            .flat_map(|p| &p.runs)
            .filter(|r| matches!(r.mark, Mark::Content(Slot::Block(0, Part::Cell(_, 0)))))
            .count();
        assert_eq!(cells, 120);
        Ok(())
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_not_lost() -> Result<(), ReportError> {
        let fonts = fonts()?;
        let mut table = Table::new("Notes", vec!["Note".into()]);
        let long = "word ".repeat(3000);
        table.rows.push(vec![long.clone().into()]);
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default();
        let doc = Document::new("Minutes", "en-GB", Marking::Official, "MACE", date).with(Block::Table(table));
        let laid = lay_out(&doc, &fonts);
        assert!(laid.pages.len() > 1);
        let text: String = laid
            .pages
            .iter()
            .flat_map(|p| &p.runs)
            .filter(|r| r.mark == Mark::Content(Slot::Block(0, Part::Cell(0, 0))))
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(text, long.trim_end());
        Ok(())
    }

    #[test]
    fn huge_headings_and_table_headers_stay_on_the_page_and_end() -> Result<(), ReportError> {
        let fonts = fonts()?;
        let huge = "word ".repeat(3000);
        let mut table = Table::new("Huge header", vec![huge.clone(), "B".into()]);
        for n in 0..40 {
            table.rows.push(vec![format!("row {n}").into(), huge.clone().into()]);
        }
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default();
        let doc = Document::new(huge.clone(), "en-GB", Marking::Official, "MACE", date)
            .with(Block::Heading { level: 2, text: huge.clone() })
            .with(Block::Table(table));
        let laid = lay_out(&doc, &fonts);
        for page in &laid.pages {
            for run in &page.runs {
                assert!(run.baseline < BODY_BOTTOM && run.baseline > BODY_TOP, "{run:?}");
            }
        }
        let rows = laid
            .pages
            .iter()
            .flat_map(|p| &p.runs)
            .filter(|r| matches!(r.mark, Mark::Content(Slot::Block(1, Part::Cell(_, 0)))))
            .count();
        assert_eq!(rows, 40);
        Ok(())
    }

    #[test]
    fn columns_fill_the_width_and_never_exceed_it() -> Result<(), ReportError> {
        let fonts = fonts()?;
        let header = vec!["A".to_owned(), "B".to_owned(), "C".to_owned()];
        let short =
            column_widths(&fonts, &header, &[vec![("x".into(), false), ("y".into(), false), ("z".into(), false)]], 9.5);
        assert!((short.iter().sum::<f32>() - BODY_W).abs() < 0.01);
        let long = column_widths(
            &fonts,
            &header,
            &[vec![("1".into(), true), ("long ".repeat(100), false), ("long ".repeat(50), false)]],
            9.5,
        );
        assert!((long.iter().sum::<f32>() - BODY_W).abs() < 0.01, "{long:?}");
        assert!(long[0] < 30.0, "a narrow column stays narrow: {long:?}");
        assert!(long[1] > long[2], "the longer text gets more room: {long:?}");
        Ok(())
    }
}
