/**
 * Untrusted input never reaches a workflow command unescaped: the re-run workflow's script check
 * quotes the input in `::error`, so a newline in it must not start a command of its own.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { parse } from "yaml";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

function stepScript(workflow: string, stepName: string): string {
  const doc = parse(readFileSync(path.join(REPO, ".github/workflows", workflow), "utf8")) as {
    jobs: Record<string, { steps: { name?: string; run?: string }[] }>;
  };
  for (const job of Object.values(doc.jobs)) {
    const step = job.steps.find((s) => s.name === stepName);
    if (step?.run) return step.run;
  }
  throw new Error(`${workflow}: no step '${stepName}' with a run script`);
}

describe("workflow commands", () => {
  it("rerun-pipeline escapes the script path it quotes in ::error", () => {
    const script = stepScript("rerun-pipeline.yml", "Find the script's object key");
    const dir = mkdtempSync(path.join(tmpdir(), "edp-wf-"));
    try {
      const output = path.join(dir, "out");
      writeFileSync(output, "");
      const hostile = "apps/x/scripts/a.py\n::notice title=pwned::injected\r\n::add-mask::%x";
      const r = spawnSync("bash", ["-c", script], {
        cwd: REPO,
        encoding: "utf8",
        env: { PATH: process.env.PATH, SCRIPT: hostile, GITHUB_OUTPUT: output, GITHUB_SHA: "0123456789" },
      });
      assert.equal(r.status, 1, r.stderr);
      const commands = r.stdout.split("\n").filter((l) => l.startsWith("::"));
      assert.equal(commands.length, 1, r.stdout);
      assert.match(commands[0]!, /^::error title=rerun-pipeline::script must be a \.py file/);
      assert.ok(
        commands[0]!.includes("%0A::notice title=pwned::injected%0D%0A::add-mask::%25x"),
        commands[0],
      );
      assert.equal(readFileSync(output, "utf8"), "");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
