/** Every rule `edp validate` reports, with a stable kebab-case id. Renaming an id is a breaking change. */
export interface RuleInfo {
  id: string;
  description: string;
  severity: "error" | "warning";
  help: string;
}

export const RULE_CATALOG: RuleInfo[] = [
  {
    id: "yaml/parse-error",
    severity: "error",
    description: "A YAML or JSON file cannot be parsed",
    help: "Fix the syntax at the line shown: indentation with spaces, unique keys, no aliases.",
  },
  {
    id: "render/kustomize-failed",
    severity: "error",
    description: "kustomize cannot build a Flux Kustomization's path",
    help: "Run `kubectl kustomize --load-restrictor LoadRestrictionsNone <path>` and fix what it reports.",
  },
  {
    id: "render/not-a-manifest",
    severity: "error",
    description: "A file Flux would apply has no apiVersion/kind",
    help: "Move non-Kubernetes YAML out of the directory, or add a kustomization.yaml listing the manifests.",
  },
  {
    id: "vars/declaration-invalid",
    severity: "error",
    description: "clusters/variables.yaml is malformed",
    help: "Each variable needs description, provider (terraform | ack-field-export | git), a quoted example and, for ConfigMap providers, configMap.",
  },
  {
    id: "vars/undeclared",
    severity: "error",
    description: "A ${VARIABLE} is used but not declared in clusters/variables.yaml",
    help: "Declare it once with its meaning, provider and an example value.",
  },
  {
    id: "vars/unused",
    severity: "warning",
    description: "A declared variable is used by no manifest",
    help: "Remove it from clusters/variables.yaml (and from what provides it).",
  },
  {
    id: "vars/value-shape",
    severity: "error",
    description: "A variable's value does not have the declared shape",
    help: "Fix the value or the pattern in clusters/variables.yaml.",
  },
  {
    id: "flux/variable-unresolved",
    severity: "error",
    description: "A ${VARIABLE} has no value in the Kustomization that applies it (strict substitution)",
    help: "Provide it through postBuild.substitute/substituteFrom or give a default.",
  },
  {
    id: "flux/substitute-source-missing",
    severity: "error",
    description: "postBuild.substituteFrom names a ConfigMap that nothing provides",
    help: "Create it in Git, declare its variables as provided by Terraform/ACK, or mark it optional.",
  },
  {
    id: "flux/path-missing",
    severity: "error",
    description: "A Flux Kustomization's spec.path does not exist",
    help: "Fix spec.path (relative to the repository root).",
  },
  {
    id: "flux/path-invalid",
    severity: "error",
    description: "A Flux Kustomization's spec.path leaves the repository",
    help: "Use a path inside the repository.",
  },
  {
    id: "flux/remote-base",
    severity: "error",
    description: "A kustomization pulls a remote base (security: code from outside the repository)",
    help: "Vendor the base into this repository; kustomize-controller runs with --no-remote-bases.",
  },
  {
    id: "flux/source-missing",
    severity: "error",
    description: "A Flux Kustomization's sourceRef points at a source that does not exist",
    help: "Declare the GitRepository/OCIRepository or fix sourceRef.",
  },
  {
    id: "flux/dependency-missing",
    severity: "error",
    description: "dependsOn names a Kustomization that does not exist in this environment",
    help: "Fix the name or add the Kustomization.",
  },
  {
    id: "flux/dependency-cycle",
    severity: "error",
    description: "Flux Kustomizations depend on each other in a cycle",
    help: "Break the cycle: none of them would ever reconcile.",
  },
  {
    id: "schema/invalid",
    severity: "error",
    description: "An object does not match its JSON Schema (generated from the CRD)",
    help: "Fix the field named in the message; field names are case-sensitive.",
  },
  {
    id: "schema/unknown-kind",
    severity: "error",
    description: "No schema exists for an object's apiVersion/kind",
    help: "Regenerate schemas/ from the CRD (npm run schemas) or allow-list the kind in .edp.yaml.",
  },
  {
    id: "asl/invalid",
    severity: "error",
    description: "A StateMachine's definition is not valid Amazon States Language",
    help: "Fix the state machine definition (.asl.json) at the line shown.",
  },
  {
    id: "asl/emr-task",
    severity: "error",
    description: "An emr-containers:startJobRun task is misconfigured for this environment",
    help: "Check the virtual cluster, role, release label and S3 locations the task uses.",
  },
  {
    id: "eventpattern/invalid",
    severity: "error",
    description: "A Rule's eventPattern is not a valid EventBridge pattern",
    help: "Fix the operator or value at the line shown (see EventBridge content filtering).",
  },
  {
    id: "eventpattern/no-trigger",
    severity: "error",
    description: "The Rule does not match an upload of this environment's entry-point scripts",
    help: "Make the pattern match the bucket and trigger prefix the scripts are uploaded to.",
  },
  {
    id: "eventpattern/data-triggers",
    severity: "error",
    description: "Uploading input data, dependencies or pod templates would start a run",
    help: "Narrow the pattern (e.g. wildcard scripts/*.py) or move those files out of the trigger prefix.",
  },
  {
    id: "wiring/rule-target-missing",
    severity: "error",
    description: "A Rule targets a state machine that this environment does not declare",
    help: "Point the target ARN at a StateMachine of the same environment (copy spec.name with a kustomize replacement).",
  },
  {
    id: "wiring/rule-bucket-missing",
    severity: "error",
    description: "A Rule watches a bucket that this environment does not declare",
    help: "Use the bucket name of this environment's Bucket (the settings variable).",
  },
  {
    id: "wiring/rule-disabled",
    severity: "warning",
    description: "A Rule is DISABLED: uploads start no run",
    help: "Enable it (spec.state: ENABLED) when the environment should run jobs.",
  },
  {
    id: "wiring/virtual-cluster-namespace",
    severity: "error",
    description: "A VirtualCluster is bound to a namespace without EMR's Role/RoleBinding",
    help: "Declare the namespace and the emr-containers Role and RoleBinding in it.",
  },
  {
    id: "wiring/field-export",
    severity: "error",
    description: "A FieldExport cannot feed Flux substitution",
    help: "Set spec.to.key to a valid Flux variable name and protect the target ConfigMap with kustomize.toolkit.fluxcd.io/ssa: IfNotPresent.",
  },
  {
    id: "wiring/duplicate-aws-name",
    severity: "error",
    description: "Two environments (or two objects) create the same bucket or state machine",
    help: "Give each environment its own name in its overlay.",
  },
  {
    id: "trap/bucket-notification",
    severity: "error",
    description: "spec.notification on a bucket a Rule watches turns EventBridge delivery off",
    help: "Remove spec.notification; edp sync enables EventBridge delivery.",
  },
  {
    id: "trap/non-entry-point-trigger",
    severity: "error",
    description: "A file synced under the trigger prefix is not a Spark entry point",
    help: "Move it to another folder/prefix (pipeline.yaml): every upload there starts a run.",
  },
  {
    id: "trap/literal-account-id",
    severity: "error",
    description: "A literal AWS account ID or ARN where a variable belongs",
    help: "Use ${AWS_ACCOUNT_ID} or the declared ARN variable instead.",
  },
];

export const RULES_BY_ID = new Map(RULE_CATALOG.map((r) => [r.id, r]));
