// State machine definitions that exercise asl-validator's schemas and checks, valid and invalid:
// the parity set for edp's validator against the package, compiled at run time or ahead of time.
export const pass = (extra: Record<string, unknown> = {}) => ({ Type: "Pass", End: true, ...extra });

export const DEFINITIONS: Record<string, unknown> = {
  "valid Pass": { StartAt: "A", States: { A: pass() } },
  "missing StartAt": { States: { A: pass() } },
  "unknown Type": { StartAt: "A", States: { A: { Type: "Teleport", End: true } } },
  "bad ResultPath": { StartAt: "A", States: { A: pass({ ResultPath: "$.a[*]" }) } },
  "missing Next target": { StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" } } },
  "unreachable state": { StartAt: "A", States: { A: pass(), Orphan: pass() } },
  "Fail with Cause and CausePath": {
    StartAt: "F",
    States: { F: { Type: "Fail", Error: "E", Cause: "c", CausePath: "$.cause" } },
  },
  "JSONata task": {
    QueryLanguage: "JSONata",
    StartAt: "T",
    States: {
      T: {
        Type: "Task",
        Resource: "arn:aws:states:::lambda:invoke",
        Arguments: { FunctionName: "f", Payload: "{% $states.input %}" },
        Output: "{% $states.result.Payload %}",
        End: true,
      },
    },
  },
  "JSONata task with a broken expression": {
    QueryLanguage: "JSONata",
    StartAt: "T",
    States: {
      T: {
        Type: "Task",
        Resource: "arn:aws:states:::lambda:invoke",
        Arguments: { Payload: "{% $states.input. %}" },
        End: true,
      },
    },
  },
  "Wait with Seconds and Timestamp": {
    StartAt: "W",
    States: { W: { Type: "Wait", Seconds: 5, Timestamp: "2024-01-01T00:00:00Z", End: true } },
  },
  "duplicate payload field": { StartAt: "A", States: { A: pass({ Parameters: { a: 1, "a.$": "$.b" } }) } },
  "duplicate state names across branches": {
    StartAt: "P",
    States: {
      P: {
        Type: "Parallel",
        End: true,
        Branches: [
          { StartAt: "X", States: { X: pass() } },
          { StartAt: "X", States: { X: pass() } },
        ],
      },
    },
  },
  "branch transition out of its branch": {
    StartAt: "P",
    States: {
      P: {
        Type: "Parallel",
        Next: "Done",
        Branches: [{ StartAt: "X", States: { X: { Type: "Pass", Next: "Done" } } }],
      },
      Done: { Type: "Succeed" },
    },
  },
  "no terminal state": {
    StartAt: "A",
    States: { A: { Type: "Pass", Next: "B" }, B: { Type: "Pass", Next: "A" } },
  },
  "bad Task ARN": { StartAt: "T", States: { T: { Type: "Task", Resource: "not-an-arn", End: true } } },
  "both End and Next": { StartAt: "A", States: { A: { Type: "Pass", End: true, Next: "A" } } },
  "a taxi-trips style state machine": {
    QueryLanguage: "JSONPath",
    StartAt: "Describe job",
    States: {
      "Describe job": {
        Type: "Pass",
        Parameters: {
          "bucket.$": "$.detail.bucket.name",
          "key.$": "$.detail.object.key",
          "name.$": "States.ArrayGetItem(States.StringSplit($.detail.object.key, '/.'), 1)",
        },
        ResultPath: "$.job",
        Next: "Run Spark job",
      },
      "Run Spark job": {
        Type: "Task",
        Resource: "arn:aws:states:::emr-containers:startJobRun.sync",
        Parameters: {
          VirtualClusterId: "k3x9q2m7v1w8z4r6t0y5u2p8a",
          ExecutionRoleArn: "arn:aws:iam::123456789012:role/job",
          ReleaseLabel: "emr-7.1.0-latest",
          "Name.$": "$.job.name",
          JobDriver: {
            SparkSubmitJobDriver: { "EntryPoint.$": "States.Format('s3://{}/{}', $.job.bucket, $.job.key)" },
          },
        },
        ResultPath: "$.jobRun",
        Retry: [{ ErrorEquals: ["EMRContainers.ThrottlingException"], MaxAttempts: 3 }],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Job failed" }],
        End: true,
      },
      "Job failed": { Type: "Fail", Error: "SparkJobFailed", CausePath: "$.error.Cause" },
    },
  },
};
