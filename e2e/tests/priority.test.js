// The priority list in a real browser (Debian's Chromium): a police practitioner opens a BCU's
// list, takes a child who has not been screened, screens her with every indicator present, and
// sees her rise in the list with the screening among her reasons. axe-core checks the list, the
// list's make-up against the cohort, and the form's refusal of an unknown area.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { base, expectAccessible, launch, signIn } from "../browser.js";

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

const AREA = "MOR-N";

// The rank and score of the child at `href` in the area's whole list.
async function standing(page, href) {
  await page.goto(`${base}/priority?area=${AREA}&shown=500`);
  const rows = page.locator("[data-testid=priority-row]");
  const n = await rows.count();
  for (let i = 0; i < n; i++) {
    const row = rows.nth(i);
    if ((await row.locator("a").getAttribute("href")) === href) {
      const score = Number(await row.locator("[data-testid=priority-score]").textContent());
      return { rank: i + 1, score, text: await row.textContent() };
    }
  }
  throw new Error(`${href} is not in the list of ${n}`);
}

test("a child screened red rises in the priority list, with the screening among her reasons", async () => {
  const police = await signIn(browser, "mor-pol.practitioner");

  // From the home page; the force serves several areas, so the page asks which.
  await police.goto(`${base}/`);
  await Promise.all([police.waitForLoadState("load"), police.click("[data-testid=priority-link]")]);
  assert.ok(await police.locator("[data-testid=priority-choose-area]").count(), "asks for an area");
  await police.selectOption("#area", AREA);
  await Promise.all([police.waitForLoadState("load"), police.click("main form button[type=submit]")]);
  assert.ok(await police.locator("[data-testid=priority-list]").count(), `a list at ${police.url()}`);
  await expectAccessible(police, "the priority list");

  // A child not screened, low in the list.
  await police.goto(`${base}/priority?area=${AREA}&tier=none&shown=500`);
  const hrefs = await police.locator("[data-testid=priority-row] a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(hrefs.length > 0, "children not screened");
  const child = hrefs[hrefs.length - 1];
  const before = await standing(police, child);
  assert.doesNotMatch(before.text, /Latest screening/);

  // Screened with every indicator present: red.
  await police.goto(`${base}${child}/screenings/new`);
  const names = await police
    .locator("input[type=radio][name^='answers.']")
    .evaluateAll((inputs) => [...new Set(inputs.map((i) => i.name))]);
  for (const name of names) {
    await police.check(`input[name='${name}'][value='present']`);
  }
  await Promise.all([police.waitForLoadState("load"), police.click("main form button[type=submit] >> nth=0")]);
  assert.ok(await police.locator("[data-testid=screening-result]").count(), `a result at ${police.url()}`);

  const after = await standing(police, child);
  assert.ok(after.score > before.score, `score ${before.score} -> ${after.score}`);
  assert.ok(after.rank < before.rank, `rank ${before.rank} -> ${after.rank}`);
  assert.match(after.text, /Latest screening Red/);

  // The make-up of the list against the cohort.
  await police.goto(`${base}/priority?area=${AREA}`);
  await Promise.all([police.waitForLoadState("load"), police.click("text=See the list's make-up against the cohort")]);
  assert.ok(await police.locator("[data-testid=make-up-ethnicity]").count(), "by ethnicity");
  assert.ok(await police.locator("[data-testid=make-up-age]").count(), "by age");
  await expectAccessible(police, "the priority list's make-up");

  // An area that does not exist is named as the problem.
  await police.goto(`${base}/priority?area=NOWHERE`);
  assert.match(await police.textContent(".govuk-error-summary"), /area/i);
  await expectAccessible(police, "the priority list refusing an unknown area");
});
