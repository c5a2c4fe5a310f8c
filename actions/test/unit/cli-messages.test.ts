/** What the CLI says on bad input: one line, naming the command, and usage text in one column. */
import assert from "node:assert/strict";
import path from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { main } from "../../src/cli.ts";
import type { CliIO } from "../../src/commands/types.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on("data", (c: Buffer) => chunks.out.push(c));
  err.on("data", (c: Buffer) => chunks.err.push(c));
  const io: CliIO = { stdout: out, stderr: err, readStdin: async () => "", cwd: REPO, env: {} };
  const code = await main(argv, io);
  return { code, stdout: Buffer.concat(chunks.out).toString(), stderr: Buffer.concat(chunks.err).toString() };
}

describe("CLI messages", () => {
  it("an unknown environment names the command that was asked", async () => {
    const r = await cli("validate", "--repo", REPO, "--env", "nope");
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "edp validate: unknown environment(s) nope; known: dev, prod, staging\n");
  });

  it("an unknown report format names the command", async () => {
    const r = await cli("validate", "--repo", REPO, "--format", "nope");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^edp validate: unknown report format 'nope'\. Formats: text, json, sarif\.\n$/);
  });

  it("a value that starts with a dash gets one line and one period", async () => {
    const r = await cli("sync", "--env", "dev", "--max-delete", "-1");
    assert.equal(r.code, 2);
    assert.equal(r.stderr.split("\n").length, 2, r.stderr);
    assert.match(r.stderr, /'--max-delete=-XYZ'\. Run 'edp sync --help' for usage\.\n$/);
    assert.doesNotMatch(r.stderr, /\.\./);
  });

  it("every option's help starts in one column", async () => {
    for (const command of ["sync", "validate", "test-pattern", "schemas"]) {
      const r = await cli(command, "--help");
      assert.equal(r.code, 0);
      const rows = r.stdout.split("\n").filter((l) => /^ {2}-/.test(l));
      assert.ok(rows.length > 1, command);
      const columns = new Set(rows.map((l) => /^ {2}\S.*?\S {2,}(?=\S)/.exec(l)?.[0].length));
      assert.equal(columns.size, 1, `${command}:\n${rows.join("\n")}`);
    }
  });
});
