// An install set up from nothing, in a real browser (Debian's Chromium): the command line makes
// only the hosting force and its administrator; the administrator's pages make the areas (one
// with the Wales rules), the council, the users, a sharing agreement, a children's home and a
// child's placement there. Then each agency's users see exactly what the agreement allows: the council's practitioner
// (a role it names) finds the police's child and her missing episode without the police's
// grading; the council's supervisor (a role it does not name) finds nothing. axe-core checks
// every page on the way.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { expectAccessible, launch } from "../browser.js";
import { emptyInstall, oneTimePassword } from "../haven.js";

let browser;
let install;
let server;

before(async () => {
  browser = await launch();
  install = await emptyInstall();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await install?.remove();
});

async function submit(page) {
  await Promise.all([page.waitForLoadState("load"), page.click("main form button[type=submit] >> nth=0")]);
}

/** Signs in with a one-time password and sets a password of their own, as a new user must. */
async function firstSignIn(username, once) {
  const page = await (await browser.newContext({ locale: "en-GB" })).newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", once);
  await Promise.all([page.waitForLoadState("load"), page.click("form button[type=submit]")]);
  assert.match(page.url(), /\/account\/password/, `${username} is asked for a password of their own`);
  await page.fill("input[name=current_password]", once);
  await page.fill("input[name=new_password]", `Harbour kettle ${username.length} violet otter`);
  await page.fill("input[name=confirm_password]", `Harbour kettle ${username.length} violet otter`);
  await submit(page);
  assert.ok(!page.url().includes("/account/password"), `${username} changed their password`);
  return page;
}

/** Fills a form's fields by name: text, radios (by value) and checkboxes (a list of values). */
async function fill(page, fields) {
  for (const [name, value] of Object.entries(fields)) {
    if (Array.isArray(value)) {
      for (const v of value) await page.check(`input[name=${name}][value='${v}']`);
    } else {
      const input = page.locator(`[name=${name}]`).first();
      const type = await input.getAttribute("type");
      if (type === "radio") await page.check(`input[name=${name}][value='${value}']`);
      else if ((await input.evaluate((e) => e.tagName)) === "SELECT") await input.selectOption(value);
      else await input.fill(value);
    }
  }
}

async function addUser(root, username, agency, role) {
  await root.goto(`${server.url}/admin/users/new`);
  await fill(root, { username, agency, role });
  await submit(root);
  return (await root.textContent("[data-testid=secret]")).trim();
}

test("an install set up from nothing shares what its agreement allows", async () => {
  await install.cli("admin", "create-agency", "--code", "GWENT-POL", "--name", "Gwent Police", "--kind", "police");
  const once = oneTimePassword(
    await install.cli("admin", "create-user", "--username", "root.admin", "--agency", "GWENT-POL", "--role", "system_admin"),
  );
  server = await install.serve();
  const root = await firstSignIn("root.admin", once);
  await expectAccessible(root, "the install administrator's home");

  // Areas.
  await root.click("main a[href='/admin/areas']");
  await root.waitForLoadState("load");
  await expectAccessible(root, "the areas list");
  for (const [code, name, kind] of [
    ["NEWPORT", "Newport", "local_authority"],
    ["GWENT-EAST", "Gwent East BCU", "bcu"],
  ]) {
    await root.goto(`${server.url}/admin/areas/new`);
    await fill(root, { code, name, kind });
    await submit(root);
    assert.match(await root.textContent("[data-testid=notice]"), new RegExp(`${code} added`));
  }
  await expectAccessible(root, "the areas list with two areas");

  // Newport's missing-episode rules: the Wales preset (the interview is a debrief).
  await Promise.all([root.waitForLoadState("load"), root.click("main a[href='/admin/areas/NEWPORT/rules']")]);
  await expectAccessible(root, "an area's rules");
  await Promise.all([root.waitForLoadState("load"), root.click("main a[href$='rules?preset=wales']")]);
  await expectAccessible(root, "an area's rules from the Wales preset");
  await submit(root);
  assert.match(await root.textContent("[data-testid=versions]"), /1/);
  assert.match(await root.textContent("[data-testid=rules]"), /debrief/i);
  await expectAccessible(root, "an area's rules in force");

  // The second agency: a form sent empty names its fields first.
  await root.goto(`${server.url}/admin/agencies/new`);
  await expectAccessible(root, "the new agency form");
  await submit(root);
  for (const field of ["code", "name", "kind"]) {
    assert.ok(await root.locator(`.govuk-error-summary a[href='#${field}']`).count(), `an error for ${field}`);
  }
  await expectAccessible(root, "the new agency form with its errors");
  await fill(root, { code: "NEWPORT-CS", name: "Newport Children's Services", kind: "local_authority", area: "NEWPORT" });
  await submit(root);
  assert.match(await root.textContent("[data-testid=agencies]"), /Newport Children's Services/);

  // Users of each agency.
  const officer = await addUser(root, "gwent.officer", "GWENT-POL", "practitioner");
  const worker = await addUser(root, "newport.worker", "NEWPORT-CS", "practitioner");
  const lead = await addUser(root, "newport.lead", "NEWPORT-CS", "supervisor");

  // The agreement: identity and episode summaries, shared with the council's practitioners only.
  await root.goto(`${server.url}/admin/agreements/new`);
  await expectAccessible(root, "the new agreement form");
  await fill(root, {
    name: "Gwent missing children ISP",
    purpose: "Safeguarding children who go missing",
    members: ["GWENT-POL", "NEWPORT-CS"],
    classes: ["identity", "episode_summary"],
    to: ["local_authority"],
    scope: "cohort",
    roles: ["practitioner"],
    starts_on: "2026-01-01",
    review_on: "2027-01-01",
  });
  await submit(root);
  assert.match(root.url(), /\/admin\/agreements$/);
  assert.match(await root.textContent("[data-testid=agreements]"), /Gwent missing children ISP/);

  // A children's home.
  await root.goto(`${server.url}/admin/locations/new`);
  await expectAccessible(root, "the new location form");
  await fill(root, {
    kind: "childrens_home",
    name: "Ty Derw",
    address: "4 Heol Derw, Newport",
    postcode: "NP20 1AA",
    area: "NEWPORT",
  });
  await submit(root);
  assert.match(await root.textContent("[data-testid=notice]"), /Location added/);
  await expectAccessible(root, "the locations list");

  // The police record a child.
  const police = await firstSignIn("gwent.officer", officer);
  await police.goto(`${server.url}/people/new`);
  await fill(police, {
    given_name: "Seren",
    family_name: "Pryce-Ellis",
    date_of_birth: "2011-03-12",
    sex: "female",
    care_status: "looked_after",
  });
  await submit(police);
  const child = new URL(police.url()).pathname;
  assert.match(child, /^\/people\/[0-9a-f-]{36}$/);
  const childId = child.split("/")[2];

  // The administrator places her at the home, from the home's row.
  await root.goto(`${server.url}/admin/locations?q=Ty+Derw`);
  await Promise.all([root.waitForLoadState("load"), root.click("main a[href^='/admin/placements/new?location=']")]);
  await expectAccessible(root, "the new placement form");
  await fill(root, { person_id: childId, started_on: "2026-02-01", placing_authority: "NEWPORT-CS" });
  await submit(root);
  assert.match(await root.textContent("main h1"), /Placement added/);
  await expectAccessible(root, "the placement added");

  // Reported missing with no place given: she went missing from the home, and the flag says so.
  await police.goto(`${server.url}${child}/missing`);
  await Promise.all([police.waitForLoadState("load"), police.click("[data-testid=report-missing]")]);
  const now = new Date();
  const uk = (d) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", dateStyle: "short", timeStyle: "short" }).format(d).replace(",", "");
  await fill(police, {
    reported_at: uk(new Date(now - 20 * 60 * 1000)),
    last_seen_at: uk(new Date(now - 2 * 3600 * 1000)),
    last_seen_where: "Newport bus station",
    reporter: "childrens_home_staff",
    circumstances: "Did not return to the home after school.",
    risk_grade: "high",
    risk_rationale: "Intelligence links her to a county line from Birmingham",
  });
  // A high grade needs the whole risk questionnaire: what is not known is answered so.
  for (const radio of await police.locator("input[type=radio][value=not_known]").all()) await radio.check();
  await submit(police);
  assert.match(police.url(), /\/missing\/[0-9a-f-]{36}$/);
  const episode = new URL(police.url()).pathname;
  assert.match(await police.textContent("main"), /county line/, "the police read their own grading");
  await police.goto(`${server.url}${child}/missing`);
  assert.match(await police.textContent("main"), /Missing from a children's home/);

  // The council's practitioner: her identity and that she is missing, not the police's grading.
  const council = await firstSignIn("newport.worker", worker);
  await council.goto(`${server.url}/people?name=Pryce-Ellis`);
  await expectAccessible(council, "the council's search");
  assert.equal(await council.locator(`main a[href='${child}']`).count(), 1, "the council finds her");
  await council.goto(`${server.url}${child}`);
  assert.match(await council.textContent("main"), /Seren/);
  const seen = await council.goto(`${server.url}${episode}`);
  assert.equal(seen.status(), 200);
  const main = await council.textContent("main");
  assert.doesNotMatch(main, /county line/, "no police intelligence");
  assert.doesNotMatch(main, /Did not return to the home/, "no circumstances");
  await expectAccessible(council, "the episode as the council sees it");

  // The council's supervisor: a role the agreement does not name sees nothing of her.
  const supervisor = await firstSignIn("newport.lead", lead);
  await supervisor.goto(`${server.url}/people?name=Pryce-Ellis`);
  assert.equal(await supervisor.locator(`main a[href='${child}']`).count(), 0, "the supervisor does not find her");
  assert.equal((await supervisor.goto(`${server.url}${child}`)).status(), 404);
  assert.equal((await supervisor.goto(`${server.url}${episode}`)).status(), 404);
});
