# The four ACK controllers that turn the overlays' Bucket, StateMachine, Rule and
# VirtualCluster objects into AWS resources. Each runs in ack-system with its own service
# account and its own IAM role (EKS Pod Identity), and each role can touch only what this
# environment's pipelines declare:
#   s3            buckets named edp-*-<env>
#   sfn           the pipelines' state machines; may pass only the pipelines' SFN roles
#   eventbridge   the pipelines' rules; may pass only the pipelines' EventBridge roles
#   emrcontainers virtual clusters tagged edp.dev/environment=<env> and a known pipeline
locals {
  ack_namespace = "ack-system"

  ack_controllers = {
    s3 = {
      chart  = "s3-chart"
      policy = data.aws_iam_policy_document.ack_s3.json
    }
    sfn = {
      chart  = "sfn-chart"
      policy = data.aws_iam_policy_document.ack_sfn.json
    }
    eventbridge = {
      chart  = "eventbridge-chart"
      policy = data.aws_iam_policy_document.ack_eventbridge.json
    }
    emrcontainers = {
      chart  = "emrcontainers-chart"
      policy = data.aws_iam_policy_document.ack_emrcontainers.json
    }
  }

  pipeline_names = sort(keys(var.pipelines))
}

resource "kubernetes_namespace_v1" "ack_system" {
  metadata {
    name = local.ack_namespace
  }
}

# --- Identity: one role per controller, assumable only by that controller's pods ---------

data "aws_iam_policy_document" "ack_trust" {
  for_each = local.ack_controllers

  statement {
    sid     = "EksPodIdentityForThisControllerOnly"
    actions = ["sts:AssumeRole", "sts:TagSession"]

    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }

    # EKS Pod Identity sets these session tags; without them any association could assume it.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/eks-cluster-name"
      values   = [local.cluster_name]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-namespace"
      values   = [local.ack_namespace]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-service-account"
      values   = ["ack-${each.key}-controller"]
    }
  }
}

resource "aws_iam_role" "ack" {
  for_each = local.ack_controllers

  name               = "edp-${var.environment}-ack-${each.key}"
  description        = "ACK ${each.key} controller of EKS cluster ${local.cluster_name}"
  assume_role_policy = data.aws_iam_policy_document.ack_trust[each.key].json
}

resource "aws_iam_role_policy" "ack" {
  for_each = local.ack_controllers

  name   = "manage-pipeline-${each.key}-resources"
  role   = aws_iam_role.ack[each.key].id
  policy = each.value.policy
}

resource "aws_eks_pod_identity_association" "ack" {
  for_each = local.ack_controllers

  cluster_name    = module.eks.cluster_name
  namespace       = local.ack_namespace
  service_account = "ack-${each.key}-controller"
  role_arn        = aws_iam_role.ack[each.key].arn
}

resource "helm_release" "ack" {
  for_each = local.ack_controllers

  name       = "ack-${each.key}-controller"
  namespace  = kubernetes_namespace_v1.ack_system.metadata[0].name
  repository = var.ack_chart_repository
  chart      = each.value.chart
  version    = var.ack_chart_versions[each.key]

  values = [yamlencode({
    aws = {
      region = var.aws_region
    }
    serviceAccount = {
      create = true
      name   = "ack-${each.key}-controller"
    }
    installScope = "cluster"
    # The default for objects without services.k8s.aws/deletion-policy; the Bucket overlays
    # set retain so pruning a Bucket never deletes pipeline data.
    deletionPolicy = "delete"
    leaderElection = {
      enabled = false
    }
  })]

  # Pod Identity injects credentials when the pod starts: the association must exist first.
  depends_on = [aws_eks_pod_identity_association.ack, module.eks]
}

# --- What each controller may do -----------------------------------------------------------

data "aws_iam_policy_document" "ack_s3" {
  statement {
    sid = "ManageEnvironmentBuckets"
    actions = [
      "s3:CreateBucket",
      "s3:DeleteBucket",
      "s3:ListBucket",
      "s3:GetBucket*",
      "s3:PutBucket*",
      "s3:DeleteBucketPolicy",
      "s3:DeleteBucketOwnershipControls",
      "s3:DeleteBucketWebsite",
      "s3:GetAccelerateConfiguration",
      "s3:PutAccelerateConfiguration",
      "s3:GetAnalyticsConfiguration",
      "s3:PutAnalyticsConfiguration",
      "s3:GetEncryptionConfiguration",
      "s3:PutEncryptionConfiguration",
      "s3:GetIntelligentTieringConfiguration",
      "s3:PutIntelligentTieringConfiguration",
      "s3:GetInventoryConfiguration",
      "s3:PutInventoryConfiguration",
      "s3:GetLifecycleConfiguration",
      "s3:PutLifecycleConfiguration",
      "s3:GetMetricsConfiguration",
      "s3:PutMetricsConfiguration",
      "s3:GetReplicationConfiguration",
      "s3:PutReplicationConfiguration",
    ]
    resources = ["arn:${local.partition}:s3:::edp-*-${var.environment}"]
  }

  statement {
    # The controller finds a bucket by listing all buckets; ListAllMyBuckets has no
    # resource-level permissions, so AWS requires "*" here.
    sid       = "FindBucketsRequiresWildcard"
    actions   = ["s3:ListAllMyBuckets"]
    resources = ["*"]
  }

  statement {
    # S3 -> EventBridge delivery is owned by `edp sync` (ensure-eventbridge). The controller
    # cannot express it (aws-controllers-k8s/community#1673) and would switch it off by
    # writing the whole notification configuration: make that fail loudly instead.
    sid       = "NeverRewriteNotifications"
    effect    = "Deny"
    actions   = ["s3:PutBucketNotification"]
    resources = ["arn:${local.partition}:s3:::*"]
  }
}

data "aws_iam_policy_document" "ack_sfn" {
  statement {
    sid = "ManagePipelineStateMachines"
    actions = [
      "states:CreateStateMachine",
      "states:DeleteStateMachine",
      "states:DescribeStateMachine",
      "states:UpdateStateMachine",
      "states:ListTagsForResource",
      "states:TagResource",
      "states:UntagResource",
    ]
    resources = [for p in local.pipeline_names : local.arns[p].state_machine]
  }

  statement {
    sid       = "PassOnlyPipelineStateMachineRoles"
    actions   = ["iam:PassRole"]
    resources = [for p in local.pipeline_names : aws_iam_role.sfn[p].arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["states.amazonaws.com"]
    }
  }

  statement {
    # Creating a state machine with loggingConfiguration sets up a CloudWatch Logs delivery.
    # The log-delivery APIs have no resource-level permissions: AWS requires "*".
    sid       = "LogDeliveryRequiresWildcard"
    actions   = local.log_delivery_actions
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "ack_eventbridge" {
  statement {
    sid = "ManagePipelineRules"
    actions = [
      "events:PutRule",
      "events:DeleteRule",
      "events:DescribeRule",
      "events:EnableRule",
      "events:DisableRule",
      "events:PutTargets",
      "events:RemoveTargets",
      "events:ListTargetsByRule",
      "events:ListTagsForResource",
      "events:TagResource",
      "events:UntagResource",
    ]
    resources = [for p in local.pipeline_names : local.arns[p].rule]
  }

  statement {
    sid       = "PassOnlyPipelineEventsRoles"
    actions   = ["iam:PassRole"]
    resources = [for p in local.pipeline_names : aws_iam_role.events[p].arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["events.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "ack_emrcontainers" {
  statement {
    # CreateVirtualCluster has no resource type (AWS requires "*"); the request must carry
    # this environment's tags and a known pipeline, which is what every other statement keys on.
    sid       = "CreateTaggedVirtualClustersRequiresWildcard"
    actions   = ["emr-containers:CreateVirtualCluster"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/edp.dev/environment"
      values   = [var.environment]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/edp.dev/pipeline"
      values   = local.pipeline_names
    }
  }

  statement {
    sid       = "TagOnCreate"
    actions   = ["emr-containers:TagResource"]
    resources = ["arn:${local.partition}:emr-containers:${local.region}:${local.account_id}:/virtualclusters/*"]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/edp.dev/environment"
      values   = [var.environment]
    }
  }

  statement {
    sid = "ManageEnvironmentVirtualClusters"
    actions = [
      "emr-containers:DescribeVirtualCluster",
      "emr-containers:DeleteVirtualCluster",
      "emr-containers:ListTagsForResource",
      "emr-containers:TagResource",
      "emr-containers:UntagResource",
    ]
    resources = ["arn:${local.partition}:emr-containers:${local.region}:${local.account_id}:/virtualclusters/*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/edp.dev/environment"
      values   = [var.environment]
    }
  }

  statement {
    sid       = "ReadThisCluster"
    actions   = ["eks:DescribeCluster"]
    resources = [module.eks.cluster_arn]
  }
}
