/** Plans that must not be applied, refused before anything is written. */
import { UsageError } from "../../errors.ts";
import type { StageResult } from "../outcome.ts";
import type { SyncPlan } from "../plan/plan-sync.ts";

/** --force-keys naming a key no tracked file maps to is a usage error (a typo would re-run nothing). */
export function rejectUnknownForcedKeys(plan: SyncPlan, forceKeys: ReadonlySet<string>): void {
  const unknown = [...forceKeys].filter((k) => !plan.pipelines.some((p) => p.localKeys.has(k)));
  if (unknown.length > 0) {
    throw new UsageError(`--force-keys: no tracked file maps to ${unknown.map((k) => `'${k}'`).join(", ")}`);
  }
}

/** Refused files (unsafe keys, symlinks out of the repository), or more deletes than allowed. */
export function refuseUnsafePlan(plan: SyncPlan, maxDelete: number): StageResult {
  const errors = plan.pipelines.flatMap((p) => p.refused).map((r) => `${r.file}: ${r.reason}`);
  const deletes = plan.entries.filter((e) => e.action === "delete");
  if (deletes.length > maxDelete) {
    errors.push(
      `the plan deletes ${deletes.length} objects, more than --max-delete ${maxDelete}; nothing was changed. ` +
        "Check the plan, then raise --max-delete or delete by hand.",
    );
  }
  return { errors };
}
