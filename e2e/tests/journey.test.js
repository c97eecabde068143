// A practitioner's first journey through haven in a real browser (Debian's Chromium), with
// axe-core checking every page on the way: sign in, search, open a person, switch to Welsh.
// No serious or critical accessibility violation may appear on any page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

const base = process.env.HAVEN_URL;
const password = "demo-password-2026";
let browser;
let page;

before(async () => {
  assert.ok(base, "HAVEN_URL names the running haven");
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = await (await browser.newContext({ locale: "en-GB" })).newPage();
});

after(async () => {
  await browser?.close();
});

async function expectAccessible(name) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
    [],
    `accessibility violations on ${name}`,
  );
}

test("sign in, search, open a person and read it in Welsh", async () => {
  await page.goto(`${base}/sign-in`);
  await expectAccessible("sign in");
  await page.fill("input[name=username]", "mor-pol.practitioner");
  await page.fill("input[name=password]", password);
  await page.click("form button[type=submit]");
  await page.waitForLoadState("load");
  assert.ok(!page.url().includes("/sign-in"), `still on ${page.url()} after signing in`);
  await expectAccessible("home");

  // Search by a common family name in the demo force.
  await page.goto(`${base}/people?name=Jones`);
  await expectAccessible("search results");
  const first = page.locator("main a[href^='/people/']").filter({ hasText: /Jones/i }).first();
  const href = await first.getAttribute("href");
  assert.match(href, /^\/people\/[0-9a-f-]{36}$/);
  await first.click();
  await page.waitForLoadState("load");
  assert.match(await page.locator("h1").innerText(), /Jones/i);
  await expectAccessible("person page");

  // Switch to Welsh from the header link; the choice is remembered on the next page.
  await page.click("a[href*='lang=cy']");
  await page.waitForLoadState("load");
  assert.equal(await page.getAttribute("html", "lang"), "cy");
  await expectAccessible("person page in Welsh");
  await page.goto(`${base}/people?name=Jones`);
  assert.equal(await page.getAttribute("html", "lang"), "cy");
  await expectAccessible("search results in Welsh");
});

test("bad sign-in is refused with an error summary", async () => {
  const context = await browser.newContext({ locale: "en-GB" });
  const p = await context.newPage();
  await p.goto(`${base}/sign-in`);
  await p.fill("input[name=username]", "mor-pol.practitioner");
  await p.fill("input[name=password]", "not the password");
  await p.click("form button[type=submit]");
  await p.waitForLoadState("load");
  assert.ok(await p.locator(".govuk-error-summary").isVisible());
  await context.close();
});
