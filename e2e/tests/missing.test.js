// A child reported missing, graded, found and returned, and interviewed on return, in a real
// browser (Debian's Chromium), on a phone-sized screen and on a desktop's: the police
// practitioner reports and records the return, the return home interview provider records the
// interview. axe-core checks every page on the way (moderate violations fail), and on the phone
// no page scrolls sideways.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { DESKTOP, PHONE, base, expectAccessible, expectNoSidewaysScroll, launch, signIn as signInWith } from "../browser.js";

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});



/** A time as a practitioner types it: UK local time, dd/mm/yyyy HH:MM. */
function ukTime(date) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

async function submit(page) {
  await Promise.all([page.waitForLoadState("load"), page.click("main form button[type=submit] >> nth=0")]);
}

for (const [screen, viewport] of [
  ["phone", PHONE],
  ["desktop", DESKTOP],
]) {
  test(`on a ${screen}: report a child missing, grade, record the return, then the return home interview`, async () => {
    const signIn = (username) => signInWith(browser, username, viewport);
    const check = async (page, name) => {
      await expectAccessible(page, `${name} (${screen})`);
      if (viewport === PHONE) await expectNoSidewaysScroll(page, name);
    };
    const police = await signIn("mor-pol.practitioner");
    await police.goto(`${base}/missing`);
    await check(police, "missing now board");

    // A child the RHI provider works with (it sees only its own cases) and the police may see,
    // who is not missing now.
    const provider = await signIn("pathways.practitioner");
    const hrefs = [];
    for (const name of ["Evans", "Jones", "Williams", "Davies"]) {
      await provider.goto(`${base}/people?name=${name}`);
      hrefs.push(...(await provider.locator("main a[href^='/people/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")))));
    }
    let history = null;
    for (const href of hrefs) {
      await police.goto(`${base}${href}/missing`);
      if ((await police.locator("[data-testid=report-missing]").count()) > 0) {
        history = `${base}${href}/missing`;
        break;
      }
    }
    assert.ok(history, "a child who can be reported missing");
    await check(police, "missing history");
    const before = Number(await police.locator("[data-testid=episodes-total]").innerText());

    await police.click("[data-testid=report-missing]");
    await police.waitForLoadState("load");
    await check(police, "report missing form");
    const now = Date.now();
    await police.fill("input[name=reported_at]", ukTime(new Date(now - 30 * 60 * 1000)));
    await police.fill("input[name=last_seen_at]", ukTime(new Date(now - 3 * 3600 * 1000)));
    await police.fill("input[name=last_seen_where]", "Outside the leisure centre");
    await police.check("input[name=reporter][value=foster_carer]");
    await police.fill("textarea[name=circumstances]", "Did not come home after football; phone off.");
    await police.fill("input[name=officer_in_charge]", `DC 4410 Nia Hughes (${screen})`);
    await police.check("input[name=risk_grade][value=high]");
    await police.fill("textarea[name=risk_rationale]", "Seen getting into a car with two older males");
    // A high grade needs the whole risk questionnaire: what is not known is answered so.
    for (const radio of await police.locator("input[type=radio][value=not_known]").all()) await radio.check();
    await police.check("input[name=with_whom][value=yes]");
    await submit(police);
    assert.match(police.url(), /\/missing\/[0-9a-f-]{36}$/);
    const episode = police.url();
    assert.equal(await police.locator("[data-testid=grade]").innerText(), "High");
    // The actions are at the top, before the timeline; the timeline is newest first.
    assert.ok((await police.locator("[data-testid=episode-actions] a[href$='/return']").count()) === 1);
    await check(police, "episode page");

    await police.goto(`${base}/missing`);
    const row = police.locator("tr", { has: police.locator(`a[href='${new URL(episode).pathname}']`) }).first();
    assert.equal(await row.locator("[data-testid=board-officer]").innerText(), `DC 4410 Nia Hughes (${screen})`);

    await police.goto(`${episode}/return`);
    await check(police, "return form");
    await police.fill("input[name=found_where]", "Bus station");
    await police.fill("input[name=found_by]", "Police patrol");
    await police.fill("textarea[name=with_whom]", "Two older males");
    await submit(police);
    assert.equal(police.url(), episode);
    assert.equal(await police.locator("[data-testid=rhi-state]").innerText(), "Due");

    await police.goto(history);
    assert.equal(Number(await police.locator("[data-testid=episodes-total]").innerText()), before + 1);

    // The return home interview provider: its worklist shows where and with whom the child was
    // found, then the interview, refused first without who offered it.
    await provider.goto(`${base}/rhi`);
    await check(provider, "RHI worklist");
    const work = provider.locator("tr", { has: provider.locator(`a[href='${new URL(episode).pathname}']`) }).first();
    assert.match(await work.innerText(), /Bus station – Two older males/);
    await provider.goto(episode);
    assert.equal(await provider.locator("text=Seen getting into a car").count(), 0, "no police intelligence");
    await provider.click("main a[href$='/rhi']");
    await provider.waitForLoadState("load");
    await check(provider, "RHI form");
    await provider.check("input[name=outcome][value=held]");
    await provider.check("input[name=in_person]");
    await provider.fill("textarea[name=child_wants]", "To be able to play football again");
    await provider.check("input[name=information_shared]");
    await submit(provider);
    const summary = await provider.locator(".govuk-error-summary").innerText();
    assert.match(summary, /Enter who offered the interview/);
    assert.match(summary, /independent of the child's care and of the police/);
    await check(provider, "RHI form with errors");
    await provider.fill("input[name=offered_by]", "Sam Price, return interview worker");
    await provider.check("input[name=interviewer_independent][value=yes]");
    await provider.check("input[name=consent_to_share][value=given]");
    await submit(provider);
    assert.equal(provider.url(), episode);
    const main = await provider.locator("main").innerText();
    assert.match(main, /Quality: 4 of 5 measures met/);
    assert.match(main, /Who offered the interview: Sam Price, return interview worker/);
    await check(provider, "episode after the RHI");
  });
}

test("on a phone, the pages of many columns fit the screen", async () => {
  for (const [user, paths] of [
    ["mor-pol.practitioner", ["/missing", "/reports/morning-brief", "/priority", "/disruption"]],
    ["pathways.practitioner", ["/rhi"]],
    ["mor-pol.mace-chair", ["/mace", "/mace/actions"]],
  ]) {
    const page = await signInWith(browser, user, PHONE);
    for (const path of paths) {
      await page.goto(`${base}${path}`);
      assert.ok(!page.url().includes("/sign-in"), `${user} reaches ${path}`);
      await expectAccessible(page, `${path} on a phone`);
      await expectNoSidewaysScroll(page, path);
    }
  }
});
