# Every AWS name this stack and the overlays share, in one place.
#
# The templates are plain strings: "{pipeline}" stands for the pipeline key and
# ${var.environment} for the environment, nothing else. actions/test/terraform-contract.test.ts
# evaluates them the same way and compares the result with what `kubectl kustomize
# apps/<pipeline>/overlays/<env>/...` renders, so a rename on either side fails CI.
locals {
  name_templates = {
    # Created by ACK from the overlays (Terraform only scopes IAM to these names).
    bucket          = "edp-{pipeline}-${var.environment}"
    state_machine   = "{pipeline}-${var.environment}"
    rule            = "{pipeline}-${var.environment}-script-uploaded"
    virtual_cluster = "{pipeline}-${var.environment}"
    # Created by Terraform.
    sfn_role      = "edp-${var.environment}-{pipeline}-sfn"
    events_role   = "edp-${var.environment}-{pipeline}-events"
    job_role      = "edp-${var.environment}-{pipeline}-job"
    dlq           = "edp-${var.environment}-{pipeline}-dlq"
    log_group     = "/aws/vendedlogs/states/edp-${var.environment}-{pipeline}"
    job_log_group = "/aws/emr-containers/edp-${var.environment}-{pipeline}"
  }

  names = {
    for p in keys(var.pipelines) : p => {
      for kind, template in local.name_templates : kind => replace(template, "{pipeline}", p)
    }
  }
}

locals {
  cluster_name = "edp-${var.environment}"
  account_id   = var.aws_account_id # the provider refuses any other account (allowed_account_ids)
  partition    = data.aws_partition.current.partition
  region       = var.aws_region

  tags = merge(var.tags, {
    "edp.dev/environment" = var.environment
    "edp.dev/managed-by"  = "terraform"
  })

  # ARNs that follow from the fixed names above (the virtual cluster ID is the only AWS
  # identifier nobody knows in advance: IAM matches virtual clusters by their tags instead).
  arns = {
    for p, n in local.names : p => {
      bucket                = "arn:${local.partition}:s3:::${n.bucket}"
      state_machine         = "arn:${local.partition}:states:${local.region}:${local.account_id}:stateMachine:${n.state_machine}"
      state_machine_execs   = "arn:${local.partition}:states:${local.region}:${local.account_id}:execution:${n.state_machine}:*"
      rule                  = "arn:${local.partition}:events:${local.region}:${local.account_id}:rule/${n.rule}"
      virtual_clusters      = "arn:${local.partition}:emr-containers:${local.region}:${local.account_id}:/virtualclusters/*"
      virtual_cluster_jobs  = "arn:${local.partition}:emr-containers:${local.region}:${local.account_id}:/virtualclusters/*/jobruns/*"
      sfn_log_group_streams = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${n.log_group}:*"
      job_log_group_streams = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${n.job_log_group}:*"
    }
  }
}

data "aws_partition" "current" {}
