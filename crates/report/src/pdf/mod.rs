//! The document as a tagged, accessible PDF (PDF/UA-1, checked by krilla's validator).
//!
//! - Structure tree in reading order: the title as `H1`, the byline as `P`, headings as
//!   `H2`–`H6` (each with its title, as PDF/UA asks), paragraphs as `P`, facts as a list
//!   (`L` > `LI` > `Lbl` + `LBody`), tables as `Table` > `Caption`, `THead` > `TR` > `TH`
//!   (scope column), `TBody` > `TR` > `TD`.
//! - Catalog: `/MarkInfo << /Marked true >>`, `/StructTreeRoot`, `/Lang`, and
//!   `/ViewerPreferences << /DisplayDocTitle true >>`; XMP metadata with the title, author,
//!   date and the PDF/UA identifier; an outline (bookmarks) of the headings.
//! - Every page (A4 portrait): the marking centred at the top (a header artifact) and the bottom
//!   (a footer artifact) with "Page N of M" ("Tudalen N o M"); table rules and repeated table
//!   header rows are artifacts too, so a screen reader meets each header once.
//! - Text is DejaVu Sans, embedded and subset; lines are broken with its advance widths. A
//!   character the font lacks is drawn as U+FFFD rather than failing.

mod fonts;
mod layout;

use std::collections::BTreeMap;
use std::num::NonZeroU16;

use chrono::Datelike;
use krilla::SerializeSettings;
use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Size};
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, SpanTag, TableHeaderScope, Tag, TagGroup, TagKind,
    TagTree,
};

use self::fonts::Fonts;
use self::layout::{Colour, Heading, Mark, PAGE_H, PAGE_W, Part, Rule, Run, Slot};
use crate::{Block, Document, ReportError};

/// The marking and page number sit this far from the top and bottom edges.
const HEADER_BASELINE: f32 = 40.0;
const FOOTER_BASELINE: f32 = PAGE_H - 32.0;
const MARKING_SIZE: f32 = 10.0;

/// Renders the document as a tagged PDF that passes krilla's PDF/UA-1 validator. Refuses a
/// document that [`Document::check`] refuses; a validation failure is
/// [`ReportError::Pdf`] naming what failed.
pub fn render(doc: &Document) -> Result<Vec<u8>, ReportError> {
    doc.check()?;
    let fonts = Fonts::load()?;
    let laid = layout::lay_out(doc, &fonts);

    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| ReportError::Pdf(format!("{e:?}")))?;
    let settings = SerializeSettings { configuration, enable_tagging: true, ..SerializeSettings::default() };
    let mut pdf = krilla::Document::new_with(settings);
    let size = Size::from_wh(PAGE_W, PAGE_H).ok_or_else(|| ReportError::Pdf("page size".into()))?;
    let total = laid.pages.len();
    let welsh = doc.is_welsh();
    let mut ids: BTreeMap<Slot, Vec<Identifier>> = BTreeMap::new();
    for (index, page) in laid.pages.iter().enumerate() {
        let mut p = pdf.start_page_with(PageSettings::new(size));
        let mut surface = p.surface();
        for rule in &page.rules {
            draw_rule(&mut surface, rule);
        }
        for run in &page.runs {
            let id = match run.mark {
                Mark::Content(_) => surface.start_tagged(ContentTag::Span(SpanTag::empty())),
                Mark::Artifact => {
                    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::PaginationOther)))
                }
            };
            draw_run(&mut surface, &fonts, run);
            surface.end_tagged();
            if let Mark::Content(slot) = run.mark {
                ids.entry(slot).or_default().push(id);
            }
        }
        for placed in &page.charts {
            if let Some(Block::Chart(chart)) = doc.blocks.get(placed.block) {
                let id = surface.start_tagged(ContentTag::Other);
                draw_chart(&mut surface, &fonts, chart, placed.x, placed.y);
                surface.end_tagged();
                ids.entry(Slot::Block(placed.block, Part::Figure)).or_default().push(id);
            }
        }
        draw_furniture(&mut surface, &fonts, doc, index + 1, total, welsh);
        surface.finish();
        p.finish();
    }

    pdf.set_tag_tree(tag_tree(doc, &mut ids));
    let mut outline = Outline::new();
    for node in outline_nodes(&laid.headings) {
        outline.push_child(node);
    }
    pdf.set_outline(outline);
    pdf.set_metadata(metadata(doc));
    pdf.finish().map_err(|e| match e {
        krilla::error::KrillaError::Validation(errors) => {
            let errors: Vec<_> = errors.iter().map(|(e, _)| e).collect();
            ReportError::Pdf(format!("PDF/UA-1 validation failed: {errors:?}"))
        }
        other => ReportError::Pdf(other.to_string()),
    })
}

fn metadata(doc: &Document) -> Metadata {
    let created = DateTime::new(u16::try_from(doc.created.year()).unwrap_or(1970))
        .month(u8::try_from(doc.created.month()).unwrap_or(1))
        .day(u8::try_from(doc.created.day()).unwrap_or(1));
    Metadata::new()
        .title(doc.title.clone())
        .language(doc.language.clone())
        .authors(vec![doc.author.clone()])
        // The marking as a keyword too, so a file browser or records system shows it.
        .keywords(vec![doc.marking.as_str().to_owned()])
        .creator("haven".to_owned())
        .creation_date(created)
}

fn draw_run(surface: &mut Surface<'_>, fonts: &Fonts, run: &Run) {
    if run.text.is_empty() {
        // An empty cell: tagged, so the table keeps its shape, but nothing to draw.
        return;
    }
    let face = fonts.face(run.bold);
    let colour = match run.colour {
        Colour::Text => rgb::Color::new(11, 12, 12),
        Colour::Secondary => rgb::Color::new(80, 90, 95),
    };
    surface.set_fill(Some(Fill { paint: colour.into(), ..Fill::default() }));
    surface.draw_glyphs(
        Point::from_xy(run.x, run.baseline),
        &face.glyphs(&run.text),
        face.font.clone(),
        &run.text,
        run.size,
        false,
    );
}

fn draw_rule(surface: &mut Surface<'_>, rule: &Rule) {
    let mut path = PathBuilder::new();
    path.move_to(rule.x1, rule.y);
    path.line_to(rule.x2, rule.y);
    let Some(path) = path.finish() else {
        return;
    };
    let colour = if rule.strong { rgb::Color::new(11, 12, 12) } else { rgb::Color::new(177, 180, 182) };
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke { paint: colour.into(), width: rule.width, ..Stroke::default() }));
    surface.draw_path(&path);
    surface.set_stroke(None);
    surface.end_tagged();
}

/// A chart's shapes ([`crate::chart::Chart::shapes`]) with krilla's path API, offset to
/// `(x, y)`: the same drawing as the page's SVG.
fn draw_chart(surface: &mut Surface<'_>, fonts: &Fonts, chart: &crate::chart::Chart, x: f32, y: f32) {
    use crate::chart::{COLOURS, Shape};
    let colour = |series: usize| {
        let (r, g, b) = COLOURS[series % COLOURS.len()];
        rgb::Color::new(r, g, b)
    };
    for shape in chart.shapes() {
        match shape {
            Shape::Bar { x: bx, y: by, w, h, series } => {
                let Some(rect) = krilla::geom::Rect::from_xywh(x + bx, y + by, w, h.max(0.1)) else { continue };
                let mut path = PathBuilder::new();
                path.push_rect(rect);
                let Some(path) = path.finish() else { continue };
                surface.set_stroke(None);
                surface.set_fill(Some(Fill { paint: colour(series).into(), ..Fill::default() }));
                surface.draw_path(&path);
            }
            Shape::Line { points, series } => {
                let mut path = PathBuilder::new();
                for (i, (px, py)) in points.iter().enumerate() {
                    if i == 0 {
                        path.move_to(x + px, y + py);
                    } else {
                        path.line_to(x + px, y + py);
                    }
                }
                if points.len() == 1 {
                    path.line_to(x + points[0].0 + 0.5, y + points[0].1);
                }
                let Some(path) = path.finish() else { continue };
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke { paint: colour(series).into(), width: 2.0, ..Stroke::default() }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
            Shape::Rule { x1, y1, x2, y2 } => {
                let mut path = PathBuilder::new();
                path.move_to(x + x1, y + y1);
                path.line_to(x + x2, y + y2);
                let Some(path) = path.finish() else { continue };
                surface.set_fill(None);
                let grey = rgb::Color::new(80, 90, 95);
                surface.set_stroke(Some(Stroke { paint: grey.into(), width: 0.75, ..Stroke::default() }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
            Shape::Label { x: lx, y: ly, text, end } => {
                let size = 8.0;
                let width = fonts.face(false).width(&text, size);
                let left = if end { x + lx - width } else { x + lx };
                let run = Run {
                    x: left,
                    baseline: y + ly,
                    size,
                    bold: false,
                    colour: Colour::Text,
                    text,
                    mark: Mark::Artifact,
                };
                draw_run(surface, fonts, &run);
            }
        }
    }
}

/// The marking at the top and bottom of the page, and "Page N of M": pagination artifacts.
fn draw_furniture(surface: &mut Surface<'_>, fonts: &Fonts, doc: &Document, page: usize, total: usize, welsh: bool) {
    let bold = fonts.face(true);
    let marking = doc.marking.as_str();
    let centred = (PAGE_W - bold.width(marking, MARKING_SIZE)) / 2.0;
    let run = |baseline: f32, x: f32, bold: bool, size: f32, text: String| Run {
        x,
        baseline,
        size,
        bold,
        colour: Colour::Text,
        text,
        mark: Mark::Artifact,
    };
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Header)));
    draw_run(surface, fonts, &run(HEADER_BASELINE, centred, true, MARKING_SIZE, marking.to_owned()));
    surface.end_tagged();

    let number = if welsh { format!("Tudalen {page} o {total}") } else { format!("Page {page} of {total}") };
    let number_x = PAGE_W - layout::MARGIN_X - fonts.face(false).width(&number, 9.0);
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Footer)));
    draw_run(surface, fonts, &run(FOOTER_BASELINE, centred, true, MARKING_SIZE, marking.to_owned()));
    draw_run(surface, fonts, &run(FOOTER_BASELINE, number_x, false, 9.0, number));
    surface.end_tagged();
}

/// The structure tree, in the document's reading order, from the identifiers of the drawn runs.
fn tag_tree(doc: &Document, ids: &mut BTreeMap<Slot, Vec<Identifier>>) -> TagTree {
    let mut take = |slot: Slot| ids.remove(&slot).unwrap_or_default();
    let mut tree = TagTree::new();
    tree.push(group(heading(1, &doc.title), take(Slot::Title)));
    tree.push(group(Tag::P, take(Slot::Byline)));
    for (i, block) in doc.blocks.iter().enumerate() {
        let whole = Slot::Block(i, Part::Whole);
        match block {
            Block::Heading { level, text } => {
                tree.push(group(heading(layout::heading_level(*level), text), take(whole)));
            }
            Block::Paragraph(_) => tree.push(group(Tag::P, take(whole))),
            Block::Facts(facts) => {
                let mut list = TagGroup::new(Tag::L(ListNumbering::None));
                for n in 0..facts.len() {
                    let mut item = TagGroup::new(Tag::LI);
                    item.push(group(Tag::Lbl, take(Slot::Block(i, Part::Label(n)))));
                    item.push(group(Tag::LBody, take(Slot::Block(i, Part::Value(n)))));
                    list.push(item);
                }
                tree.push(list);
            }
            Block::Table(table) => tree.push(table_group(i, table, &mut take)),
            Block::Chart(chart) => {
                tree.push(group(Tag::Figure(Some(chart.title.clone())), take(Slot::Block(i, Part::Figure))));
                tree.push(table_group(i, &chart.table, &mut take));
            }
        }
    }
    tree
}

/// A table's structure: `Table` > `Caption`, `THead` > `TR` > `TH`, `TBody` > `TR` > `TD`.
fn table_group(i: usize, table: &crate::Table, take: &mut impl FnMut(Slot) -> Vec<Identifier>) -> TagGroup {
    let mut t = TagGroup::new(Tag::Table);
    t.push(group(Tag::Caption, take(Slot::Block(i, Part::Caption))));
    let mut head_row = TagGroup::new(Tag::TR);
    for c in 0..table.header.len() {
        head_row.push(group(Tag::TH(TableHeaderScope::Column), take(Slot::Block(i, Part::Head(c)))));
    }
    let mut head = TagGroup::new(Tag::THead);
    head.push(head_row);
    t.push(head);
    let mut body = TagGroup::new(Tag::TBody);
    for (r, row) in table.rows.iter().enumerate() {
        let mut tr = TagGroup::new(Tag::TR);
        for c in 0..row.len() {
            tr.push(group(Tag::TD, take(Slot::Block(i, Part::Cell(r, c)))));
        }
        body.push(tr);
    }
    if !table.rows.is_empty() {
        t.push(body);
    }
    t
}

fn heading(level: u16, text: &str) -> TagKind {
    let level = NonZeroU16::new(level).unwrap_or(NonZeroU16::MIN);
    Tag::Hn(level, Some(text.to_owned())).into()
}

fn group(tag: impl Into<TagKind>, ids: Vec<Identifier>) -> TagGroup {
    let mut g = TagGroup::new(tag);
    for id in ids {
        g.push(id);
    }
    g
}

/// Bookmarks nested by heading level: the title holds the sections, a section its subsections.
fn outline_nodes(headings: &[Heading]) -> Vec<OutlineNode> {
    let mut nodes = Vec::new();
    let mut i = 0;
    while let Some(h) = headings.get(i) {
        let end = headings[i + 1..].iter().position(|next| next.level <= h.level).map_or(headings.len(), |p| i + 1 + p);
        let mut node =
            OutlineNode::new(h.text.clone(), XyzDestination::new(h.page, Point::from_xy(0.0, h.y))).with_open(true);
        for child in outline_nodes(&headings[i + 1..end]) {
            node.push_child(child);
        }
        nodes.push(node);
        i = end;
    }
    nodes
}
