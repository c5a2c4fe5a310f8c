/** The options of `edp schemas`. */
import { usageOptions, type OptionTable } from "./table.ts";

export const SCHEMAS_OPTIONS = {
  from: {
    type: "string",
    flag: "from",
    value: "DIR",
    help: "CRD folder: <api-group>/*.yaml CRDs and k8s-core/*.json core schemas\n(default: ../shared/crds beside the repository root)",
  },
  fromRelease: {
    type: "boolean",
    flag: "from-release",
    help: "download the pinned upstream files (actions/src/schemas/sources.ts) instead",
  },
  awsModels: {
    type: "string",
    flag: "aws-models",
    value: "DIR",
    help: "AWS service models (botocore service-2.json files) for schemas/aws-constraints/\n(default: ../shared/aws-models beside the repository root)",
  },
  out: {
    type: "string",
    flag: "out",
    value: "DIR",
    help: "output folder, replaced as a whole (default: schemas/ in the repository root)",
  },
} as const satisfies OptionTable;

export const SCHEMAS_USAGE = `Usage: edp schemas [--from DIR | --from-release] [--aws-models DIR] [--out DIR]

Generate strict JSON Schemas (kubeconform layout) from Kubernetes CRDs, for 'edp validate'
and for kubeconform -schema-location.

Options:
${usageOptions(SCHEMAS_OPTIONS, 17)}

Writes {group}/{kind}_{version}.json per served CRD version, {kind}-{group}-{version}.json per
core kind, and PROVENANCE.json; and aws-constraints/{group}/{kind}_{version}.json, what
AWS's API refuses in each ACK kind's spec (enums, lengths, ranges, patterns), from AWS's models. Nothing is written unless every schema was generated.`;
