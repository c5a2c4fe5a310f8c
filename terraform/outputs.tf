# Every output is used by a person or a workflow; docs/operations.md says which and where.

output "cluster_name" {
  description = "EKS cluster of this environment (also EKS_CLUSTER_NAME in cluster-vars)."
  value       = module.eks.cluster_name
}

output "kubeconfig_command" {
  description = "Command that adds this cluster to your kubeconfig (needs an access entry: cluster_admin_principal_arns)."
  value       = "aws eks update-kubeconfig --region ${var.aws_region} --name ${module.eks.cluster_name}"
}

output "deploy_role_arn" {
  description = "Role deploy.yml and rerun-pipeline.yml assume: set it as the EDP_DEPLOY_ROLE_ARN variable of the GitHub environment named like this environment."
  value       = aws_iam_role.deploy.arn
}

output "plan_role_arn" {
  description = "Read-only role pull-request.yml plans with: put it under this environment's key in the EDP_PLAN_ROLE_ARNS repository variable."
  value       = aws_iam_role.plan.arn
}

output "github_oidc_provider_arn" {
  description = "GitHub OIDC provider of the account: pass it as github_oidc_provider_arn to the other environments in the same account."
  value       = local.github_oidc_provider_arn
}

output "cluster_vars" {
  description = "What Terraform wrote to the flux-system/cluster-vars ConfigMap (Flux substitution variables)."
  value       = local.cluster_vars
}

output "pipelines" {
  description = "Per pipeline: the AWS names the overlays must use and the roles, queue and log groups Terraform made for them."
  value = {
    for p, n in local.names : p => merge(n, {
      sfn_role_arn    = aws_iam_role.sfn[p].arn
      events_role_arn = aws_iam_role.events[p].arn
      job_role_arn    = aws_iam_role.job[p].arn
      dlq_url         = aws_sqs_queue.dlq[p].id
      job_service_account_pattern = (
        "system:serviceaccount:${var.pipelines[p].namespace}:emr-containers-sa-*-*-${local.account_id}-${module.job_role_base36[p].encoded}"
      )
    })
  }
}

output "ack_controller_role_arns" {
  description = "IAM role of each ACK controller (EKS Pod Identity), for auditing what each may touch."
  value       = { for k, r in aws_iam_role.ack : k => r.arn }
}
