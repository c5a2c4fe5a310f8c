/** Reports the render problems of one type (the renderer returns them typed; rules word nothing new). */
import type { RenderProblem } from "../../render/problems.ts";
import type { RepositoryContext } from "../context.ts";
import type { Report } from "../rule.ts";

export function reportRenderProblems(
  ctx: RepositoryContext,
  type: RenderProblem["type"],
  report: Report,
): void {
  for (const p of ctx.renderProblems) {
    if (p.type === type) report(p.at, p.message, p.resource, { environment: p.environment });
  }
}
