/**
 * The EMR on EKS job role trust (terraform/emr.tf) names the job pods' service accounts, which
 * end in the role name in base36 as the AWS CLI computes it
 * (awscli/customizations/emrcontainers/base36.py). Terraform has no base36 function, so
 * terraform/modules/base36 builds one out of parseint/floor on 512-bit numbers. These tests run
 * that module with `terraform console` (offline: it has no providers) and compare it with the
 * CLI's algorithm, for the real role names and for awkward ones, and check the trust policy
 * uses it the way EMR documents.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@cdktf/hcl2json";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const MODULE = path.join(REPO, "terraform", "modules", "base36");
const TF_ENV = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", TF_IN_AUTOMATION: "1" };

/** The AWS CLI's Base36.encode, with exact integers. */
function cliBase36(value: string): string {
  let n = 0n;
  for (const ch of value) n = n * 256n + BigInt(ch.charCodeAt(0));
  return n === 0n ? "0" : n.toString(36);
}

const scratch: string[] = [];
after(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

/** Evaluates local.encoded of a copy of the module for `value`; stderr when Terraform refuses. */
function terraformBase36(value: string): { encoded?: string; error?: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-base36-"));
  scratch.push(dir);
  fs.copyFileSync(path.join(MODULE, "main.tf"), path.join(dir, "main.tf"));
  const r = spawnSync("terraform", ["console", `-var=value=${value}`], {
    cwd: dir,
    input: "local.encoded\n",
    encoding: "utf8",
    env: TF_ENV,
  });
  if (r.error) throw new Error(`terraform could not run: ${r.error.message} (install terraform >= 1.11)`);
  if (r.status !== 0) return { error: r.stderr };
  return { encoded: JSON.parse(r.stdout.trim()) as string };
}

async function namingTemplates(): Promise<Record<string, string>> {
  const parsed = (await parse(
    "naming.tf",
    fs.readFileSync(path.join(REPO, "terraform", "naming.tf"), "utf8"),
  )) as {
    locals?: Record<string, unknown>[];
  };
  const block = parsed.locals?.find((l) => "name_templates" in l);
  assert.ok(block, "terraform/naming.tf has no local.name_templates");
  return block.name_templates as Record<string, string>;
}

describe("terraform/modules/base36 matches the AWS CLI's encoding", () => {
  test("for every environment's job role name", async () => {
    const template: string | undefined = (await namingTemplates()).job_role;
    assert.ok(template, "terraform/naming.tf: name_templates.job_role is missing");
    for (const env of ["dev", "staging", "prod"]) {
      const role: string = template
        .replaceAll("${var.environment}", env)
        .replaceAll("{pipeline}", "taxi-trips");
      assert.equal(terraformBase36(role).encoded, cliBase36(role), `base36(${role})`);
    }
  });

  test("for short, long and punctuated names", () => {
    for (const value of [
      "a",
      "0",
      "Z",
      "role+=,.@_-name",
      'q"b\\c${x}%{y}',
      "x".repeat(50),
      "~".repeat(50),
      "A".repeat(49),
    ]) {
      assert.equal(terraformBase36(value).encoded, cliBase36(value), `base36(${value})`);
    }
  });

  test("refuses names it cannot encode exactly, and says why", () => {
    const tooLong = terraformBase36("r".repeat(51));
    assert.equal(tooLong.encoded, undefined);
    assert.match(tooLong.error ?? "", /1 to 50 printable ASCII characters/);
    const notAscii = terraformBase36("rôle");
    assert.match(notAscii.error ?? "", /printable ASCII/);
  });

  test("a wrong encoding would be caught (the comparison is not vacuous)", () => {
    assert.notEqual(cliBase36("edp-dev-taxi-trips-job"), cliBase36("edp-dev-taxi-trips-jog"));
    assert.equal(cliBase36("a"), "2p"); // 97 = 2*36 + 25
  });
});

describe("terraform/emr.tf job role trust", () => {
  test("names EMR's job service accounts of the pipeline namespace, for this role only", async () => {
    const emr = (await parse("emr.tf", fs.readFileSync(path.join(REPO, "terraform", "emr.tf"), "utf8"))) as {
      data: { aws_iam_policy_document: { job_trust: { statement: Record<string, unknown>[] }[] } };
      module: { job_role_base36: { value: string; source: string }[] };
    };
    const mod = emr.module.job_role_base36[0];
    assert.equal(
      mod?.source,
      "./modules/base36",
      "terraform/emr.tf: job_role_base36 must use ./modules/base36",
    );
    assert.equal(mod?.value, "${each.value.job_role}", "terraform/emr.tf: encode the job role's own name");

    const statement = emr.data.aws_iam_policy_document.job_trust[0]?.statement[0] ?? {};
    assert.deepEqual(statement.actions, ["sts:AssumeRoleWithWebIdentity"]);
    const conditions = (statement.condition ?? []) as { test: string; variable: string; values: string[] }[];
    const sub = conditions.find((c) => c.variable.endsWith(":sub"));
    const aud = conditions.find((c) => c.variable.endsWith(":aud"));
    assert.equal(aud?.test, "StringEquals", "terraform/emr.tf: the trust must pin aud with StringEquals");
    assert.deepEqual(aud?.values, ["sts.amazonaws.com"]);
    assert.equal(
      sub?.test,
      "StringLike",
      "terraform/emr.tf: EMR documents the subject as a StringLike pattern",
    );
    assert.deepEqual(sub?.values, [
      "system:serviceaccount:${var.pipelines[each.key].namespace}:emr-containers-sa-*-*-${local.account_id}-${module.job_role_base36[each.key].encoded}",
    ]);
  });
});
