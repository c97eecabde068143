// An agency's file imported in a real browser (Debian's Chromium): upload, the progress page until
// the job finishes, the unreadable row listed by number, the agency's list of imports, then the
// import rolled back from its page. axe-core checks every page on the way.
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

const file = [
  "record_id,source,first_name,surname,dob,sex,postcode",
  "E2E-1,niche,Araminta,Fortescue,2014-03-12,F,LL57 2AB",
  "E2E-2,niche,Bartholomew,Ogunleye,2013-09-30,M,SA1 1AA",
  "E2E-3,niche,Araminta,Fortescue,2014-03-12,F,",
  "E2E-4,niche,Broken,Date,2015-31-31,F,",
].join("\n");

test("import a file, watch it finish, see the unreadable row, then roll it back", async () => {
  const page = await signIn(browser, "mor-pol.practitioner");

  await page.click("a[href='/imports']");
  await expectAccessible(page, "the imports list");
  await Promise.all([page.waitForLoadState("load"), page.click("a[href='/imports/new']")]);
  await expectAccessible(page, "the upload form");
  await page.setInputFiles("input[name=file]", { name: "e2e-export.csv", mimeType: "text/csv", buffer: Buffer.from(file) });
  await Promise.all([page.waitForURL(/\/imports\/[0-9a-f-]+$/), page.click("main form button[type=submit]")]);
  const jobPage = page.url();

  // The page refreshes itself while the job runs; look again until it is done.
  for (let i = 0; i < 60; i++) {
    await page.goto(jobPage);
    if ((await page.locator("meta[http-equiv=refresh]").count()) === 0) break;
    await page.waitForTimeout(1000);
  }
  assert.equal((await page.textContent("[data-testid=import-status]")).trim(), "Finished");
  // The file's second Araminta is the first: one person of her.
  assert.match(await page.textContent("[data-testid=import-written]"), /Linked to people haven holds: 1\. New people: 2\. Sent for review: 0\. Could not be read: 1\./);
  assert.match(await page.textContent("[data-testid=import-errors]"), /4\s*dob: Date of birth must be a real date/);
  await expectAccessible(page, "a finished import");

  await page.goto(`${base}/imports`);
  assert.match(await page.textContent("[data-testid=import-jobs]"), /e2e-export\.csv/);

  await page.goto(jobPage);
  await Promise.all([page.waitForLoadState("load"), page.click("[data-testid=import-rollback] button")]);
  assert.equal((await page.textContent("[data-testid=import-status]")).trim(), "Rolled back");
  assert.equal(await page.locator("[data-testid=import-rollback]").count(), 0);
  await expectAccessible(page, "a rolled-back import");
});
