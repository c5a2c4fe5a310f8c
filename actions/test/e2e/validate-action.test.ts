/**
 * End to end: the committed bundle of the validate-manifests action (dist/index.js) runs as the runner would start it (INPUT_*
 * variables, GITHUB_* files, an event payload) on a temporary copy of this repository, against a
 * local stand-in for the GitHub API.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { startFakeGitHub, type FakeGitHub } from "../helpers/github-api.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const TOKEN = "ghs_e2eSecretTokenValue123";
const OWNER = "acme";
const REPO = "edp-gitops";
const PR = 42;

interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
  annotations: { level: string; properties: Record<string, string>; message: string }[];
}

/** Workflow commands (`::error file=…,line=…::message`) as @actions/core writes them. */
function parseAnnotations(stdout: string): ActionRun["annotations"] {
  const unescape = (s: string) =>
    s
      .replace(/%0D/g, "\r")
      .replace(/%0A/g, "\n")
      .replace(/%3A/g, ":")
      .replace(/%2C/g, ",")
      .replace(/%25/g, "%");
  return [...stdout.matchAll(/^::(error|warning)(?: ([^:]*))?::(.*)$/gm)].map((m) => ({
    level: m[1]!,
    properties: Object.fromEntries(
      (m[2] ?? "")
        .split(",")
        .filter(Boolean)
        .map((kv) => {
          const i = kv.indexOf("=");
          return [kv.slice(0, i), unescape(kv.slice(i + 1))];
        }),
    ),
    message: unescape(m[3]!),
  }));
}

/** $GITHUB_OUTPUT uses heredoc blocks: name<<delimiter / value / delimiter. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]!] = m[3]!;
  return outputs;
}

describe("validate-manifests action", () => {
  let tmp: string;
  let bundle: string;
  let github: FakeGitHub;

  before(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), "edp-action-"));
    // The committed bundle, as the runner starts it (`npm test` checks it is current first).
    bundle = path.join(repoRoot, "actions/validate-manifests/dist/index.js");
    github = await startFakeGitHub({ maxPerPage: 2 });
  });
  after(async () => {
    await github?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** A copy of the repository's GitOps tree; `mutate` may break it. */
  function workspace(name: string, mutate?: (dir: string) => void): string {
    const dir = path.join(tmp, name);
    for (const entry of ["apps", "clusters", "schemas", "package.json", ".edp.yaml"]) {
      if (existsSync(path.join(repoRoot, entry)))
        cpSync(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true });
    }
    mutate?.(dir);
    // edp reads what Git tracks (pipeline.yaml sources), as on a runner after actions/checkout.
    for (const args of [
      ["init", "-q"],
      ["add", "-A"],
    ]) {
      const git = spawnSync("git", args, { cwd: dir, encoding: "utf8" });
      assert.equal(git.status, 0, git.stderr);
    }
    return dir;
  }

  async function runAction(options: {
    name: string;
    workspace: string;
    inputs?: Record<string, string>;
    eventName?: string;
  }): Promise<ActionRun> {
    const runDir = path.join(tmp, `run-${options.name}`);
    cpSync(path.join(repoRoot, "package.json"), path.join(runDir, "marker.json")); // creates runDir
    const files = {
      summary: path.join(runDir, "summary.md"),
      output: path.join(runDir, "output.txt"),
      event: path.join(runDir, "event.json"),
    };
    writeFileSync(files.summary, "");
    writeFileSync(files.output, "");
    writeFileSync(
      files.event,
      JSON.stringify({
        action: "synchronize",
        number: PR,
        pull_request: { number: PR, head: { sha: "0123456789abcdef0123456789abcdef01234567" } },
        repository: { name: REPO, owner: { login: OWNER } },
      }),
    );
    // Never inherit the real runner's files when these tests themselves run in GitHub Actions.
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(GITHUB_|INPUT_|RUNNER_|ACTIONS_)/.test(k)),
    );
    const inputs = {
      path: ".",
      comment: "true",
      "github-token": TOKEN,
      "fail-on": "error",
      ...options.inputs,
    };
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      ...Object.fromEntries(
        Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, "_").toUpperCase()}`, v]),
      ),
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_OUTPUT: files.output,
      GITHUB_EVENT_NAME: options.eventName ?? "pull_request",
      GITHUB_EVENT_PATH: files.event,
      GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: "https://github.example",
      GITHUB_RUN_ID: "1001",
      RUNNER_TEMP: runDir,
    };
    const child = spawn(process.execPath, [bundle], {
      cwd: options.workspace,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    const run: ActionRun = {
      code,
      stdout,
      stderr,
      summary: readFileSync(files.summary, "utf8"),
      outputs: parseOutputs(readFileSync(files.output, "utf8")),
      annotations: parseAnnotations(stdout),
    };
    for (const text of [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)]) {
      assert.ok(!text.includes(TOKEN), "the token must never be written anywhere");
    }
    return run;
  }

  it("on a valid repository: summary with tables and diagrams, outputs, one sticky comment updated in place", async () => {
    const dir = workspace("valid");
    const first = await runAction({ name: "valid-1", workspace: dir });
    assert.equal(first.code, 0, `${first.stdout}\n${first.stderr}`);
    assert.equal(first.annotations.filter((a) => a.level === "error").length, 0);
    assert.match(first.summary, /^## ✅ edp validate passed/m);
    assert.match(first.summary, /^\| Environment \| Errors \| Warnings \|$/m);
    for (const env of ["dev", "staging", "prod"])
      assert.match(first.summary, new RegExp(`^### ${env}: `, "m"));
    assert.match(first.summary, /```mermaid\nflowchart LR\n[\s\S]*?-->[\s\S]*?\n```/);

    assert.equal(first.outputs.ok, "true");
    assert.equal(first.outputs.errors, "0");
    assert.match(first.outputs.warnings ?? "", /^\d+$/);
    const report = JSON.parse(readFileSync(first.outputs["report-file"]!, "utf8")) as {
      ok: boolean;
      environments: string[];
    };
    assert.equal(report.ok, true);
    assert.deepEqual([...report.environments].sort(), ["dev", "prod", "staging"]);

    const created = github.comments(OWNER, REPO, PR);
    assert.equal(created.length, 1);
    assert.match(created[0]!.body, /^<!-- edp-validate -->\n### ✅ edp validate passed/);
    assert.match(created[0]!.body, /https:\/\/github\.example\/acme\/edp-gitops\/actions\/runs\/1001/);

    const second = await runAction({ name: "valid-2", workspace: dir });
    assert.equal(second.code, 0);
    const after = github.comments(OWNER, REPO, PR);
    assert.equal(after.length, 1, "updated, not duplicated");
    assert.equal(after[0]!.id, created[0]!.id);
    assert.notEqual(after[0]!.updated_at, created[0]!.created_at);
    const writes = github.requests.filter((r) => r.method !== "GET").map((r) => r.method);
    assert.deepEqual(writes, ["POST", "PATCH"]);
    assert.ok(github.requests.every((r) => r.authorization === `token ${TOKEN}`));
  });

  it("on a broken repository: annotations with file and line, a failed step, and a summary note when commenting is forbidden", async () => {
    // Without the replacement that copies spec.name into the target ARN, dev's rule targets a state
    // machine named like the base ("taxi-trips"), which dev does not declare.
    const dir = workspace("broken", (root) => {
      const file = path.join(root, "apps/taxi-trips/overlays/dev/pipeline/kustomization.yaml");
      const doc = parseDocument(readFileSync(file, "utf8"));
      assert.ok(doc.has("replacements"), "fixture assumption: the dev pipeline overlay uses replacements");
      doc.delete("replacements");
      writeFileSync(file, doc.toString());
    });
    github.setMode("forbid-writes");
    github.requests.length = 0;
    const commentsBefore = github.comments(OWNER, REPO, PR).map((c) => c.body);
    const run = await runAction({
      name: "broken",
      workspace: dir,
      inputs: { "sarif-file": "out/edp.sarif" },
    });
    github.setMode("normal");

    assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /^::error::edp validate: \d+ errors?.*\(fail-on: error\)\.$/m);
    const target = run.annotations.find((a) => a.properties.title?.startsWith("wiring/rule-target-missing"));
    assert.ok(target, run.stdout);
    assert.equal(target.level, "error");
    assert.match(target.properties.title ?? "", /\(dev\)/);
    assert.match(target.properties.file ?? "", /^apps\/taxi-trips\/.+\.ya?ml$/);
    assert.match(target.properties.line ?? "", /^[1-9]\d*$/);
    assert.ok(existsSync(path.join(dir, target.properties.file!)), "annotation file is workspace-relative");

    assert.equal(run.outputs.ok, "false");
    assert.ok(Number(run.outputs.errors) >= 1);
    assert.match(run.summary, /^## ❌ edp validate: /m);
    // Each location links to the file and line at the pull request's head commit.
    assert.match(
      run.summary,
      /\| ❌ error \| `wiring\/rule-target-missing` \| \[`apps\/taxi-trips\/[^`]+:\d+(?::\d+)?`\]\(https:\/\/github\.example\/acme\/edp-gitops\/blob\/0123456789abcdef0123456789abcdef01234567\/apps\/taxi-trips\/[^)#]+#L\d+\) \|/,
    );
    assert.ok(
      run.annotations.some((a) => /^[1-9]\d*$/.test(a.properties.col ?? "")),
      `an annotation with a column: ${JSON.stringify(run.annotations.map((a) => a.properties))}`,
    );
    assert.match(run.summary, /linkStyle [\d,]+ stroke:#d73a49/, "the broken edge is drawn red");
    assert.match(
      run.summary,
      /^> No pull-request comment: GitHub answered HTTP 403 \(Resource not accessible by integration/m,
    );

    assert.deepEqual(
      github.comments(OWNER, REPO, PR).map((c) => c.body),
      commentsBefore,
    );
    assert.ok(
      github.requests.some((r) => r.method === "POST" || r.method === "PATCH"),
      "it did try",
    );

    const sarif = JSON.parse(readFileSync(path.join(dir, "out/edp.sarif"), "utf8")) as {
      runs: {
        results: { ruleId: string; locations: { physicalLocation: { region?: { startLine: number } } }[] }[];
      }[];
    };
    const result = sarif.runs[0]!.results.find((r) => r.ruleId === "wiring/rule-target-missing");
    assert.ok(result?.locations[0]?.physicalLocation.region?.startLine);
  });

  it("does not comment outside pull requests, or when comment is false", async () => {
    const dir = workspace("push");
    github.requests.length = 0;
    const push = await runAction({ name: "push", workspace: dir, eventName: "push" });
    assert.equal(push.code, 0, push.stdout);
    const off = await runAction({ name: "comment-off", workspace: dir, inputs: { comment: "false" } });
    assert.equal(off.code, 0, off.stdout);
    assert.deepEqual(github.requests, []);
    assert.match(push.summary, /^## ✅ edp validate passed/m);
  });

  it("fails with a clear message on a bad input", async () => {
    const run = await runAction({
      name: "bad-input",
      workspace: workspace("bad-input"),
      inputs: { "fail-on": "sometimes" },
    });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^::error::input fail-on must be "error" or "warning", got "sometimes"\.$/m);
  });
});
