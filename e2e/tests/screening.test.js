// Exploitation screening in a real browser (Debian's Chromium): a police practitioner opens a
// child's record, screens her (every indicator answered, two present), and reads the result with
// its tier and what is due. axe-core checks the form, the form with its errors, and the result.
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

async function submit(page) {
  await Promise.all([page.waitForLoadState("load"), page.click("main form button[type=submit] >> nth=0")]);
}

test("a practitioner screens a child for exploitation and reads the result", async () => {
  const police = await signIn(browser, "mor-pol.practitioner");
  await police.goto(`${base}/people?name=Jones`);
  const child = await police.locator("main a[href^='/people/']").first().getAttribute("href");
  await police.goto(`${base}${child}`);
  await Promise.all([police.waitForLoadState("load"), police.click("[data-testid=screen-child]")]);
  await expectAccessible(police, "the screening form");

  // Sent unanswered: the form names what is missing, and stays accessible.
  await submit(police);
  assert.ok(await police.locator(".govuk-error-summary").count(), "an error summary");
  await expectAccessible(police, "the screening form with its errors");

  // Every indicator absent but two.
  const names = await police
    .locator("input[type=radio][name^='answers.']")
    .evaluateAll((inputs) => [...new Set(inputs.map((i) => i.name))]);
  assert.ok(names.length > 10, `the tool's indicators: ${names.length}`);
  for (const [i, name] of names.entries()) {
    await police.check(`input[name='${name}'][value='${i < 2 ? "present" : "absent"}']`);
  }
  await submit(police);
  assert.ok(await police.locator("[data-testid=screening-result]").count(), `a result at ${police.url()}`);
  assert.match(await police.textContent("[data-testid=tier]"), /\S/);
  await expectAccessible(police, "the screening result");
});
