# GitHub Actions reaches AWS with OIDC only, no stored keys. Two roles per environment:
#   deploy  used by deploy.yml and rerun-pipeline.yml in the GitHub environment <env>
#           (approvals for staging/prod are configured on that environment): exactly what
#           `edp sync` needs for this environment's pipeline buckets, nothing in the cluster.
#   plan    used by pull-request.yml's terraform job (same-repository pull requests only):
#           read-only, to show `terraform plan` on the pull request.

locals {
  github_oidc_host         = "token.actions.githubusercontent.com"
  github_oidc_provider_arn = coalesce(var.github_oidc_provider_arn, try(aws_iam_openid_connect_provider.github[0].arn, null))

  # Prefixes `edp sync` uploads (apps/<pipeline>/pipeline.yaml sources). scripts/ is the one the
  # rule watches; the others must land first and never start a run.
  sync_prefixes = ["deps", "pod-templates", "input", "scripts"]

  # The one OIDC subject each role trusts.
  github_role_subjects = {
    # A job that declares `environment: <env>` gets this subject; nothing else does (no branch,
    # tag or pull request subject), so the environment's protection rules gate every use.
    deploy = "repo:${var.github_repository}:environment:${var.environment}"
    # Pull request workflows get this subject. Fork pull requests never get an OIDC token
    # (pull-request.yml also skips the job for them).
    plan = "repo:${var.github_repository}:pull_request"
  }
}

# Each role trusts GitHub's OIDC tokens for this repository with its one subject, nothing wider.
data "aws_iam_policy_document" "github_trust" {
  for_each = local.github_role_subjects

  statement {
    sid     = "GitHubOidc${title(each.key)}"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.github_oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.github_oidc_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.github_oidc_host}:sub"
      values   = [each.value]
    }
  }
}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.github_oidc_provider_arn == null ? 1 : 0

  url            = "https://${local.github_oidc_host}"
  client_id_list = ["sts.amazonaws.com"]
}

# --- deploy --------------------------------------------------------------------------------

resource "aws_iam_role" "deploy" {
  name                 = "edp-${var.environment}-github-deploy"
  description          = "GitHub Actions (${var.github_repository}, environment ${var.environment}): sync pipeline files to S3"
  assume_role_policy   = data.aws_iam_policy_document.github_trust["deploy"].json
  max_session_duration = 3600
}

data "aws_iam_policy_document" "deploy" {
  dynamic "statement" {
    for_each = local.names
    content {
      sid       = "List${replace(title(replace(statement.key, "-", " ")), " ", "")}SyncedPrefixes"
      actions   = ["s3:ListBucket"]
      resources = [local.arns[statement.key].bucket]

      condition {
        test     = "StringLike"
        variable = "s3:prefix"
        values   = [for p in local.sync_prefixes : "${p}/*"]
      }
    }
  }

  dynamic "statement" {
    for_each = local.names
    content {
      sid = "ReadWrite${replace(title(replace(statement.key, "-", " ")), " ", "")}SyncedObjects"
      # GetObject also covers HeadObject (the checksum comparison before any upload);
      # AbortMultipartUpload lets a failed multipart upload clean up its parts (and report the
      # real error, not the abort's AccessDenied).
      actions   = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"]
      resources = [for p in local.sync_prefixes : "${local.arns[statement.key].bucket}/${p}/*"]
    }
  }

  dynamic "statement" {
    for_each = { for p, n in local.names : p => n if var.sync_allow_delete }
    content {
      sid       = "Delete${replace(title(replace(statement.key, "-", " ")), " ", "")}SyncedObjects"
      actions   = ["s3:DeleteObject"]
      resources = [for p in local.sync_prefixes : "${local.arns[statement.key].bucket}/${p}/*"]
    }
  }

  dynamic "statement" {
    for_each = local.names
    content {
      # ensure-eventbridge: check, and if needed switch on, S3 -> EventBridge delivery (the ACK
      # s3-controller cannot).
      sid       = "Notification${replace(title(replace(statement.key, "-", " ")), " ", "")}Bucket"
      actions   = ["s3:GetBucketNotification", "s3:PutBucketNotification"]
      resources = [local.arns[statement.key].bucket]
    }
  }

  dynamic "statement" {
    for_each = local.names
    content {
      sid       = "Observe${replace(title(replace(statement.key, "-", " ")), " ", "")}StateMachine"
      actions   = ["states:DescribeStateMachine", "states:ListExecutions"]
      resources = [local.arns[statement.key].state_machine]
    }
  }

  dynamic "statement" {
    for_each = local.names
    content {
      sid       = "Observe${replace(title(replace(statement.key, "-", " ")), " ", "")}Executions"
      actions   = ["states:DescribeExecution"]
      resources = [local.arns[statement.key].state_machine_execs]
    }
  }

  dynamic "statement" {
    for_each = local.names
    content {
      sid       = "Observe${replace(title(replace(statement.key, "-", " ")), " ", "")}Rule"
      actions   = ["events:DescribeRule", "events:ListTargetsByRule"]
      resources = [local.arns[statement.key].rule]
    }
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

resource "aws_iam_role_policy" "deploy" {
  name   = "edp-sync"
  role   = aws_iam_role.deploy.id
  policy = data.aws_iam_policy_document.deploy.json
}

# --- plan ----------------------------------------------------------------------------------

resource "aws_iam_role" "plan" {
  name                 = "edp-${var.environment}-github-plan"
  description          = "GitHub Actions (${var.github_repository}, pull requests): read-only terraform plan of ${var.environment}"
  assume_role_policy   = data.aws_iam_policy_document.github_trust["plan"].json
  max_session_duration = 3600
}

resource "aws_iam_role_policy_attachment" "plan_read_only" {
  role       = aws_iam_role.plan.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/ReadOnlyAccess"
}

data "aws_iam_policy_document" "plan_guardrails" {
  statement {
    # ReadOnlyAccess reads object data too: a plan never needs the pipelines' data or events.
    sid       = "NoPipelineData"
    effect    = "Deny"
    actions   = ["s3:GetObject", "s3:GetObjectVersion", "sqs:ReceiveMessage"]
    resources = concat([for p in keys(local.names) : "${local.arns[p].bucket}/*"], [for q in aws_sqs_queue.dlq : q.arn])
  }
}

resource "aws_iam_role_policy" "plan_guardrails" {
  name   = "no-pipeline-data"
  role   = aws_iam_role.plan.id
  policy = data.aws_iam_policy_document.plan_guardrails.json
}

# Read-only view of the cluster (no Secrets) so the helm and kubernetes providers can plan.
resource "aws_eks_access_entry" "plan" {
  cluster_name  = module.eks.cluster_name
  principal_arn = aws_iam_role.plan.arn
  type          = "STANDARD"
}

resource "aws_eks_access_policy_association" "plan" {
  cluster_name  = module.eks.cluster_name
  principal_arn = aws_eks_access_entry.plan.principal_arn
  policy_arn    = "arn:${local.partition}:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"

  access_scope {
    type = "cluster"
  }
}
