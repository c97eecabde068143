//! The list pages of administration (areas, agencies, locations) share one template: a title, a
//! button to add one, an optional search box and a table.

use crate::views::PageCtx;
use askama::Template;

#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        Self { text: text.into(), href: None }
    }

    pub fn link(text: impl Into<String>, href: String) -> Self {
        Self { text: text.into(), href: Some(href) }
    }
}

#[derive(Debug, Clone)]
pub struct Link {
    pub href: String,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct SearchBox {
    pub action: String,
    pub label: String,
    pub value: String,
}

#[derive(Debug, Template)]
#[template(path = "admin/table.html")]
pub struct TablePage {
    pub ctx: PageCtx,
    pub title: String,
    pub intro: Option<String>,
    /// A success message: what the form just posted added.
    pub notice: Option<String>,
    pub new_link: Option<Link>,
    /// Other pages the list leads to (an import, say).
    pub links: Vec<Link>,
    pub search: Option<SearchBox>,
    pub caption: String,
    /// For tests to find the table.
    pub testid: &'static str,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl TablePage {
    /// A list titled by `title`, with `headers`, and the count as its caption.
    pub fn new(ctx: PageCtx, title: String, testid: &'static str, headers: Vec<String>, rows: Vec<Vec<Cell>>) -> Self {
        let caption = ctx.count("admin-rows-count", "count", rows.len());
        Self {
            ctx,
            title,
            intro: None,
            notice: None,
            new_link: None,
            links: Vec::new(),
            search: None,
            caption,
            testid,
            headers,
            rows,
        }
    }

    pub fn add_button(mut self, href: &str, label: String) -> Self {
        self.new_link = Some(Link { href: href.to_owned(), label });
        self
    }
}
