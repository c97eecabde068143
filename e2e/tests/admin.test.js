// An agency's admin at work in a real browser (Debian's Chromium): the users list, adding a user
// (the one-time password shown once), the user's page, and issuing a token. axe-core checks every
// page on the way.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { expectAccessible, launch, signIn } from "../browser.js";

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test("an admin adds a user and issues them a token", async () => {
  const page = await signIn(browser, "mor-pol.admin");

  await Promise.all([page.waitForLoadState("load"), page.click("nav a[href='/admin/users']")]);
  await expectAccessible(page, "the users list");
  await Promise.all([page.waitForLoadState("load"), page.click("a[href='/admin/users/new']")]);
  await expectAccessible(page, "the new user form");

  // A form sent empty names its fields, and is still accessible.
  await Promise.all([page.waitForLoadState("load"), page.click("main form button[type=submit]")]);
  assert.ok(await page.locator(".govuk-error-summary a[href='#username']").count());
  await expectAccessible(page, "the new user form with its errors");

  await page.fill("#username", "e2e.worker");
  await page.fill("#display_name", "E2E Worker");
  await page.check("input[name=role][value=practitioner]");
  await Promise.all([page.waitForLoadState("load"), page.click("main form button[type=submit]")]);
  const password = (await page.textContent("[data-testid=secret]")).trim();
  assert.equal(password.length, 20);
  await expectAccessible(page, "the one-time password");

  await Promise.all([page.waitForLoadState("load"), page.click("a[href='/admin/users/e2e.worker']")]);
  await expectAccessible(page, "the user's page");
  await page.fill("#name", "e2e sync");
  await Promise.all([page.waitForLoadState("load"), page.click("form[action$='/tokens'] button[type=submit]")]);
  assert.match((await page.textContent("[data-testid=secret]")).trim(), /^haven_/);
  await expectAccessible(page, "a new token");
});

test("the install's administrator reads the sharing agreements", async () => {
  const page = await signIn(browser, "mor-pol.system-admin");
  await Promise.all([page.waitForLoadState("load"), page.click("nav a[href='/admin/agreements']")]);
  assert.match(await page.textContent("[data-testid=agreements]"), /In force/);
  await expectAccessible(page, "the agreements list");
});
