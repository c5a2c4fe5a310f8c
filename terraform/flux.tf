# Flux: controllers from the community Helm chart, the Git credentials, the cluster facts
# (cluster-vars) and the committed clusters/<env>/flux-system/gotk-sync.yaml. From then on
# Flux reconciles ./clusters/<env> (gotk-sync.yaml included) from Git.
#
# Why not the flux provider's flux_bootstrap_git: it commits Flux's own manifests to this
# repository on apply (so Terraform needs write access to Git), a lost state re-applies empty
# files and leaves flux-system Terminating (fluxcd/terraform-provider-flux#740), a recreated
# cluster is not noticed (#500) and destroy fails with "cannot create empty commit" (#479).
# Here Terraform only reads Git; Flux only writes the cluster.

locals {
  flux_namespace = "flux-system"

  gotk_sync_path = "${path.module}/../clusters/${var.environment}/flux-system/gotk-sync.yaml"
  # The one placeholder Terraform fills in; Flux substitutes the same key from cluster-vars
  # when it reconciles the file from Git. Any other ${...} left would be applied unsubstituted.
  gotk_sync_text = replace(file(local.gotk_sync_path), "$${FLUX_GIT_URL}", var.flux_git_url)
  gotk_sync_docs = [
    for doc in split("\n---", "\n${local.gotk_sync_text}") : yamldecode(doc)
    if length(regexall("(?m)^[^#\\s]", doc)) > 0
  ]
  gotk_git_repository = one([for d in local.gotk_sync_docs : d if d.kind == "GitRepository"])
  flux_git_secret     = try(local.gotk_git_repository.spec.secretRef.name, null)

  flux_git_secret_data = var.flux_git_auth.github_app != null ? {
    githubAppID             = var.flux_git_auth.github_app.app_id
    githubAppInstallationID = var.flux_git_auth.github_app.installation_id
    githubAppPrivateKey     = var.flux_git_auth.github_app.private_key
    } : {
    identity    = var.flux_git_auth.deploy_key.private_key
    known_hosts = var.flux_git_auth.deploy_key.known_hosts
  }
}

# --- Controllers ---------------------------------------------------------------------------

resource "helm_release" "flux" {
  name             = "flux2"
  namespace        = local.flux_namespace
  create_namespace = true
  repository       = "https://fluxcd-community.github.io/helm-charts"
  chart            = "flux2"
  version          = var.flux_chart_version

  values = [yamlencode({
    installCRDs = true
    kustomizeController = {
      container = {
        # Builds may use only what is in this repository: no remote bases fetched at build time.
        additionalArgs = ["--no-remote-bases=true"]
      }
    }
    # Nothing here uses image automation.
    imageAutomationController = { create = false }
    imageReflectionController = { create = false }
  })]

  depends_on = [module.eks]
}

# --- What Flux needs before its first reconciliation ---------------------------------------

resource "kubernetes_secret_v1" "flux_git_auth" {
  metadata {
    name      = local.flux_git_secret
    namespace = local.flux_namespace
  }

  data = local.flux_git_secret_data

  lifecycle {
    # Credentials are written when the secret is created. Rotate them with
    #   terraform apply -replace=kubernetes_secret_v1.flux_git_auth
    # so that a plan without the real credentials (the read-only CI plan) shows no change.
    ignore_changes = [data]

    precondition {
      condition     = local.flux_git_secret != null
      error_message = "The GitRepository in ${local.gotk_sync_path} has no spec.secretRef.name: add one (e.g. flux-system) so Flux uses these credentials."
    }
    precondition {
      condition = var.flux_git_auth.github_app == null || (
        startswith(var.flux_git_url, "https://") && try(local.gotk_git_repository.spec.provider, "") == "github"
      )
      error_message = "GitHub App credentials need an https:// flux_git_url and spec.provider: github on the GitRepository in ${local.gotk_sync_path}."
    }
    precondition {
      condition     = var.flux_git_auth.deploy_key == null || startswith(var.flux_git_url, "ssh://")
      error_message = "A deploy key needs an ssh://git@github.com/<owner>/<repo>.git flux_git_url."
    }
  }

  depends_on = [helm_release.flux]
}

locals {
  # cluster-vars: one key per `provider: terraform` variable in clusters/variables.yaml.
  # Keys that do not depend on a pipeline:
  cluster_vars_static = {
    AWS_ACCOUNT_ID   = local.account_id
    AWS_REGION       = var.aws_region
    EKS_CLUSTER_NAME = module.eks.cluster_name
    FLUX_GIT_URL     = var.flux_git_url
  }
  # Keys per pipeline: <PIPELINE>_<suffix>, e.g. taxi-trips -> TAXI_TRIPS_SFN_ROLE_ARN.
  cluster_vars_pipeline_suffixes = ["SFN_ROLE_ARN", "EVENTS_ROLE_ARN", "JOB_ROLE_ARN", "DLQ_ARN", "LOG_GROUP_ARN"]
  cluster_vars_pipeline_values = {
    for p in keys(local.names) : p => {
      SFN_ROLE_ARN    = aws_iam_role.sfn[p].arn
      EVENTS_ROLE_ARN = aws_iam_role.events[p].arn
      JOB_ROLE_ARN    = aws_iam_role.job[p].arn
      DLQ_ARN         = aws_sqs_queue.dlq[p].arn
      # Step Functions wants the log group ARN with its ":*" suffix.
      LOG_GROUP_ARN = "${trimsuffix(aws_cloudwatch_log_group.sfn[p].arn, ":*")}:*"
    }
  }
  cluster_vars = merge(local.cluster_vars_static, [
    for p in keys(local.names) : {
      for suffix in local.cluster_vars_pipeline_suffixes :
      "${upper(replace(p, "-", "_"))}_${suffix}" => local.cluster_vars_pipeline_values[p][suffix]
    }
  ]...)

  # The contract, read from the same file `edp validate` reads.
  terraform_provided_variables = sort([
    for name, v in yamldecode(file("${path.module}/../clusters/variables.yaml")).variables : name
    if v.provider == "terraform"
  ])
}

resource "kubernetes_config_map_v1" "cluster_vars" {
  metadata {
    name      = "cluster-vars"
    namespace = local.flux_namespace
    labels = {
      # A changed value reconciles the Kustomizations that read it at once.
      "reconcile.fluxcd.io/watch" = "Enabled"
    }
  }

  data = local.cluster_vars

  lifecycle {
    precondition {
      condition     = sort(keys(local.cluster_vars)) == local.terraform_provided_variables
      error_message = "cluster-vars keys (${join(", ", sort(keys(local.cluster_vars)))}) differ from the provider: terraform variables of clusters/variables.yaml (${join(", ", local.terraform_provided_variables)}). Change both together."
    }
  }

  depends_on = [helm_release.flux]
}

# --- The sync objects from Git ---------------------------------------------------------------

# A Helm release of a local chart rather than kubernetes_manifest: GitRepository and
# Kustomization are CRDs the flux release installs, and kubernetes_manifest needs their schema
# when planning, so a plan on an empty cluster would fail. Helm renders them at apply time.
resource "helm_release" "gotk_sync" {
  name      = "flux-system-sync"
  namespace = local.flux_namespace
  chart     = "${path.module}/charts/gotk-sync"

  values = [yamlencode({
    manifests = local.gotk_sync_docs
  })]

  lifecycle {
    precondition {
      condition     = !strcontains(local.gotk_sync_text, "$${")
      error_message = "${local.gotk_sync_path} still contains a $${...} placeholder after FLUX_GIT_URL was filled in: Terraform would apply it unsubstituted."
    }
    precondition {
      condition     = length([for d in local.gotk_sync_docs : d if d.kind == "Kustomization" && try(d.spec.path, "") == "./clusters/${var.environment}"]) == 1
      error_message = "${local.gotk_sync_path} must hold one Kustomization with spec.path ./clusters/${var.environment}."
    }
  }

  # Everything the first reconciliation needs: credentials, variables, and the controllers
  # that turn the pipelines' objects into AWS resources (and delete them again on teardown).
  depends_on = [
    kubernetes_secret_v1.flux_git_auth,
    kubernetes_config_map_v1.cluster_vars,
    helm_release.ack,
    aws_eks_access_entry.emr_containers,
  ]
}
