// A MACE meeting from agenda to minutes in a real browser (Debian's Chromium): the force's MACE
// chair arranges a meeting of Morlais North with the RHI provider attending, drafts the agenda
// from the priority list, links a place to a child on it, adds a theme, minutes it, agrees an
// action, then downloads the minutes as PDF and XLSX and the register as CSV. The PDF is opened
// (pdf.js) and its text read; the XLSX is unzipped and its strings read. axe-core checks every
// page on the way.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { unzipSync, strFromU8 } from "fflate";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { base, expectAccessible, launch, signIn } from "../browser.js";

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** `d` days from today as the forms take it: 14/01/2027. */
function ukDate(d) {
  const t = new Date(Date.now() + d * 86_400_000);
  return `${String(t.getUTCDate()).padStart(2, "0")}/${String(t.getUTCMonth() + 1).padStart(2, "0")}/${t.getUTCFullYear()}`;
}

async function submit(page, selector = "main form button[type=submit]") {
  await Promise.all([page.waitForLoadState("load"), page.click(selector)]);
}

/** The bytes of the file a click on `selector` downloads. */
async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

async function pdfText(bytes) {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((i) => i.str).join(" "));
  }
  return pages;
}

test("a chair runs a MACE meeting from agenda to minutes and exports them", async () => {
  const chair = await signIn(browser, "mor-pol.mace-chair");
  await chair.goto(`${base}/mace`);
  assert.ok(await chair.locator("[data-testid=mace-meetings]").count(), "the demo's year of meetings");
  await expectAccessible(chair, "the MACE meetings");
  await chair.goto(`${base}/mace/actions?view=overdue`);
  await expectAccessible(chair, "the overdue actions");

  // Arrange the meeting: one attendee from outside any agreement is named by line first.
  await chair.goto(`${base}/mace/new`);
  await expectAccessible(chair, "the form to arrange a meeting");
  await chair.selectOption("select[name=area]", "MOR-N");
  await chair.fill("input[name=date]", ukDate(1));
  await chair.fill("input[name=time]", "10:00");
  await chair.fill("input[name=chair_name]", "DI Carys Morgan");
  await chair.fill("textarea[name=attendees]", "Sam Hughes, PATHWAYS\nA stranger, NO-SUCH-AGENCY");
  await submit(chair);
  assert.match(await chair.textContent(".govuk-error-summary"), /Line 2: /);
  await expectAccessible(chair, "the form with its errors");
  await chair.fill("textarea[name=attendees]", "Sam Hughes, PATHWAYS");
  await submit(chair);
  assert.match(await chair.textContent("h1"), /MACE meeting, Morlais North/);
  await expectAccessible(chair, "a new meeting");

  // The agenda: drafted from the priority list, and a theme.
  await submit(chair, "form[action$='/draft'] button");
  const drafted = await chair.locator("[data-testid=mace-agenda] > li").count();
  assert.ok(drafted > 0, "children drafted from the priority list");
  await chair.click("a[href$='/themes/new']");
  await chair.waitForLoadState("load");
  await chair.fill("input[name=theme]", "County lines around the bus station");
  await submit(chair);
  await expectAccessible(chair, "the meeting with its agenda");

  // Link a place to the first child on the agenda: found by its street, then chosen.
  await Promise.all([chair.waitForLoadState("load"), chair.locator("[data-testid=mace-item-links]").first().click()]);
  assert.match(await chair.textContent("h1"), /^People and places linked to /);
  await expectAccessible(chair, "an item's links");
  await chair.fill("#place", "Station Road");
  await submit(chair, "form[data-testid=association-search] button");
  await chair.locator("input[name=location_id]").first().check();
  await submit(chair, "form[data-testid=association-form] button");
  assert.match(await chair.textContent("[data-testid=recorded-links]"), /Station Road/);
  await expectAccessible(chair, "an item's links, one recorded");
  await Promise.all([chair.waitForLoadState("load"), chair.click(".govuk-back-link")]);
  assert.match(await chair.textContent("[data-testid=mace-agenda]"), /People and places linked: 1/);

  // Minute the theme, then agree an action against it.
  const theme = chair.locator("[data-testid=mace-agenda] > li", { hasText: "County lines around the bus station" });
  await Promise.all([chair.waitForLoadState("load"), theme.locator("a", { hasText: "Record the discussion" }).click()]);
  assert.match(await chair.textContent("h1"), /Discussion of County lines around the bus station/);
  await expectAccessible(chair, "the discussion form");
  await chair.fill("textarea[name=summary]", "PCSOs report children dealing near the bus station after school");
  await chair.fill("textarea[name=decisions]", "Joint patrols and a Makesafe visit");
  await chair.check("input[name=risk_after][value=amber]");
  await submit(chair);
  await Promise.all([chair.waitForLoadState("load"), theme.locator("a", { hasText: "Agree an action" }).click()]);
  await expectAccessible(chair, "the action form");
  await chair.fill("textarea[name=text]", "Makesafe visit to the hotels by the bus station");
  await chair.fill("input[name=owner_name]", "PC Rhys Jones");
  await chair.selectOption("select[name=owner_agency]", "MOR-POL");
  await chair.fill("input[name=due_on]", ukDate(0));
  await submit(chair);
  assert.match(await chair.textContent(".govuk-error-summary"), /The due date must not be before the meeting/);
  await chair.fill("input[name=due_on]", ukDate(21));
  await chair.check("input[name=four_p][value=prevent]");
  await submit(chair);
  const actions = await chair.textContent("[data-testid=mace-actions]");
  assert.match(actions, /Makesafe visit to the hotels by the bus station/);
  await expectAccessible(chair, "the minuted meeting");

  // The minutes as PDF: opened, its text read, marked on every page.
  const pdf = await download(chair, "a[href$='minutes.pdf']");
  assert.match(pdf.name, /^mace-minutes-morlais-north-.*\.pdf$/);
  const pages = await pdfText(pdf.bytes);
  // Table cells wrap over lines: compare with the spaces between words made one.
  const all = pages.join("\n").replace(/\s+/g, " ");
  for (const text of ["MACE meeting, Morlais North", "PCSOs report children dealing", "Makesafe visit to the hotels"]) {
    assert.ok(all.includes(text), `the PDF has "${text}": ${all}`);
  }
  for (const [n, page] of pages.entries()) {
    assert.ok(page.includes("OFFICIAL-SENSITIVE"), `page ${n + 1} is marked`);
  }

  // The XLSX: unzipped, the action among its strings, the marking in its sheets.
  const xlsx = await download(chair, "a[href$='minutes.xlsx']");
  const files = unzipSync(new Uint8Array(xlsx.bytes));
  const strings = Object.entries(files)
    .filter(([name]) => name.startsWith("xl/") && name.endsWith(".xml"))
    .map(([, data]) => strFromU8(data))
    .join("\n");
  assert.ok(strings.includes("Makesafe visit to the hotels by the bus station"), "the XLSX has the action");
  assert.ok(strings.includes("OFFICIAL-SENSITIVE"), "the XLSX is marked");

  const csv = await download(chair, "a[href$='actions.csv']");
  const lines = csv.bytes.toString("utf8").replace(/^\uFEFF/, "").trim().split(/\r?\n/);
  assert.equal(lines[0], "OFFICIAL-SENSITIVE");
  assert.ok(lines.some((l) => l.includes("Makesafe visit to the hotels by the bus station")));
});
