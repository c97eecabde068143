// Associations and hotspots in a real browser (Debian's Chromium), issue 20: a police
// practitioner opens a demo child's network from the priority list (the table of links, and the
// graph cytoscape.js draws over it from the page's own data, served by haven), then an area's
// hotspots (a map drawn on the server from the boundaries haven serves, and the same ranking as
// a table); both pages pass axe, refuse nothing to the content security policy, and fit a phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { PHONE, base, expectAccessible, expectNoSidewaysScroll, launch, signIn } from "../browser.js";

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Console errors, to catch anything the content security policy refused. */
function errorsOf(page) {
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  return errors;
}

test("a child's network is drawn as a graph over the table of its links", async () => {
  const police = await signIn(browser, "mor-pol.practitioner");
  const errors = errorsOf(police);
  await police.goto(`${base}/priority?area=MOR-N&shown=100`);
  const hrefs = await police
    .locator("[data-testid=priority-row] a[href^='/people/']")
    .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(hrefs.length > 0, "the priority list names children");
  // The first child on the list who was found with an adult.
  let found = null;
  for (const href of hrefs.slice(0, 40)) {
    await police.goto(`${base}${href}/network`);
    const table = police.locator("[data-testid=network-table]");
    if ((await table.count()) && /was found with/.test(await table.textContent())) {
      found = href;
      break;
    }
  }
  assert.ok(found, "some child near the top of the list was found with an adult");
  assert.match(await police.textContent("h1"), /^Network of /);
  assert.ok((await police.locator("[data-testid=network-table] tbody tr").count()) >= 2, "links in the table");
  // The graph: cytoscape.js draws into canvases inside the box.
  await police.waitForSelector("#network-graph canvas");
  const box = await police.locator("#network-graph").boundingBox();
  assert.ok(box && box.width > 200 && box.height > 200, `the graph is visible: ${JSON.stringify(box)}`);
  await expectAccessible(police, "a child's network");
  // Back from the person's page, the link there leads here.
  await police.goto(`${base}${found}`);
  await Promise.all([police.waitForLoadState("load"), police.click("[data-testid=network-link]")]);
  assert.ok(police.url().endsWith(`${found}/network`), police.url());
  await police.waitForSelector("#network-graph canvas");
  assert.deepEqual(errors.filter((e) => /Content Security Policy|Refused/.test(e)), [], "nothing refused by the CSP");

  // On a phone: the same page, no sideways scrolling, still accessible.
  const phone = await signIn(browser, "mor-pol.practitioner", PHONE);
  await phone.goto(`${base}${found}/network`);
  await phone.waitForSelector("#network-graph canvas");
  await expectNoSidewaysScroll(phone, "the network on a phone");
  await expectAccessible(phone, "the network on a phone");
});

test("an area's hotspots are a map and the same ranking as a table", async () => {
  const police = await signIn(browser, "mor-pol.practitioner");
  const errors = errorsOf(police);
  await police.goto(`${base}/`);
  await Promise.all([police.waitForLoadState("load"), police.click("[data-testid=hotspots-link]")]);
  await expectAccessible(police, "the hotspots form");
  await police.selectOption("#area", "CAERWEN");
  await Promise.all([police.waitForLoadState("load"), police.click("main form button[type=submit]")]);
  assert.match(await police.textContent("h1"), /Hotspots in Caerwen/);
  const map = police.locator("svg[data-testid=hotspot-map]");
  assert.equal(await map.getAttribute("role"), "img");
  assert.ok(await map.locator("polygon").count(), "the area's boundary, served by haven");
  const places = await map.locator("circle").count();
  const rows = await police.locator("[data-testid=hotspots-table] tbody tr").count();
  assert.ok(rows > 0 && places > 0 && places <= rows, `${places} places on the map, ${rows} in the table`);
  await expectAccessible(police, "the hotspots");
  assert.deepEqual(errors, [], "no errors in the console");

  // An unknown area is named on the form.
  await police.goto(`${base}/hotspots?area=NOWHERE`);
  assert.match(await police.textContent(".govuk-error-summary"), /area/i);
  await expectAccessible(police, "the hotspots form with its error");

  const phone = await signIn(browser, "mor-pol.practitioner", PHONE);
  await phone.goto(`${base}/hotspots?area=CAERWEN`);
  await expectNoSidewaysScroll(phone, "the hotspots on a phone");
});
