# Inputs of the cluster-side stack. Every environment sets the required ones (no default) in
# envs/<env>.tfvars; sensitive ones come from the environment (TF_VAR_*), never from a file in Git.

# --- Where -------------------------------------------------------------------------------

variable "environment" {
  type        = string
  description = "Environment name: one EKS cluster, one Flux path (clusters/<environment>), one overlay per pipeline."

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod (the folders under clusters/)."
  }
}

variable "aws_region" {
  type        = string
  description = "AWS region of the cluster and of every pipeline resource (written to cluster-vars as AWS_REGION)."

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-\\d$", var.aws_region))
    error_message = "aws_region must look like eu-west-1 (the AWS_REGION pattern in clusters/variables.yaml)."
  }
}

variable "aws_account_id" {
  type        = string
  description = "The only AWS account this configuration may change (provider allowed_account_ids); written to cluster-vars as AWS_ACCOUNT_ID."

  validation {
    condition     = can(regex("^\\d{12}$", var.aws_account_id))
    error_message = "aws_account_id must be 12 digits."
  }
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every AWS resource Terraform creates (added to the edp.dev/* defaults)."
  default     = {}
}

# --- Network and cluster -----------------------------------------------------------------

variable "vpc_cidr" {
  type        = string
  description = "CIDR of the environment's VPC; private subnets take /20s from its start, public subnets /24s near its end."
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) <= 16
    error_message = "vpc_cidr must be a valid IPv4 CIDR of size /16 or larger."
  }
}

variable "availability_zone_count" {
  type        = number
  description = "How many availability zones the VPC and the node group span."
  default     = 3

  validation {
    condition     = var.availability_zone_count >= 2 && var.availability_zone_count <= 4
    error_message = "availability_zone_count must be between 2 and 4 (EKS needs at least two)."
  }
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway for the whole VPC (cheaper) instead of one per availability zone (survives a zone outage)."
  default     = true
}

variable "kubernetes_version" {
  type        = string
  description = "EKS Kubernetes minor version, e.g. \"1.35\". Upgrade one minor at a time."

  validation {
    condition     = can(regex("^1\\.\\d{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must be a minor version such as \"1.35\"."
  }
}

variable "cluster_endpoint_public_access_cidrs" {
  type        = list(string)
  description = "CIDRs allowed to reach the public EKS API endpoint (operators and CI runners). Empty keeps the endpoint private-only."

  validation {
    condition     = alltrue([for c in var.cluster_endpoint_public_access_cidrs : can(cidrhost(c, 0)) && c != "0.0.0.0/0"])
    error_message = "Every entry must be a valid CIDR, and 0.0.0.0/0 is not allowed: list the operator and runner ranges."
  }
}

variable "cluster_admin_principal_arns" {
  type        = list(string)
  description = "IAM roles given cluster-admin through an EKS access entry (break-glass/operator roles). The identity running Terraform is always added."
  default     = []

  validation {
    condition     = alltrue([for a in var.cluster_admin_principal_arns : can(regex("^arn:aws[a-z-]*:iam::\\d{12}:role/", a))])
    error_message = "cluster_admin_principal_arns must be IAM role ARNs."
  }
}

variable "node_group" {
  type = object({
    instance_types = list(string)
    capacity_type  = string
    min_size       = number
    max_size       = number
    desired_size   = number
    disk_size_gib  = number
  })
  description = "The managed node group that runs the controllers and the Spark pods: instance types, ON_DEMAND or SPOT, sizes, root volume GiB."

  validation {
    condition = (
      contains(["ON_DEMAND", "SPOT"], var.node_group.capacity_type) &&
      var.node_group.min_size >= 1 &&
      var.node_group.min_size <= var.node_group.desired_size &&
      var.node_group.desired_size <= var.node_group.max_size &&
      var.node_group.disk_size_gib >= 20 &&
      length(var.node_group.instance_types) > 0
    )
    error_message = "node_group needs capacity_type ON_DEMAND or SPOT, 1 <= min_size <= desired_size <= max_size, disk_size_gib >= 20 and at least one instance type."
  }
}

# --- Pipelines ---------------------------------------------------------------------------

variable "pipelines" {
  type = map(object({
    namespace = string
  }))
  description = "Pipelines in this environment, keyed by pipeline name (apps/<name>). Each gets its roles, DLQ and log group here and its Bucket, StateMachine, Rule and VirtualCluster from its overlay; namespace is the Kubernetes namespace its ACK objects and Spark pods live in."
  default = {
    taxi-trips = { namespace = "taxi-trips" }
  }

  validation {
    condition     = alltrue([for p, cfg in var.pipelines : can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", p)) && can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", cfg.namespace))])
    error_message = "Pipeline names must match ^[a-z][a-z0-9-]{1,18}[a-z0-9]$ (they become bucket, role and queue names) and namespaces must be DNS labels."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the state machine and Spark job log groups."
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "create_emr_service_linked_role" {
  type        = bool
  description = "Create the account-wide AWSServiceRoleForAmazonEMRContainers role. Exactly one environment per AWS account sets true; the others find it existing."
}

# --- Controllers -------------------------------------------------------------------------

variable "ack_chart_repository" {
  type        = string
  description = "OCI repository of the ACK controller Helm charts (<service>-chart)."
  default     = "oci://public.ecr.aws/aws-controllers-k8s"
}

variable "ack_chart_versions" {
  type = object({
    s3            = string
    sfn           = string
    eventbridge   = string
    emrcontainers = string
  })
  description = "Pinned ACK controller chart versions. After a bump, regenerate the manifest schemas from the matching CRDs (npm run schemas) in the same pull request: see .github/dependabot.yml."
  default = {
    s3            = "1.10.0"
    sfn           = "1.4.2"
    eventbridge   = "1.5.1"
    emrcontainers = "1.4.1"
  }

  validation {
    condition     = alltrue([for v in values(var.ack_chart_versions) : can(regex("^\\d+\\.\\d+\\.\\d+$", v))])
    error_message = "ack_chart_versions must be exact versions (x.y.z), never ranges."
  }
}

variable "flux_chart_version" {
  type        = string
  description = "Pinned version of the fluxcd-community flux2 Helm chart that installs the Flux controllers."
  default     = "2.19.0"

  validation {
    condition     = can(regex("^\\d+\\.\\d+\\.\\d+$", var.flux_chart_version))
    error_message = "flux_chart_version must be an exact version (x.y.z)."
  }
}

# --- Flux's access to this repository ----------------------------------------------------

variable "flux_git_url" {
  type        = string
  description = "URL Flux clones this repository from: ssh://git@github.com/<org>/<repo>.git with a deploy key, https://github.com/<org>/<repo>.git with a GitHub App. Replaces the FLUX_GIT_URL placeholder in gotk-sync.yaml and is written to cluster-vars (Flux substitutes it when it reconciles that file from Git)."

  validation {
    condition     = can(regex("^(ssh://git@|https://)[^\\s]+$", var.flux_git_url))
    error_message = "flux_git_url must start with ssh://git@ (deploy key) or https:// (GitHub App)."
  }
}

variable "flux_git_auth" {
  type = object({
    github_app = optional(object({
      app_id          = string
      installation_id = string
      private_key     = string
    }))
    deploy_key = optional(object({
      private_key = string
      known_hosts = string
    }))
  })
  description = "Credentials Flux reads the repository with, exactly one of: github_app (read-only Contents permission, installed on this repository only) or deploy_key (read-only). Pass it as TF_VAR_flux_git_auth from a secret store, never in a .tfvars file."
  sensitive   = true

  validation {
    condition     = (var.flux_git_auth.github_app == null) != (var.flux_git_auth.deploy_key == null)
    error_message = "Set exactly one of flux_git_auth.github_app and flux_git_auth.deploy_key."
  }
}

# --- GitHub Actions ----------------------------------------------------------------------

variable "github_repository" {
  type        = string
  description = "owner/name of this repository on GitHub, exactly as GitHub spells it (the OIDC subject is case-sensitive)."

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository must be owner/name."
  }
}

variable "github_oidc_provider_arn" {
  type        = string
  description = "ARN of an existing token.actions.githubusercontent.com OIDC provider in the account. Null creates it (one per account: the first environment in an account creates it, the others pass its ARN)."
  default     = null
}

variable "sync_allow_delete" {
  type        = bool
  description = "Let the deploy role delete objects under the synced prefixes (needed only when sync-scripts runs with delete: true)."
  default     = false
}

variable "sync_kms_key_arn" {
  type        = string
  description = "KMS key the pipeline buckets encrypt with, if SSE-KMS (the deploy role and job roles then get GenerateDataKey/Decrypt on it). Null for SSE-S3."
  default     = null
}
