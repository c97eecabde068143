// What the browser tests share: the running haven, Debian's Chromium, signing in as a demo user,
// and the axe-core check that no page has a moderate, serious or critical accessibility violation.
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

export const base = process.env.HAVEN_URL;
export const password = "demo-password-2026";

export async function launch() {
  assert.ok(base, "HAVEN_URL names the running haven");
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"],
  });
}

/** No violation of WCAG 2.1 A and AA nor of axe's best practices (landmarks, headings) at
 * moderate impact or worse: every page's content lies in a landmark. */
export async function expectAccessible(page, name) {
  const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
  const results = await new AxeBuilder({ page }).withTags(tags).analyze();
  const bad = results.violations.filter((v) => ["moderate", "serious", "critical"].includes(v.impact));
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
    [],
    `accessibility violations on ${name}`,
  );
}

/** A phone's viewport (an iPhone 12 to 15) and a desktop's, for the pages used on the move. */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** A new page signed in as `username` (a demo user), at `viewport` (a desktop's by default). */
export async function signIn(browser, username, viewport = DESKTOP) {
  const page = await (await browser.newContext({ locale: "en-GB", viewport })).newPage();
  await page.goto(`${base}/sign-in`);
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", password);
  await page.click("form button[type=submit]");
  await page.waitForLoadState("load");
  assert.ok(!page.url().includes("/sign-in"), `${username} still on ${page.url()}`);
  return page;
}

/** Nothing on the page runs off its right edge: a phone user never scrolls sideways. */
export async function expectNoSidewaysScroll(page, name) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  assert.ok(scroll <= width, `${name} is ${scroll} px wide on a ${width} px screen`);
}
