/**
 * Where a kind's schema lives, in kubeconform's layout, so the same `schemas/` folder works
 * with `kubeconform -schema-location` and with edp:
 *   CRDs:       {{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json  (bucket_v1alpha1.json)
 *   core kinds: {{.ResourceKind}}{{.KindSuffix}}.json                       (role-rbac-v1.json)
 */

/** schemas/aws-constraints/: what AWS's API refuses per ACK kind; not kubeconform schemas. */
export const CONSTRAINTS_DIR = "aws-constraints";

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function crdSchemaFile(group: string, kind: string, version: string): string {
  return `${group}/${kind.toLowerCase()}_${version}.json`;
}

/** kubeconform's KindSuffix: "-" + first label of the group (or the version for "v1"), then "-" + version. */
export function coreSchemaFile(apiVersion: string, kind: string): string {
  const [groupPart = "", versionPart] = apiVersion.split("/");
  const suffix =
    `-${groupPart.split(".")[0]!.toLowerCase()}` +
    (versionPart === undefined ? "" : `-${versionPart.toLowerCase()}`);
  return `${kind.toLowerCase()}${suffix}.json`;
}

/** Files to try for an object, first match wins (kubeconform's ordered schema locations). */
export function schemaCandidates(apiVersion: string, kind: string): string[] {
  const { group, version } = splitApiVersion(apiVersion);
  const core = coreSchemaFile(apiVersion, kind);
  return group === "" ? [core] : [crdSchemaFile(group, kind, version), core];
}
