/**
 * The taxi-trips pipeline as `kubectl kustomize` renders it for one environment (before Flux
 * substitution), trimmed to what the rules read, one source file per object group. Each file
 * holds the object as rendered for that environment (overlay names already applied), so a case
 * breaks it with one textual edit, as a pull request would.
 */
import type { PipelineInput } from "./in-memory-environment.ts";

export const FILES = {
  gotk: (env: string) => `clusters/${env}/flux-system/gotk-sync.yaml`,
  flux: (env: string) => `clusters/${env}/taxi-trips.yaml`,
  namespace: "apps/taxi-trips/base/infra/namespace.yaml",
  rbac: "apps/taxi-trips/base/infra/emr-rbac.yaml",
  bucket: "apps/taxi-trips/base/infra/bucket.yaml",
  virtualCluster: "apps/taxi-trips/base/infra/virtual-cluster.yaml",
  export: "apps/taxi-trips/base/infra/virtual-cluster-export.yaml",
  settings: (env: string) => `apps/taxi-trips/overlays/${env}/settings.yaml`,
  rule: "apps/taxi-trips/base/pipeline/rule.yaml",
  stateMachine: "apps/taxi-trips/base/pipeline/state-machine.yaml",
} as const;

/** The files one environment renders from (clusters/<env> and the taxi-trips overlays). */
export function taxiTripsFiles(env = "dev"): Record<string, string> {
  return {
    [FILES.gotk(env)]: `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m
  url: \${FLUX_GIT_URL}
  ref:
    branch: main
  secretRef:
    name: flux-system
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 10m
  path: ./clusters/${env}
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
  postBuild:
    substituteFrom:
      - kind: ConfigMap
        name: cluster-vars
`,
    [FILES.flux(env)]: `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: taxi-trips-infra
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps/taxi-trips/overlays/${env}/infra
  prune: true
  wait: true
  sourceRef:
    kind: GitRepository
    name: flux-system
  postBuild:
    substituteFrom:
      - kind: ConfigMap
        name: cluster-vars
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: taxi-trips-pipeline
  namespace: flux-system
spec:
  dependsOn:
    - name: taxi-trips-infra
  interval: 10m
  path: ./apps/taxi-trips/overlays/${env}/pipeline
  prune: true
  wait: true
  sourceRef:
    kind: GitRepository
    name: flux-system
  postBuild:
    substituteFrom:
      - kind: ConfigMap
        name: cluster-vars
      - kind: ConfigMap
        name: taxi-trips-settings
      - kind: ConfigMap
        name: taxi-trips-exports
`,
    [FILES.namespace]: `apiVersion: v1
kind: Namespace
metadata:
  name: taxi-trips
`,
    [FILES.rbac]: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: emr-containers
  namespace: taxi-trips
rules:
  - apiGroups: [""]
    resources: ["namespaces"]
    verbs: ["get"]
  - apiGroups: [""]
    resources: ["serviceaccounts", "services", "configmaps", "events", "pods", "pods/log"]
    verbs: ["get", "list", "watch", "describe", "create", "edit", "delete", "annotate", "patch", "label"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: emr-containers
  namespace: taxi-trips
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: emr-containers
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: User
    name: emr-containers
`,
    [FILES.bucket]: `apiVersion: s3.services.k8s.aws/v1alpha1
kind: Bucket
metadata:
  name: taxi-trips
  namespace: taxi-trips
  annotations:
    services.k8s.aws/deletion-policy: retain
spec:
  name: edp-taxi-trips-${env}
  publicAccessBlock:
    blockPublicACLs: true
    blockPublicPolicy: true
    ignorePublicACLs: true
    restrictPublicBuckets: true
  versioning:
    status: Enabled
`,
    [FILES.virtualCluster]: `apiVersion: emrcontainers.services.k8s.aws/v1alpha1
kind: VirtualCluster
metadata:
  name: taxi-trips
  namespace: taxi-trips
spec:
  name: taxi-trips-${env}
  containerProvider:
    id: \${EKS_CLUSTER_NAME}
    type_: EKS
    info:
      eksInfo:
        namespace: taxi-trips
`,
    [FILES.export]: `apiVersion: v1
kind: ConfigMap
metadata:
  name: taxi-trips-exports
  namespace: flux-system
  annotations:
    kustomize.toolkit.fluxcd.io/ssa: IfNotPresent
data: {}
---
apiVersion: services.k8s.aws/v1alpha1
kind: FieldExport
metadata:
  name: taxi-trips-virtual-cluster-id
  namespace: taxi-trips
spec:
  from:
    path: .status.id
    resource:
      group: emrcontainers.services.k8s.aws
      kind: VirtualCluster
      name: taxi-trips
  to:
    kind: configmap
    name: taxi-trips-exports
    namespace: flux-system
    key: TAXI_TRIPS_VIRTUAL_CLUSTER_ID
`,
    [FILES.settings(env)]: `apiVersion: v1
kind: ConfigMap
metadata:
  name: taxi-trips-settings
  namespace: flux-system
data:
  TAXI_TRIPS_BUCKET: edp-taxi-trips-${env}
  TAXI_TRIPS_RELEASE_LABEL: emr-7.9.0-latest
  TAXI_TRIPS_EXECUTOR_INSTANCES: "1"
  TAXI_TRIPS_EXECUTOR_MEMORY: 2g
`,
    [FILES.rule]: `apiVersion: eventbridge.services.k8s.aws/v1alpha1
kind: Rule
metadata:
  name: taxi-trips-script-uploaded
  namespace: taxi-trips
spec:
  name: taxi-trips-${env}-script-uploaded
  description: Starts the taxi-trips state machine when a Spark script is uploaded under scripts/.
  eventBusName: default
  eventPattern: |
    {
      "source": ["aws.s3"],
      "detail-type": ["Object Created"],
      "detail": {
        "bucket": {
          "name": ["\${TAXI_TRIPS_BUCKET}"]
        },
        "object": {
          "key": [{ "wildcard": "scripts/*.py" }]
        }
      }
    }
  state: ENABLED
  targets:
    - id: start-state-machine
      arn: arn:aws:states:\${AWS_REGION}:\${AWS_ACCOUNT_ID}:stateMachine:taxi-trips-${env}
      roleARN: \${TAXI_TRIPS_EVENTS_ROLE_ARN}
      deadLetterConfig:
        arn: \${TAXI_TRIPS_DLQ_ARN}
`,
    [FILES.stateMachine]: `apiVersion: sfn.services.k8s.aws/v1alpha1
kind: StateMachine
metadata:
  name: taxi-trips
  namespace: taxi-trips
spec:
  name: taxi-trips-${env}
  type_: STANDARD
  roleARN: \${TAXI_TRIPS_SFN_ROLE_ARN}
  definition: |
    {
      "Comment": "Runs the Spark script whose upload started this execution on the taxi-trips EMR virtual cluster.",
      "StartAt": "Describe job",
      "States": {
        "Describe job": {
          "Type": "Pass",
          "Parameters": {
            "bucket.$": "$.detail.bucket.name",
            "key.$": "$.detail.object.key",
            "name.$": "States.ArrayGetItem(States.StringSplit($.detail.object.key, '/.'), 1)"
          },
          "ResultPath": "$.job",
          "Next": "Run Spark job"
        },
        "Run Spark job": {
          "Type": "Task",
          "Resource": "arn:aws:states:::emr-containers:startJobRun.sync",
          "Parameters": {
            "VirtualClusterId": "\${TAXI_TRIPS_VIRTUAL_CLUSTER_ID}",
            "ExecutionRoleArn": "\${TAXI_TRIPS_JOB_ROLE_ARN}",
            "ReleaseLabel": "\${TAXI_TRIPS_RELEASE_LABEL}",
            "Name.$": "$.job.name",
            "JobDriver": {
              "SparkSubmitJobDriver": {
                "EntryPoint.$": "States.Format('s3://{}/{}', $.job.bucket, $.job.key)",
                "SparkSubmitParameters.$": "States.Format('--py-files s3://{}/deps/taxi_trips_lib.py --conf spark.executor.instances=\${TAXI_TRIPS_EXECUTOR_INSTANCES} --conf spark.executor.memory=\${TAXI_TRIPS_EXECUTOR_MEMORY}', $.job.bucket)"
              }
            },
            "ConfigurationOverrides": {
              "ApplicationConfiguration": [
                {
                  "Classification": "spark-defaults",
                  "Properties": {
                    "spark.kubernetes.driver.podTemplateFile.$": "States.Format('s3://{}/pod-templates/driver.yaml', $.job.bucket)",
                    "spark.kubernetes.executor.podTemplateFile.$": "States.Format('s3://{}/pod-templates/executor.yaml', $.job.bucket)"
                  }
                }
              ]
            }
          },
          "ResultPath": "$.jobRun",
          "Retry": [
            {
              "ErrorEquals": ["EMRContainers.ThrottlingException", "EMRContainers.InternalServerException"],
              "IntervalSeconds": 30,
              "MaxAttempts": 3,
              "BackoffRate": 2
            }
          ],
          "Catch": [{ "ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Job failed" }],
          "End": true
        },
        "Job failed": {
          "Type": "Fail",
          "Error": "SparkJobFailed",
          "CausePath": "$.error.Cause"
        }
      }
    }
  loggingConfiguration:
    level: ERROR
    includeExecutionData: false
    destinations:
      - cloudWatchLogsLogGroup:
          logGroupARN: \${TAXI_TRIPS_LOG_GROUP_ARN}
  tracingConfiguration:
    enabled: true
`,
  };
}

/** The Git-provided values of one environment (its settings ConfigMap). */
export function taxiTripsSettings(env = "dev"): Record<string, string> {
  return {
    TAXI_TRIPS_BUCKET: `edp-taxi-trips-${env}`,
    TAXI_TRIPS_RELEASE_LABEL: "emr-7.9.0-latest",
    TAXI_TRIPS_EXECUTOR_INSTANCES: "1",
    TAXI_TRIPS_EXECUTOR_MEMORY: "2g",
  };
}

/** apps/taxi-trips/pipeline.yaml's sources and the files Git tracks under them. */
export function taxiTripsPipeline(extraFiles: string[] = []): PipelineInput {
  return {
    dir: "apps/taxi-trips",
    sources: [
      { dir: "deps", prefix: "deps/" },
      { dir: "pod-templates", prefix: "pod-templates/" },
      { dir: "input", prefix: "input/" },
      { dir: "scripts", prefix: "scripts/" },
    ],
    files: [
      "apps/taxi-trips/deps/taxi_trips_lib.py",
      "apps/taxi-trips/pod-templates/driver.yaml",
      "apps/taxi-trips/pod-templates/executor.yaml",
      "apps/taxi-trips/input/trips-2024-01-part-1.csv",
      "apps/taxi-trips/input/trips-2024-01-part-2.csv",
      "apps/taxi-trips/scripts/daily_zone_stats.py",
      ...extraFiles,
    ],
    entryPoints: ["apps/taxi-trips/scripts/daily_zone_stats.py"],
  };
}

/**
 * Which Flux Kustomization renders a fixture file, as the real overlays do: the infra step
 * renders base/infra, the overlay's infra patches and the settings ConfigMap; the pipeline step
 * renders base/pipeline and its patches.
 */
export function taxiTripsOwnerOf(file: string): string | undefined {
  if (!file.startsWith("apps/taxi-trips/")) return undefined;
  if (/\/pipeline\//.test(file)) return "taxi-trips-pipeline";
  if (/\/infra\//.test(file) || /\/settings\.yaml$/.test(file)) return "taxi-trips-infra";
  return undefined;
}
