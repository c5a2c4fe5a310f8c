# The environment's EKS cluster. Authentication is EKS access entries only
# (authentication_mode = "API"): there is no aws-auth ConfigMap to drift or to lock anyone out.
# Access entries here: the identity running Terraform (cluster creator) and the operator roles.
# emr.tf adds EMR's service-linked role, github-oidc.tf the read-only plan role.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = local.cluster_name
  kubernetes_version = var.kubernetes_version

  vpc_id     = module.vpc.vpc_id
  subnet_ids = module.vpc.private_subnets

  endpoint_private_access      = true
  endpoint_public_access       = length(var.cluster_endpoint_public_access_cidrs) > 0
  endpoint_public_access_cidrs = var.cluster_endpoint_public_access_cidrs

  authentication_mode                      = "API"
  enable_cluster_creator_admin_permissions = true

  # IRSA's OIDC provider: EMR on EKS job execution roles are assumed through it (emr.tf).
  enable_irsa = true

  addons = {
    vpc-cni = {
      before_compute = true
    }
    # ACK controllers get their AWS credentials through EKS Pod Identity (ack.tf).
    eks-pod-identity-agent = {
      before_compute = true
    }
    kube-proxy = {}
    coredns    = {}
  }

  eks_managed_node_groups = {
    default = {
      instance_types = var.node_group.instance_types
      capacity_type  = var.node_group.capacity_type
      min_size       = var.node_group.min_size
      max_size       = var.node_group.max_size
      desired_size   = var.node_group.desired_size

      block_device_mappings = {
        xvda = {
          device_name = "/dev/xvda"
          ebs = {
            volume_size           = var.node_group.disk_size_gib
            volume_type           = "gp3"
            encrypted             = true
            delete_on_termination = true
          }
        }
      }

      labels = {
        "edp.dev/node-group" = "default"
      }
    }
  }

  access_entries = {
    for i, arn in var.cluster_admin_principal_arns : "admin-${i}" => {
      principal_arn = arn
      policy_associations = {
        admin = {
          policy_arn = "arn:${local.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = {
            type = "cluster"
          }
        }
      }
    }
  }
}
