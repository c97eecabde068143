// A haven of a test's own, beside the demo one that `e2e/run` starts: an empty embedded store
// in a fresh directory, set up with the `haven` command line and served on a free loopback port.
// Tests that install from nothing, or that need settings the demo server lacks (an identity
// provider, say), start one here.
import assert from "node:assert/strict";
import { spawn, execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const bin = process.env.HAVEN_BIN;

/** An empty data directory and the `haven` command line against it. */
export async function emptyInstall() {
  assert.ok(bin, "HAVEN_BIN names the haven binary (e2e/run sets it)");
  const dir = await mkdtemp(join(tmpdir(), "haven-e2e-"));
  const data = join(dir, "data");
  return {
    data,
    /** Runs `haven --data DATA …args` and returns what it printed. */
    async cli(...args) {
      const { stdout } = await run(bin, ["--data", data, ...args], { env: process.env });
      return stdout;
    },
    /** Serves this install; `serveArgs` follow `serve` (a free loopback port unless they hold
     * `--bind`), `env` adds to the environment. */
    async serve(serveArgs = [], env = {}) {
      const bind = serveArgs.includes("--bind") ? [] : ["--bind", "127.0.0.1:0"];
      const child = spawn(bin, ["--data", data, "serve", ...bind, ...serveArgs], {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let err = "";
      child.stderr.on("data", (d) => (err += d));
      const url = await new Promise((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`haven did not start in 2 minutes:\n${err}`)), 120_000);
        child.stdout.on("data", (d) => {
          out += d;
          const m = out.match(/^haven is listening on (http:\/\/[0-9.:]+)\/$/m);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.on("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`haven exited (${code}) before listening:\n${err}`));
        });
      });
      return {
        url,
        async stop() {
          child.kill();
          await new Promise((r) => (child.exitCode !== null ? r() : child.on("exit", r)));
        },
      };
    },
    async remove() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A loopback port free at the moment of asking (for a server whose address another must know
 * before it starts, such as haven's redirect URI at an identity provider). */
export async function freePort() {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The one-time password that `haven admin create-user` prints. */
export function oneTimePassword(cliOutput) {
  const m = cliOutput.match(/One-time password \(shown once\): (\S+)/);
  assert.ok(m, `no one-time password in: ${cliOutput}`);
  return m[1];
}
