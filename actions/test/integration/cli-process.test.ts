// The CLI as a process (bin/edp.js, the committed bundle): behaviour that only exists at the
// process boundary.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";
import { REPO_ROOT } from "../helpers/repo-copy.ts";

const BIN = path.join(REPO_ROOT, "actions/bin/edp.js");

describe("edp as a process", () => {
  it("a reader that closes the pipe early (`edp validate | head -0`) gets no stack trace, and the exit code stays the command's", async () => {
    const child = spawn(process.execPath, [BIN, "validate", "--format", "json"], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy(); // the reader is gone before edp writes its report
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.doesNotMatch(stderr, /EPIPE|Error:|at /, stderr);
    assert.equal(code, 0, "the repository validates; the closed pipe does not change that");
  });
});
