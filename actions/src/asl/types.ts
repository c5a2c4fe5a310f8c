/** The public shapes of the ASL checks (re-exported by index.ts). */

export interface AslProblem {
  /**
   * What is wrong: the definition is not valid ASL, or an emr-containers task is misconfigured.
   * validate/rules/asl/ maps each kind to its rule (an unmapped kind does not compile there).
   */
  kind: "definition" | "emr-task";
  message: string;
  /** JSON path inside the definition document, e.g. ["States", "Run Spark job", "Parameters", "ReleaseLabel"]. */
  path: (string | number)[];
  severity: "error" | "warning";
}

export interface AslContext {
  /** This environment's bucket name (spec.name of its ACK Bucket). */
  bucket: string | null;
  /** S3 keys the repository will upload for this pipeline. */
  uploadedKeys: ReadonlySet<string>;
  /** Keys whose upload starts this state machine (entry points). */
  triggerKeys: readonly string[];
  /** Builds the S3 "Object Created" event for a key in this bucket. */
  sampleEvent: (key: string) => Record<string, unknown>;
  /**
   * Optional: the definition as written in the repository, before `${VAR}` substitution. When
   * given, a VirtualClusterId or ExecutionRoleArn written as a literal there is reported.
   */
  unsubstitutedDefinition?: string;
}
