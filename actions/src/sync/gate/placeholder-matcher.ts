/**
 * "Does the live value equal what this commit declares?" The render fills variables that only
 * exist outside Git (Terraform outputs, ACK field exports: account, region, role ARNs, the
 * virtual cluster ID) with the example values from clusters/variables.yaml. So a declared text
 * becomes a pattern: Git's text must match exactly, and each such example (or an unresolved
 * `${NAME}`) matches any value of that variable's declared shape, the same value each time.
 */
import { loadVariables } from "../../render/variables.ts";

export interface Placeholder {
  name: string;
  /** Texts that stand for the variable in rendered output. */
  tokens: string[];
  /** Regular expression source for a real value. */
  shape: string;
}

/** Placeholders for every variable whose value Git does not hold. */
export async function loadPlaceholders(repoRoot: string): Promise<Placeholder[]> {
  const decl = await loadVariables(repoRoot);
  return [...decl.variables.values()]
    .filter((v) => v.provider !== "git")
    .map((v) => ({
      name: v.name,
      tokens: [v.example, `\${${v.name}}`].filter((t) => t.length > 0),
      shape: v.pattern ? v.pattern.source.replace(/^\^/, "").replace(/\$$/, "") : '[^"]*',
    }));
}

/** A matcher for live text against declared text with placeholders. */
export function declaredMatcher(
  declared: string,
  placeholders: readonly Placeholder[],
): (live: string) => boolean {
  const tokens = placeholders
    .flatMap((p, index) => p.tokens.map((token) => ({ token, index })))
    .sort((a, b) => b.token.length - a.token.length);
  let source = "";
  const seen = new Set<number>();
  for (let i = 0; i < declared.length;) {
    const hit = tokens.find((t) => declared.startsWith(t.token, i));
    if (hit) {
      const group = `v${hit.index}`;
      source += seen.has(hit.index) ? `\\k<${group}>` : `(?<${group}>${placeholders[hit.index]!.shape})`;
      seen.add(hit.index);
      i += hit.token.length;
    } else {
      source += escapeRegExp(declared[i]!);
      i++;
    }
  }
  let regex: RegExp;
  try {
    regex = new RegExp(`^${source}$`, "s");
  } catch {
    return (live) => live === declared;
  }
  return (live) => live === declared || regex.test(live);
}

/** JSON text in one canonical form (keys sorted, no spaces), or the trimmed text if not JSON. */
export function canonicalJson(text: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text.trim();
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
