/**
 * Reads upstream provenance from the `SOURCES.md` that sits in the CRD folder: its "Files"
 * table gives, per local file, the upstream repository, path, commit and version. Short
 * commit ids are expanded from the full ids quoted elsewhere in the document. Anything that
 * cannot be parsed yields no entry (the provenance then records null), never an error.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export interface Upstream {
  /** Browsable URL of the upstream file at the pinned commit. */
  origin: string;
  /** Version as SOURCES.md states it, e.g. "HEAD == v1.10.0". */
  version: string | null;
}

const REQUIRED_COLUMNS = ["file", "upstream repo", "upstream path", "commit"] as const;

export function readSourcesMd(fromDir: string): Map<string, Upstream> {
  const file = path.join(fromDir, "SOURCES.md");
  return existsSync(file) ? parseSourcesMd(readFileSync(file, "utf8")) : new Map();
}

/**
 * Keys are the table's paths as written and, in case they start with the CRD folder's own name
 * (SOURCES.md says `crds/s3…/x.yaml` for the file the generator reads as `s3…/x.yaml`), also
 * without their first segment. A path as written wins over a shortened one.
 */
export function parseSourcesMd(text: string): Map<string, Upstream> {
  const fullCommits = [...new Set(text.match(/\b[0-9a-f]{40}\b/g) ?? [])];
  const result = new Map<string, Upstream>();
  const shortened = new Map<string, Upstream>();
  let columns: string[] | null = null;
  for (const line of text.split("\n")) {
    if (!line.startsWith("|")) {
      columns = null;
      continue;
    }
    const cells = line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim().replace(/^`|`$/g, ""));
    if (columns === null) {
      const header = cells.map((c) => c.toLowerCase());
      if (REQUIRED_COLUMNS.every((c) => header.includes(c))) columns = header;
      continue;
    }
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    const cell = (name: string): string => cells[columns!.indexOf(name)] ?? "";
    const [repo, upstreamPath, shortCommit] = [cell("upstream repo"), cell("upstream path"), cell("commit")];
    if (!repo || !upstreamPath || !/^[0-9a-f]{7,40}$/.test(shortCommit)) continue;
    const commit = fullCommits.find((c) => c.startsWith(shortCommit)) ?? shortCommit;
    const file = cell("file");
    const version = columns.includes("version / tag") ? cell("version / tag") || null : null;
    const upstream = { origin: `https://${repo}/blob/${commit}/${upstreamPath}`, version };
    result.set(file, upstream);
    shortened.set(file.slice(file.indexOf("/") + 1), upstream);
  }
  for (const [file, upstream] of shortened) if (!result.has(file)) result.set(file, upstream);
  return result;
}
