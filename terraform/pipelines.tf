# Per pipeline, everything the overlays' StateMachine and Rule refer to but ACK does not create:
# the role the state machine runs as, the role EventBridge starts it with, the rule's
# dead-letter queue and the state machine's log group. Their ARNs reach Flux through the
# cluster-vars ConfigMap (flux.tf).

# --- Step Functions ------------------------------------------------------------------------

data "aws_iam_policy_document" "sfn_trust" {
  for_each = local.names

  statement {
    sid     = "ThisStateMachineOnly"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.arns[each.key].state_machine]
    }
  }
}

resource "aws_iam_role" "sfn" {
  for_each = local.names

  name               = each.value.sfn_role
  description        = "Role of the ${each.value.state_machine} state machine"
  assume_role_policy = data.aws_iam_policy_document.sfn_trust[each.key].json
}

data "aws_iam_policy_document" "sfn" {
  for_each = local.names

  statement {
    # The virtual cluster ID is random (ACK creates it): match the cluster by the tags its
    # overlay gives it, and allow only this pipeline's execution role for the job.
    sid       = "StartJobsOnThisPipelinesVirtualCluster"
    actions   = ["emr-containers:StartJobRun"]
    resources = [local.arns[each.key].virtual_clusters]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/edp.dev/pipeline"
      values   = [each.key]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/edp.dev/environment"
      values   = [var.environment]
    }
    condition {
      test     = "ArnEquals"
      variable = "emr-containers:ExecutionRoleArn"
      values   = [aws_iam_role.job[each.key].arn]
    }
  }

  statement {
    # Job runs carry the edp.dev/pipeline tag the state machine definition gives them.
    sid       = "FollowAndCancelThisPipelinesJobs"
    actions   = ["emr-containers:DescribeJobRun", "emr-containers:CancelJobRun"]
    resources = [local.arns[each.key].virtual_cluster_jobs]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/edp.dev/pipeline"
      values   = [each.key]
    }
  }

  statement {
    sid       = "TagJobsAtStart"
    actions   = ["emr-containers:TagResource"]
    resources = [local.arns[each.key].virtual_cluster_jobs]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/edp.dev/pipeline"
      values   = [each.key]
    }
  }

  statement {
    # The .sync integration waits for the job through this Step Functions managed rule.
    sid       = "SyncIntegrationManagedRule"
    actions   = ["events:PutTargets", "events:PutRule", "events:DescribeRule"]
    resources = ["arn:${local.partition}:events:${local.region}:${local.account_id}:rule/StepFunctionsGetEventsForEMRContainersJobRule"]
  }

  statement {
    sid       = "PassOnlyThisPipelinesJobRole"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.job[each.key].arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["emr-containers.amazonaws.com"]
    }
  }

  statement {
    # Execution logging (loggingConfiguration): the log-delivery APIs have no resource-level
    # permissions, AWS requires "*".
    sid       = "ExecutionLogsRequiresWildcard"
    actions   = local.log_delivery_actions
    resources = ["*"]
  }

  statement {
    # Tracing (tracingConfiguration.enabled): X-Ray's write APIs have no resource-level
    # permissions, AWS requires "*".
    sid = "TracingRequiresWildcard"
    actions = [
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords",
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "sfn" {
  for_each = local.names

  name   = "run-spark-jobs"
  role   = aws_iam_role.sfn[each.key].id
  policy = data.aws_iam_policy_document.sfn[each.key].json
}

resource "aws_cloudwatch_log_group" "sfn" {
  for_each = local.names

  name              = each.value.log_group
  retention_in_days = var.log_retention_days
}

# --- EventBridge ---------------------------------------------------------------------------

data "aws_iam_policy_document" "events_trust" {
  for_each = local.names

  statement {
    sid     = "ThisRuleOnly"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.arns[each.key].rule]
    }
  }
}

resource "aws_iam_role" "events" {
  for_each = local.names

  name               = each.value.events_role
  description        = "Role the ${each.value.rule} rule starts ${each.value.state_machine} with"
  assume_role_policy = data.aws_iam_policy_document.events_trust[each.key].json
}

data "aws_iam_policy_document" "events" {
  for_each = local.names

  statement {
    sid       = "StartThisStateMachineOnly"
    actions   = ["states:StartExecution"]
    resources = [local.arns[each.key].state_machine]
  }
}

resource "aws_iam_role_policy" "events" {
  for_each = local.names

  name   = "start-state-machine"
  role   = aws_iam_role.events[each.key].id
  policy = data.aws_iam_policy_document.events[each.key].json
}

# Events EventBridge could not deliver after the rule's retries (retryPolicy in the overlay).
resource "aws_sqs_queue" "dlq" {
  for_each = local.names

  name                      = each.value.dlq
  message_retention_seconds = 1209600 # 14 days, the maximum: time to notice and replay
  sqs_managed_sse_enabled   = true
}

data "aws_iam_policy_document" "dlq" {
  for_each = local.names

  statement {
    sid       = "OnlyThisPipelinesRule"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dlq[each.key].arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.arns[each.key].rule]
    }
  }
}

resource "aws_sqs_queue_policy" "dlq" {
  for_each = local.names

  queue_url = aws_sqs_queue.dlq[each.key].id
  policy    = data.aws_iam_policy_document.dlq[each.key].json
}

locals {
  # Step Functions execution logging (loggingConfiguration) sets up a CloudWatch Logs delivery.
  # These APIs have no resource-level permissions: AWS requires "*". Both the role that creates
  # state machines (the ACK sfn controller) and the one they run as need them.
  log_delivery_actions = [
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
  ]
}
