/**
 * Which AWS API input each ACK kind's `spec` is made of. ACK's code generator builds a spec from
 * the resource's create operation (members in lowerCamelCase, a Go keyword suffixed with `_`),
 * plus the inputs of the operations that set the rest of the resource, with renames from each
 * controller's generator.yaml. `operations`: every member of these inputs is a spec field of the
 * same name. `fields`: spec fields ACK takes from elsewhere or renames, as [operation, member].
 * A spec field neither gives is listed as unmapped in the output's provenance.
 */

export interface AckKindMapping {
  group: string;
  kind: string;
  /** Model file in the models folder. */
  model: string;
  operations: readonly string[];
  fields?: Readonly<Record<string, readonly [operation: string, member: string]>>;
  /** Constraints AWS documents but its model does not carry (with the page that states them). */
  documented?: Readonly<Record<string, DocumentedConstraint>>;
}

export interface DocumentedConstraint {
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  /** What the pattern means, for the finding's message. */
  says: string;
  docs: string;
}

const S3_BUCKET_FIELDS = {
  name: ["CreateBucket", "Bucket"],
  acl: ["CreateBucket", "ACL"],
  namespace: ["CreateBucket", "BucketNamespace"],
  abac: ["PutBucketAbac", "AbacStatus"],
  accelerate: ["PutBucketAccelerateConfiguration", "AccelerateConfiguration"],
  analytics: ["PutBucketAnalyticsConfiguration", "AnalyticsConfiguration"],
  cors: ["PutBucketCors", "CORSConfiguration"],
  encryption: ["PutBucketEncryption", "ServerSideEncryptionConfiguration"],
  intelligentTiering: ["PutBucketIntelligentTieringConfiguration", "IntelligentTieringConfiguration"],
  inventory: ["PutBucketInventoryConfiguration", "InventoryConfiguration"],
  lifecycle: ["PutBucketLifecycleConfiguration", "LifecycleConfiguration"],
  logging: ["PutBucketLogging", "BucketLoggingStatus"],
  metrics: ["PutBucketMetricsConfiguration", "MetricsConfiguration"],
  notification: ["PutBucketNotificationConfiguration", "NotificationConfiguration"],
  objectLockConfiguration: ["PutObjectLockConfiguration", "ObjectLockConfiguration"],
  ownershipControls: ["PutBucketOwnershipControls", "OwnershipControls"],
  policy: ["PutBucketPolicy", "Policy"],
  publicAccessBlock: ["PutPublicAccessBlock", "PublicAccessBlockConfiguration"],
  replication: ["PutBucketReplication", "ReplicationConfiguration"],
  requestPayment: ["PutBucketRequestPayment", "RequestPaymentConfiguration"],
  tagging: ["PutBucketTagging", "Tagging"],
  versioning: ["PutBucketVersioning", "VersioningConfiguration"],
  website: ["PutBucketWebsite", "WebsiteConfiguration"],
} as const;

const STATE_MACHINE_NAME: DocumentedConstraint = {
  // Step Functions refuses white space, brackets, wildcards, these punctuation marks and control characters.
  pattern: '^[^\\s<>{}\\[\\]?*"#%\\\\^|~`$&,;:/\\u0000-\\u001f\\u007f-\\u009f]+$',
  says: 'no white space, brackets, wildcards, control characters or any of " # % \\ ^ | ~ ` $ & , ; : /',
  docs: "https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html",
};

export const ACK_KIND_MAPPINGS: readonly AckKindMapping[] = [
  {
    group: "eventbridge.services.k8s.aws",
    kind: "Rule",
    model: "events.json",
    operations: ["PutRule"],
    fields: { targets: ["PutTargets", "Targets"] },
  },
  {
    group: "eventbridge.services.k8s.aws",
    kind: "EventBus",
    model: "events.json",
    operations: ["CreateEventBus"],
  },
  {
    group: "eventbridge.services.k8s.aws",
    kind: "Archive",
    model: "events.json",
    operations: ["CreateArchive"],
    fields: { name: ["CreateArchive", "ArchiveName"] },
  },
  {
    group: "eventbridge.services.k8s.aws",
    kind: "Endpoint",
    model: "events.json",
    operations: ["CreateEndpoint"],
  },
  {
    group: "sfn.services.k8s.aws",
    kind: "StateMachine",
    model: "stepfunctions.json",
    operations: ["CreateStateMachine"],
    documented: { name: STATE_MACHINE_NAME },
  },
  {
    group: "sfn.services.k8s.aws",
    kind: "Activity",
    model: "stepfunctions.json",
    operations: ["CreateActivity"],
    documented: { name: STATE_MACHINE_NAME },
  },
  {
    group: "sfn.services.k8s.aws",
    kind: "StateMachineAlias",
    model: "stepfunctions.json",
    operations: ["CreateStateMachineAlias"],
  },
  {
    group: "s3.services.k8s.aws",
    kind: "Bucket",
    model: "s3.json",
    operations: ["CreateBucket"],
    fields: S3_BUCKET_FIELDS,
    documented: {
      name: {
        // General purpose bucket naming rules: 3-63 characters; lowercase letters, digits, dots and
        // hyphens; a letter or digit at both ends; no two adjacent dots; not formatted as an IP address;
        // not starting with xn-- or sthree-, not ending in -s3alias or --ol-s3.
        pattern:
          "^(?!xn--|sthree-|amzn-s3-demo-)(?!.*(?:-s3alias|--ol-s3|\\.mrap|--x-s3|--table-s3)$)(?!\\d+\\.\\d+\\.\\d+\\.\\d+$)(?!.*\\.\\.)[a-z0-9][a-z0-9.-]*[a-z0-9]$",
        minLength: 3,
        maxLength: 63,
        says: "3-63 lowercase letters, digits, dots or hyphens, a letter or digit at both ends, no '..', not an IP address, no reserved prefix or suffix",
        docs: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
      },
    },
  },
  {
    group: "emrcontainers.services.k8s.aws",
    kind: "VirtualCluster",
    model: "emr-containers.json",
    operations: ["CreateVirtualCluster"],
  },
  {
    group: "emrcontainers.services.k8s.aws",
    kind: "JobRun",
    model: "emr-containers.json",
    operations: ["StartJobRun"],
  },
  {
    group: "iam.services.k8s.aws",
    kind: "Role",
    model: "iam.json",
    operations: ["CreateRole"],
    fields: {
      name: ["CreateRole", "RoleName"],
      permissionsBoundary: ["PutRolePermissionsBoundary", "PermissionsBoundary"],
      policies: ["AttachRolePolicy", "PolicyArn"],
    },
  },
  {
    group: "iam.services.k8s.aws",
    kind: "Policy",
    model: "iam.json",
    operations: ["CreatePolicy"],
    fields: { name: ["CreatePolicy", "PolicyName"] },
  },
];
