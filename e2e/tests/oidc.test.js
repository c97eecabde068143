// Sign-in through the organisation's identity provider, end to end against a real OpenID
// provider (node-oidc-provider, with its own login and consent pages) started here on a free
// loopback port, and a haven of the test's own on an empty store: the install's administrator
// makes an agency and a user at the command line and links the user to their identity at the
// provider. The browser clicks "Sign in with …", signs in at the provider, and lands on haven's
// home page signed in as that user. An identity linked to nobody is refused with a page that
// says so. axe-core checks haven's pages on the way.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import Provider from "oidc-provider";
import { expectAccessible, launch } from "../browser.js";
import { emptyInstall, freePort } from "../haven.js";

const CLIENT_ID = "haven-e2e";
const CLIENT_SECRET = "a-client-secret-for-the-e2e-test-only-0123456789";
const LINKED = "e2e-officer-248289761001";
const PROVIDER_NAME = "Morlais Police account";

let browser;
let install;
let haven;
let idp;
let issuer;

before(async () => {
  // The provider's address must be known before it is made, and haven's before the provider's
  // client is registered: a server first, its handler once the provider exists.
  let handler = (_req, res) => res.writeHead(503).end();
  idp = createServer((req, res) => handler(req, res));
  await new Promise((resolve) => idp.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${idp.address().port}`;
  const havenPort = await freePort();
  const havenUrl = `http://127.0.0.1:${havenPort}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${havenUrl}/sign-in/oidc/callback`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    // The account id is what was typed at the provider's login page: it becomes `sub`.
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    pkce: { required: () => true },
    cookies: { keys: ["e2e-cookie-key-not-a-secret"] },
  });
  handler = provider.callback();

  install = await emptyInstall();
  await install.cli("admin", "create-agency", "--code", "MOR-POL", "--name", "Morlais Police", "--kind", "police");
  await install.cli("admin", "create-user", "--username", "e2e.officer", "--agency", "MOR-POL", "--role",
    "practitioner", "--display-name", "E2E Officer");
  const linked = await install.cli("admin", "change-user", "--username", "e2e.officer", "--identity", LINKED);
  assert.match(linked, new RegExp(`signs in at the identity provider as ${LINKED}`));

  haven = await install.serve(
    ["--bind", `127.0.0.1:${havenPort}`, "--oidc-issuer", issuer, "--oidc-client-id", CLIENT_ID,
      "--public-url", havenUrl, "--oidc-name", PROVIDER_NAME],
    { HAVEN_OIDC_CLIENT_SECRET: CLIENT_SECRET },
  );
  assert.equal(haven.url, havenUrl);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await haven?.stop();
  await install?.remove();
  await new Promise((resolve) => (idp ? idp.close(resolve) : resolve()));
});

/** A fresh browser (no session at haven or at the provider), offline but for the loopback. */
async function freshPage() {
  const context = await browser.newContext({ locale: "en-GB" });
  // The provider's development pages ask for a web font: there is no network here.
  await context.route((url) => !url.hostname.startsWith("127.0.0.1"), (route) => route.abort());
  return context.newPage();
}

/** From haven's sign-in page through the provider's login and consent, as `login`. */
async function signInAtProvider(page, login) {
  await page.goto(`${haven.url}/sign-in`);
  const button = page.locator("[data-testid=oidc-sign-in]");
  assert.equal((await button.textContent()).trim(), `Sign in with ${PROVIDER_NAME}`);
  await expectAccessible(page, "the sign-in page with the provider's button");
  await Promise.all([page.waitForURL((u) => u.href.startsWith(issuer)), button.click()]);

  // The provider's own login page, then its consent page.
  await page.fill("input[name=login]", login);
  await page.fill("input[name=password]", "anything: the development provider takes any");
  await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
  await page.waitForSelector("button[type=submit]");
  assert.match(await page.textContent("body"), /Authorize|Continue/i);
  const response = page.waitForResponse((r) => r.url().startsWith(`${haven.url}/sign-in/oidc/callback`));
  await Promise.all([page.waitForURL((u) => u.href.startsWith(haven.url)), page.click("button[type=submit]")]);
  return response;
}

test("a user linked to their identity signs in through the provider and lands on haven's home page", async () => {
  const page = await freshPage();
  await signInAtProvider(page, LINKED);
  await page.waitForLoadState("load");
  assert.equal(new URL(page.url()).pathname, "/");
  assert.match(await page.textContent("body"), /E2E Officer/);
  // Signed in as a session like any other: the account's one-time password is not asked for.
  assert.ok(!page.url().includes("/account/password"), page.url());
  await expectAccessible(page, "the home page after signing in through the provider");

  // The session is haven's own: signing out ends it.
  await Promise.all([page.waitForLoadState("load"), page.click("form[action='/sign-out'] button")]);
  await page.goto(`${haven.url}/`);
  assert.ok(new URL(page.url()).pathname.startsWith("/sign-in"), page.url());
});

test("an identity linked to no haven user is refused with a page that says so", async () => {
  const page = await freshPage();
  const callback = await signInAtProvider(page, "someone-unlinked-7");
  assert.equal((await callback).status(), 403);
  assert.match(
    await page.textContent("[data-testid=refusal]"),
    /Your organisation account is not linked to a haven user: ask your agency's administrator/,
  );
  assert.equal((await page.textContent("[data-testid=identity]")).trim(), "someone-unlinked-7");
  await expectAccessible(page, "the refusal of an unlinked identity");
  // Not signed in.
  await page.goto(`${haven.url}/`);
  assert.ok(new URL(page.url()).pathname.startsWith("/sign-in"), page.url());
});

test("a callback that this browser did not start signs nobody in", async () => {
  const page = await freshPage();
  const response = await page.goto(`${haven.url}/sign-in/oidc/callback?code=stolen&state=guessed`);
  assert.equal(response.status(), 400);
  assert.match(await page.textContent("[data-testid=refusal]"), /not started in this browser/);
  await expectAccessible(page, "the refusal of a callback without its flow");
});

test("the sign-in page offers the provider in Welsh too", async () => {
  const page = await freshPage();
  await page.goto(`${haven.url}/sign-in?lang=cy`);
  assert.equal((await page.textContent("[data-testid=oidc-sign-in]")).trim(), `Mewngofnodi gyda ${PROVIDER_NAME}`);
  await expectAccessible(page, "the Welsh sign-in page");
});
