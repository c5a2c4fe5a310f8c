import { coreSchemaFile } from "./layout.ts";

/**
 * Core schema files are named in lower case (`clusterrolebinding-rbac-v1.json`), which loses
 * the kind's spelling and the full API group. This table restores both so the generator can
 * pin `apiVersion`/`kind` with an exact enum. A file not listed is copied unchanged.
 */
const KNOWN_CORE_KINDS: readonly { apiVersion: string; kind: string }[] = [
  { apiVersion: "v1", kind: "ConfigMap" },
  { apiVersion: "v1", kind: "LimitRange" },
  { apiVersion: "v1", kind: "Namespace" },
  { apiVersion: "v1", kind: "PersistentVolumeClaim" },
  { apiVersion: "v1", kind: "Pod" },
  { apiVersion: "v1", kind: "ResourceQuota" },
  { apiVersion: "v1", kind: "Secret" },
  { apiVersion: "v1", kind: "Service" },
  { apiVersion: "v1", kind: "ServiceAccount" },
  { apiVersion: "apps/v1", kind: "DaemonSet" },
  { apiVersion: "apps/v1", kind: "Deployment" },
  { apiVersion: "apps/v1", kind: "StatefulSet" },
  { apiVersion: "batch/v1", kind: "CronJob" },
  { apiVersion: "batch/v1", kind: "Job" },
  { apiVersion: "networking.k8s.io/v1", kind: "Ingress" },
  { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy" },
  { apiVersion: "policy/v1", kind: "PodDisruptionBudget" },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole" },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding" },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role" },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding" },
  { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass" },
  { apiVersion: "storage.k8s.io/v1", kind: "StorageClass" },
];

const BY_FILE = new Map(KNOWN_CORE_KINDS.map((gvk) => [coreSchemaFile(gvk.apiVersion, gvk.kind), gvk]));

export function coreKindForFile(fileName: string): { apiVersion: string; kind: string } | null {
  return BY_FILE.get(fileName) ?? null;
}
