/**
 * Flux post-build variable substitution, with kustomize-controller's semantics:
 * - only `${...}` is substituted; `$var` is left alone and `$${var}` yields a literal `${var}`;
 * - `${var:=default}` / `${var:-default}` use the default when unset or empty,
 *   `${var=default}` / `${var-default}` only when unset;
 * - strict mode (the default since kustomize-controller v1.9): a variable with no value and no
 *   default is an error, reported with the variable's name;
 * - values have newlines stripped; objects annotated
 *   `kustomize.toolkit.fluxcd.io/substitute: disabled` are left untouched.
 * Substitution works on each document's YAML text, as Flux does, so `replicas: ${N}` becomes
 * a number after substitution exactly as it would in the cluster.
 */

export const SUBSTITUTE_DISABLED_ANNOTATION = "kustomize.toolkit.fluxcd.io/substitute";

export interface SubstitutionResult {
  text: string;
  /** Variables referenced with no value and no default (strict-mode failures). */
  missing: string[];
  /** Every variable name referenced. */
  used: string[];
}

const EXPRESSION = /\$(\$?)\{([^{}]*)\}/g;
const NAME = /^[_A-Za-z][_A-Za-z0-9]*/;

export function substituteText(text: string, vars: ReadonlyMap<string, string>): SubstitutionResult {
  const missing = new Set<string>();
  const used = new Set<string>();
  const out = text.replace(EXPRESSION, (whole, escape: string, body: string) => {
    if (escape) return whole.slice(1); // $${var} -> ${var}
    const nameMatch = NAME.exec(body);
    if (!nameMatch) return whole;
    const name = nameMatch[0];
    used.add(name);
    const rest = body.slice(name.length);
    const value = vars.get(name);
    const resolved = applyOperator(value, rest);
    if (resolved === undefined) {
      missing.add(name);
      return whole;
    }
    return resolved.replace(/\r?\n/g, "");
  });
  return { text: out, missing: [...missing], used: [...used] };
}

/** The bash-like operators drone/envsubst supports, which Flux uses underneath. */
function applyOperator(value: string | undefined, rest: string): string | undefined {
  if (rest === "") return value;
  const op = /^(:=|:-|=|-)(.*)$/s.exec(rest);
  if (op) {
    const [, kind, fallback = ""] = op;
    if (kind === ":=" || kind === ":-") return value === undefined || value === "" ? fallback : value;
    return value === undefined ? fallback : value;
  }
  if (value === undefined) return undefined;
  const slice = /^:(-?\d+)(?::(\d+))?$/.exec(rest);
  if (slice) {
    const start = Number(slice[1]);
    const from = start < 0 ? Math.max(0, value.length + start) : start;
    return slice[2] === undefined ? value.slice(from) : value.slice(from, from + Number(slice[2]));
  }
  const replace = /^(\/\/?)([^/]*)\/(.*)$/.exec(rest);
  if (replace) {
    const [, mode, search = "", replacement = ""] = replace;
    return mode === "//" ? value.split(search).join(replacement) : value.replace(search, replacement);
  }
  const trim = /^(##?|%%?)(.*)$/.exec(rest);
  if (trim) {
    const [, mode, pattern = ""] = trim;
    if (mode?.startsWith("#")) return value.startsWith(pattern) ? value.slice(pattern.length) : value;
    return value.endsWith(pattern) ? value.slice(0, value.length - pattern.length) : value;
  }
  if (rest === "^^") return value.toUpperCase();
  if (rest === ",,") return value.toLowerCase();
  return value;
}

/** Names of `${VAR}` references in text (for "is every variable declared"). */
export function referencedVariables(text: string): string[] {
  return substituteText(text, new Map()).used;
}
