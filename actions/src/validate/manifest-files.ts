/**
 * The manifest files under apps/ and clusters/, read once per run for the checks that scan
 * sources as text (declared kinds, literal account IDs). Files over the manifest size limit
 * are left out: parsing reports them.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { MAX_SOURCE_BYTES } from "../render/yaml-source.ts";

export interface ManifestFile {
  /** Repository-relative POSIX path. */
  file: string;
  text: string;
}

const MANIFEST = /\.(ya?ml|json)$/;

export function readManifestFiles(repoRoot: string): ManifestFile[] {
  const out: ManifestFile[] = [];
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(path.join(repoRoot, dir));
    } catch {
      return;
    }
    for (const entry of entries.sort()) {
      if (entry.startsWith(".") || entry === "node_modules") continue;
      const file = `${dir}/${entry}`;
      const full = path.join(repoRoot, file);
      const info = statSync(full);
      if (info.isDirectory()) walk(file);
      else if (MANIFEST.test(entry) && info.size < MAX_SOURCE_BYTES)
        out.push({ file, text: readFileSync(full, "utf8") });
    }
  };
  walk("apps");
  walk("clusters");
  return out;
}
