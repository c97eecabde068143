// Figures for boards in a real browser (Debian's Chromium): the commissioner's office (the
// scrutiny role) opens a BCU's figures from the home page, sees each figure with its definition,
// the charts drawn on the server with their data tables, small numbers as "fewer than 5", and
// downloads the board pack as PDF, marked OFFICIAL on every page. axe-core checks the page and
// the form's refusal of a backwards range.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { base, expectAccessible, launch, signIn } from "../browser.js";

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** `d` days from today as the form takes it: 2027-01-14. */
function isoDate(d) {
  return new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
}

test("scrutiny opens the board pack, sees the charts with their data, and downloads it as PDF", async () => {
  const scrutiny = await signIn(browser, "mor-opcc.scrutiny");
  await scrutiny.goto(`${base}/`);
  await Promise.all([scrutiny.waitForLoadState("load"), scrutiny.click("[data-testid=figures-link]")]);
  await expectAccessible(scrutiny, "the figures form");

  await scrutiny.selectOption("#area", "MOR-N");
  await scrutiny.fill("#from", isoDate(-364));
  await scrutiny.fill("#to", isoDate(0));
  await Promise.all([scrutiny.waitForLoadState("load"), scrutiny.click("main form button[type=submit]")]);
  assert.match(await scrutiny.textContent("[data-testid=figures-marking]"), /OFFICIAL/);
  const episodes = await scrutiny.textContent("[data-testid=figure-missing-episodes-now]");
  assert.match(episodes.trim(), /^\d+$/, "the demo BCU's episodes over a year are not a small number");
  assert.match(await scrutiny.textContent("[data-testid=figure-missing-episodes-definition]"), /reported in the period/);

  // The charts: server-drawn SVG, each an image with a name, each with its data table.
  const charts = scrutiny.locator("figure[data-testid^=chart-] svg[role=img]");
  assert.ok((await charts.count()) >= 10, `charts: ${await charts.count()}`);
  assert.ok(await scrutiny.locator("[data-testid=chart-episodes-by-grade] rect").count(), "bars drawn");
  assert.ok(await scrutiny.locator("[data-testid=chart-data-episodes-by-grade] tbody tr").count(), "its data");
  const box = await scrutiny.locator("[data-testid=chart-episodes-by-grade] svg").boundingBox();
  assert.ok(box && box.width > 200 && box.height > 80, `the chart is visible: ${JSON.stringify(box)}`);
  // Somewhere in a year of a BCU some count is small: it is never shown.
  const body = await scrutiny.textContent("main");
  assert.match(body, /fewer than 5/);
  assert.ok(await scrutiny.locator("[data-testid=figures-section-grading_week]").count(), "the week's grading scrutiny");
  await expectAccessible(scrutiny, "the figures and their charts");

  // The board pack as PDF: opened, marked OFFICIAL on every page, the charts' data in it.
  const [file] = await Promise.all([scrutiny.waitForEvent("download"), scrutiny.click("a[href*='format=pdf']")]);
  assert.match(file.suggestedFilename(), /^board-pack-mor-n-.*\.pdf$/);
  const bytes = await readFile(await file.path());
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  let all = "";
  for (let n = 1; n <= doc.numPages; n++) {
    const text = (await (await doc.getPage(n)).getTextContent()).items.map((i) => i.str).join(" ");
    assert.ok(text.includes("OFFICIAL"), `page ${n} is marked`);
    assert.ok(!text.includes("OFFICIAL-SENSITIVE"), `page ${n} holds no exact small numbers`);
    all += `${text}\n`;
  }
  assert.match(all.replace(/\s+/g, " "), /Data: Episodes by risk grade at report/);

  // A backwards range is named on the form.
  await scrutiny.goto(`${base}/figures?area=MOR-N&from=${isoDate(0)}&to=${isoDate(-7)}`);
  assert.match(await scrutiny.textContent(".govuk-error-summary"), /end date must be the same as or after the start date/);
  await expectAccessible(scrutiny, "the figures form with its error");
});
