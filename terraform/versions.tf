# Applied once per environment from this folder:
#   terraform init -backend-config=envs/<env>.s3.tfbackend
#   terraform apply -var-file=envs/<env>.tfvars
# Providers are pinned to a major version here and to exact versions by .terraform.lock.hcl
# (commit it; Dependabot's terraform updater keeps both current).
terraform {
  required_version = ">= 1.11.0" # S3 backend native locking (use_lockfile) is GA from 1.11

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0" # terraform-aws-modules/eks v21 needs >= 6.0
    }
    helm = {
      source  = "hashicorp/helm"
      version = "~> 3.0"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.38"
    }
  }

  # Partial configuration: bucket, key, region and use_lockfile come from envs/<env>.s3.tfbackend.
  backend "s3" {}
}

provider "aws" {
  region = var.aws_region
  # Refuse to touch any other account: a wrong profile fails before it can change anything.
  allowed_account_ids = [var.aws_account_id]

  default_tags {
    tags = local.tags
  }
}

# Both Kubernetes-facing providers authenticate with a short-lived token from the AWS CLI
# (an EKS access entry of the caller), never with a kubeconfig on disk.
provider "kubernetes" {
  host                   = module.eks.cluster_endpoint
  cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)

  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name, "--region", var.aws_region]
  }
}

provider "helm" {
  kubernetes = {
    host                   = module.eks.cluster_endpoint
    cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)

    exec = {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name, "--region", var.aws_region]
    }
  }
}
