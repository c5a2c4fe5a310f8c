# The dev environment. Values shown as 111122223333 / example-org are placeholders: replace
# them before the first apply (the provider refuses any account but aws_account_id).
# Sensitive inputs are not here: export TF_VAR_flux_git_auth from the secret store.
environment    = "dev"
aws_region     = "eu-west-1"
aws_account_id = "111122223333"

github_repository = "example-org/edp-gitops"
flux_git_url      = "ssh://git@github.com/example-org/edp-gitops.git"

kubernetes_version = "1.35"
vpc_cidr           = "10.10.0.0/16"
single_nat_gateway = true

# Operator and CI runner ranges that may reach the EKS API (documentation range as placeholder).
cluster_endpoint_public_access_cidrs = ["203.0.113.0/24"]

node_group = {
  instance_types = ["m6i.xlarge", "m6a.xlarge"]
  capacity_type  = "SPOT"
  min_size       = 1
  desired_size   = 2
  max_size       = 4
  disk_size_gib  = 50
}

log_retention_days = 14

# One environment per AWS account creates the EMR service-linked role (and the GitHub OIDC
# provider: set github_oidc_provider_arn in the others when they share an account).
create_emr_service_linked_role = true
