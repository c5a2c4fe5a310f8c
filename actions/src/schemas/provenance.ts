/** The shape of `schemas/PROVENANCE.json`: where every generated schema came from. */

export const PROVENANCE_FILE = "PROVENANCE.json";

export interface ProvenanceEntry {
  apiVersion: string | null;
  kind: string | null;
  /** Input file, relative to the `--from` folder. */
  source: string;
  sourceSha256: string;
  /** Core schema whose ObjectMeta replaced the CRD's open `metadata`, if any. */
  metadataSource?: string;
  /** Upstream file at its pinned commit, as SOURCES.md (or the release pin list) states it. */
  origin: string | null;
  version: string | null;
  /** Of the output file. */
  sha256: string;
}

export interface Provenance {
  generator: { name: string; version: string };
  files: Record<string, ProvenanceEntry>;
}
