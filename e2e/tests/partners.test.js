// The partner directory and disruption in a real browser (Debian's Chromium): a council
// supervisor browses their area's teams, the chart of who refers to whom and its table, and the
// form to add a team; a police practitioner lists the force's disruption, opens a CAWN and the
// form to record disruption against a person. axe-core checks each page.
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

test("a council supervisor browses the partner directory, every page accessible", async () => {
  const council = await signIn(browser, "caerwen-cs.supervisor");
  await council.goto(`${base}/directory`);
  assert.ok((await council.locator("[data-testid=team]").count()) >= 8, "the demo area's teams");
  assert.ok(await council.locator("[data-testid=chart]").count(), "the chart");
  assert.ok(await council.locator("[data-testid=pathways] tbody tr").count(), "its table");
  await expectAccessible(council, "the partner directory");
  await Promise.all([council.waitForLoadState("load"), council.click("[data-testid=add-team]")]);
  await expectAccessible(council, "the form to add a team");
  await Promise.all([council.waitForLoadState("load"), council.click("main form button[type=submit]")]);
  assert.ok(await council.locator(".govuk-error-summary").count(), "errors named");
  await expectAccessible(council, "the team form with its errors");
});

test("a police practitioner lists disruption and opens a CAWN, every page accessible", async () => {
  const police = await signIn(browser, "mor-pol.practitioner");
  await police.goto(`${base}/disruption`);
  const cawn = police.locator("[data-testid=disruption-list] tbody tr", { hasText: /warning notice/i }).first();
  assert.ok(await cawn.count(), "the demo's CAWNs");
  await expectAccessible(police, "the force's disruption");
  await Promise.all([police.waitForLoadState("load"), cawn.locator("a").first().click()]);
  assert.ok(await police.locator("[data-testid=disruption]").count());
  await expectAccessible(police, "a CAWN");
  const person = await police.locator("main a[href^='/disruption/new?person='], main a[href^='/people/']").first().getAttribute("href");
  assert.ok(person, "the person it is against");
  const adult = person.startsWith("/people/") ? person.split("/")[2] : new URL(person, base).searchParams.get("person");
  await police.goto(`${base}/disruption/new?person=${adult}`);
  assert.match(await police.textContent("h1"), /disruption/i);
  await expectAccessible(police, "the form to record disruption");
});
