# EMR on EKS: the service's access to the cluster and the role Spark jobs run as.
#
# EMR reaches the Kubernetes API as its service-linked role. The access entry below maps that
# role to the Kubernetes user "emr-containers"; what the user may do in each pipeline namespace
# is the Role/RoleBinding declared in Git (apps/<pipeline>/base/infra/emr-rbac.yaml).

resource "aws_iam_service_linked_role" "emr_containers" {
  count = var.create_emr_service_linked_role ? 1 : 0

  aws_service_name = "emr-containers.amazonaws.com"
  description      = "Lets EMR on EKS manage job pods in namespaces registered as virtual clusters."
}

resource "aws_eks_access_entry" "emr_containers" {
  cluster_name = module.eks.cluster_name
  # Access entries take the role ARN without its /aws-service-role/... path.
  principal_arn = "arn:${local.partition}:iam::${local.account_id}:role/AWSServiceRoleForAmazonEMRContainers"
  user_name     = "emr-containers"
  type          = "STANDARD"

  depends_on = [aws_iam_service_linked_role.emr_containers]
}

# --- Job execution role, one per pipeline --------------------------------------------------

# EMR names a job's service account emr-containers-sa-<driver|executor...>-<id>-<account>-<role>,
# <role> being the execution role name in base36 (aws emr-containers update-role-trust-policy).
module "job_role_base36" {
  source   = "./modules/base36"
  for_each = local.names

  value = each.value.job_role
}

data "aws_iam_policy_document" "job_trust" {
  for_each = local.names

  statement {
    sid     = "EmrJobPodsOfThisPipelineOnly"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [module.eks.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${module.eks.oidc_provider}:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "${module.eks.oidc_provider}:sub"
      values   = ["system:serviceaccount:${var.pipelines[each.key].namespace}:emr-containers-sa-*-*-${local.account_id}-${module.job_role_base36[each.key].encoded}"]
    }
  }
}

resource "aws_iam_role" "job" {
  for_each = local.names

  name               = each.value.job_role
  description        = "EMR on EKS job execution role of the ${each.key} pipeline in ${var.environment}"
  assume_role_policy = data.aws_iam_policy_document.job_trust[each.key].json
}

resource "aws_cloudwatch_log_group" "job" {
  for_each = local.names

  name              = each.value.job_log_group
  retention_in_days = var.log_retention_days
}

locals {
  # Spark (EMRFS) reads a "directory" s3://bucket/input as the key "input", the prefix "input/"
  # and a marker "input_$folder$": each prefix stands for all three.
  job_read_prefixes  = ["scripts", "deps", "pod-templates", "input", "output"]
  job_write_prefixes = ["output", "logs"]
  job_key_patterns   = { for p in distinct(concat(local.job_read_prefixes, local.job_write_prefixes)) : p => [p, "${p}/*", "${p}_$folder$"] }
}

data "aws_iam_policy_document" "job" {
  for_each = local.names

  statement {
    # Its own bucket only. Not limited by s3:prefix: Spark also HEADs directory keys, and S3
    # answers 403 instead of 404 for a missing key unless s3:ListBucket applies to that request.
    sid       = "ListOwnBucket"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [local.arns[each.key].bucket]
  }

  statement {
    sid       = "ReadCodeAndInput"
    actions   = ["s3:GetObject"]
    resources = flatten([for p in local.job_read_prefixes : [for k in local.job_key_patterns[p] : "${local.arns[each.key].bucket}/${k}"]])
  }

  statement {
    sid = "WriteOutputAndLogs"
    actions = [
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ]
    resources = flatten([for p in local.job_write_prefixes : [for k in local.job_key_patterns[p] : "${local.arns[each.key].bucket}/${k}"]])
  }

  statement {
    sid = "WriteJobLogs"
    actions = [
      "logs:CreateLogStream",
      "logs:DescribeLogStreams",
      "logs:PutLogEvents",
    ]
    resources = [local.arns[each.key].job_log_group_streams]
  }

  dynamic "statement" {
    for_each = var.sync_kms_key_arn == null ? [] : [var.sync_kms_key_arn]
    content {
      sid       = "UseBucketKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "job" {
  for_each = local.names

  name   = "pipeline-bucket-and-logs"
  role   = aws_iam_role.job[each.key].id
  policy = data.aws_iam_policy_document.job[each.key].json
}
