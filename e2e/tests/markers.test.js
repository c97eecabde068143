// Warning markers and NRM referrals in a real browser (Debian's Chromium): a police practitioner
// opens the overdue marker reviews, a child's page with their markers, the review form (empty,
// then refused with its errors), and the form to record an NRM decision. axe-core checks each.
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

test("a practitioner reviews a marker and opens an NRM decision, every page accessible", async () => {
  const police = await signIn(browser, "mor-pol.practitioner");
  await police.goto(`${base}/markers/overdue`);
  assert.ok(await police.locator("[data-testid=overdue-markers]").count(), "the demo has overdue reviews");
  await expectAccessible(police, "the overdue marker reviews");

  const child = await police.locator("[data-testid=overdue-markers] a[href^='/people/']").first().getAttribute("href");
  await police.goto(`${base}${child}`);
  assert.ok(await police.locator("[data-testid=markers]").count(), "the child's markers");
  await expectAccessible(police, "a child's page with markers");

  await Promise.all([police.waitForLoadState("load"), police.click("[data-testid=review-marker] >> nth=0")]);
  assert.match(await police.textContent("h1"), /Review the .* marker on /);
  await expectAccessible(police, "the marker review form");
  await Promise.all([police.waitForLoadState("load"), police.click("main form button[type=submit]")]);
  assert.ok(await police.locator(".govuk-error-summary").count(), "an error summary");
  await expectAccessible(police, "the marker review form with its errors");

  // A child whose NRM referral awaits a decision, from the priority lists' reasons.
  let found = null;
  for (const area of ["MOR-N", "MOR-C", "MOR-S"]) {
    await police.goto(`${base}/priority?area=${area}&shown=500`);
    // "Open protective work: …": the absence of it also names the NRM, as what is missing.
    const awaiting = /Open protective work:[^\n]*NRM referral awaiting a decision/;
    const row = police.locator("[data-testid=priority-row]", { hasText: awaiting }).first();
    if (await row.count()) {
      found = await row.locator("a").getAttribute("href");
      break;
    }
  }
  assert.ok(found, "a child with an NRM referral awaiting a decision");
  await police.goto(`${base}${found}`);
  await Promise.all([police.waitForLoadState("load"), police.click("[data-testid=decide-nrm] >> nth=0")]);
  assert.match(await police.textContent("h1"), /Record an NRM decision for /);
  await expectAccessible(police, "the NRM decision form");
});
