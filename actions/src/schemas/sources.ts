/**
 * The upstream files `edp schemas --from-release` downloads, pinned to the exact commits
 * recorded in shared/crds/SOURCES.md (so a release download reproduces the committed
 * schemas byte for byte). `gitBlob` is the leading part of the upstream git blob id, checked
 * after download. `version` is SOURCES.md's wording and lands in schemas/PROVENANCE.json.
 * To move to a newer release: update the commit, version and blob here and in SOURCES.md,
 * then run `npm run schemas -- --from-release` and review the diff.
 */
export interface PinnedSource {
  /** Where the file goes, relative to the generator's input folder. */
  file: string;
  /** GitHub owner/name. */
  repository: string;
  commit: string;
  /** Path inside the upstream repository. */
  path: string;
  version: string;
  gitBlob: string;
}

export const PINNED_SOURCES: readonly PinnedSource[] = [
  {
    file: "s3.services.k8s.aws/s3.services.k8s.aws_buckets.yaml",
    repository: "aws-controllers-k8s/s3-controller",
    commit: "1051f76f2b6db0a948e485014e88470ee51a2fa0",
    path: "config/crd/bases/s3.services.k8s.aws_buckets.yaml",
    version: "HEAD == v1.10.0",
    gitBlob: "37161e38487e",
  },
  {
    file: "sfn.services.k8s.aws/sfn.services.k8s.aws_activities.yaml",
    repository: "aws-controllers-k8s/sfn-controller",
    commit: "43a3c4eced051e66e0566fbfe0c3524a0a810618",
    path: "config/crd/bases/sfn.services.k8s.aws_activities.yaml",
    version: "HEAD == v1.4.2",
    gitBlob: "22e5110182ee",
  },
  {
    file: "sfn.services.k8s.aws/sfn.services.k8s.aws_statemachinealiases.yaml",
    repository: "aws-controllers-k8s/sfn-controller",
    commit: "43a3c4eced051e66e0566fbfe0c3524a0a810618",
    path: "config/crd/bases/sfn.services.k8s.aws_statemachinealiases.yaml",
    version: "HEAD == v1.4.2",
    gitBlob: "baddf6c11f6c",
  },
  {
    file: "sfn.services.k8s.aws/sfn.services.k8s.aws_statemachines.yaml",
    repository: "aws-controllers-k8s/sfn-controller",
    commit: "43a3c4eced051e66e0566fbfe0c3524a0a810618",
    path: "config/crd/bases/sfn.services.k8s.aws_statemachines.yaml",
    version: "HEAD (differs from v1.4.2)",
    gitBlob: "e1e5e5cb25ac",
  },
  {
    file: "eventbridge.services.k8s.aws/eventbridge.services.k8s.aws_archives.yaml",
    repository: "aws-controllers-k8s/eventbridge-controller",
    commit: "b5aed176b3279ebf3f1969f804c2cad2f13d2e64",
    path: "config/crd/bases/eventbridge.services.k8s.aws_archives.yaml",
    version: "HEAD == v1.5.1",
    gitBlob: "5926ed8943d1",
  },
  {
    file: "eventbridge.services.k8s.aws/eventbridge.services.k8s.aws_endpoints.yaml",
    repository: "aws-controllers-k8s/eventbridge-controller",
    commit: "b5aed176b3279ebf3f1969f804c2cad2f13d2e64",
    path: "config/crd/bases/eventbridge.services.k8s.aws_endpoints.yaml",
    version: "HEAD == v1.5.1",
    gitBlob: "bcf1a83ad2cd",
  },
  {
    file: "eventbridge.services.k8s.aws/eventbridge.services.k8s.aws_eventbuses.yaml",
    repository: "aws-controllers-k8s/eventbridge-controller",
    commit: "b5aed176b3279ebf3f1969f804c2cad2f13d2e64",
    path: "config/crd/bases/eventbridge.services.k8s.aws_eventbuses.yaml",
    version: "HEAD == v1.5.1",
    gitBlob: "7126183c7005",
  },
  {
    file: "eventbridge.services.k8s.aws/eventbridge.services.k8s.aws_rules.yaml",
    repository: "aws-controllers-k8s/eventbridge-controller",
    commit: "b5aed176b3279ebf3f1969f804c2cad2f13d2e64",
    path: "config/crd/bases/eventbridge.services.k8s.aws_rules.yaml",
    version: "HEAD == v1.5.1",
    gitBlob: "ed5d9861cae8",
  },
  {
    file: "emrcontainers.services.k8s.aws/emrcontainers.services.k8s.aws_jobruns.yaml",
    repository: "aws-controllers-k8s/emrcontainers-controller",
    commit: "bde79fba617466239b25520ba3a364fd69a9d985",
    path: "config/crd/bases/emrcontainers.services.k8s.aws_jobruns.yaml",
    version: "HEAD (differs from v1.4.1)",
    gitBlob: "a8eefda62db3",
  },
  {
    file: "emrcontainers.services.k8s.aws/emrcontainers.services.k8s.aws_virtualclusters.yaml",
    repository: "aws-controllers-k8s/emrcontainers-controller",
    commit: "bde79fba617466239b25520ba3a364fd69a9d985",
    path: "config/crd/bases/emrcontainers.services.k8s.aws_virtualclusters.yaml",
    version: "HEAD == v1.4.1",
    gitBlob: "14218f8364dc",
  },
  {
    file: "iam.services.k8s.aws/iam.services.k8s.aws_roles.yaml",
    repository: "aws-controllers-k8s/iam-controller",
    commit: "1bb7fc9fd927620ea0dd9b0b5aaa10d8e139128f",
    path: "config/crd/bases/iam.services.k8s.aws_roles.yaml",
    version: "HEAD == v1.8.1",
    gitBlob: "636ba7b10612",
  },
  {
    file: "iam.services.k8s.aws/iam.services.k8s.aws_policies.yaml",
    repository: "aws-controllers-k8s/iam-controller",
    commit: "1bb7fc9fd927620ea0dd9b0b5aaa10d8e139128f",
    path: "config/crd/bases/iam.services.k8s.aws_policies.yaml",
    version: "HEAD == v1.8.1",
    gitBlob: "d8428fc52644",
  },
  {
    file: "services.k8s.aws/services.k8s.aws_fieldexports.yaml",
    repository: "aws-controllers-k8s/runtime",
    commit: "95428e7b79a341b3bfcc571ae1f799a3fbfd9729",
    path: "config/crd/bases/services.k8s.aws_fieldexports.yaml",
    version: "HEAD == v0.61.0",
    gitBlob: "6e2c61e624c2",
  },
  {
    file: "services.k8s.aws/services.k8s.aws_iamroleselectors.yaml",
    repository: "aws-controllers-k8s/runtime",
    commit: "95428e7b79a341b3bfcc571ae1f799a3fbfd9729",
    path: "config/crd/bases/services.k8s.aws_iamroleselectors.yaml",
    version: "HEAD == v0.61.0",
    gitBlob: "803a75c5fb28",
  },
  {
    file: "source.toolkit.fluxcd.io/source.toolkit.fluxcd.io_gitrepositories.yaml",
    repository: "fluxcd/source-controller",
    commit: "39b711b111fa906c3db0a424e252a5d12e48646d",
    path: "config/crd/bases/source.toolkit.fluxcd.io_gitrepositories.yaml",
    version: "HEAD (differs from v1.9.1)",
    gitBlob: "5fa5cf33cd61",
  },
  {
    file: "source.toolkit.fluxcd.io/source.toolkit.fluxcd.io_ocirepositories.yaml",
    repository: "fluxcd/source-controller",
    commit: "39b711b111fa906c3db0a424e252a5d12e48646d",
    path: "config/crd/bases/source.toolkit.fluxcd.io_ocirepositories.yaml",
    version: "HEAD (differs from v1.9.1)",
    gitBlob: "d1ab384e512c",
  },
  {
    file: "source.toolkit.fluxcd.io/source.toolkit.fluxcd.io_buckets.yaml",
    repository: "fluxcd/source-controller",
    commit: "39b711b111fa906c3db0a424e252a5d12e48646d",
    path: "config/crd/bases/source.toolkit.fluxcd.io_buckets.yaml",
    version: "HEAD (differs from v1.9.1)",
    gitBlob: "8b85220f9c8f",
  },
  {
    file: "source.toolkit.fluxcd.io/source.toolkit.fluxcd.io_helmrepositories.yaml",
    repository: "fluxcd/source-controller",
    commit: "39b711b111fa906c3db0a424e252a5d12e48646d",
    path: "config/crd/bases/source.toolkit.fluxcd.io_helmrepositories.yaml",
    version: "HEAD (differs from v1.9.1)",
    gitBlob: "51da2ab3b814",
  },
  {
    file: "source.toolkit.fluxcd.io/source.toolkit.fluxcd.io_helmcharts.yaml",
    repository: "fluxcd/source-controller",
    commit: "39b711b111fa906c3db0a424e252a5d12e48646d",
    path: "config/crd/bases/source.toolkit.fluxcd.io_helmcharts.yaml",
    version: "HEAD (differs from v1.9.1)",
    gitBlob: "ea924cd1939a",
  },
  {
    file: "kustomize.toolkit.fluxcd.io/kustomize.toolkit.fluxcd.io_kustomizations.yaml",
    repository: "fluxcd/kustomize-controller",
    commit: "186fb3b29138ce82ff61ba1a9370b96a3dd598fe",
    path: "config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml",
    version: "HEAD == v1.9.4",
    gitBlob: "3b446ad36d3a",
  },
  {
    file: "helm.toolkit.fluxcd.io/helm.toolkit.fluxcd.io_helmreleases.yaml",
    repository: "fluxcd/helm-controller",
    commit: "0f61a8607a62be64638f2f912d9487e653960a6e",
    path: "config/crd/bases/helm.toolkit.fluxcd.io_helmreleases.yaml",
    version: "HEAD == v1.6.3",
    gitBlob: "5ae44deb82df",
  },
  {
    file: "notification.toolkit.fluxcd.io/notification.toolkit.fluxcd.io_providers.yaml",
    repository: "fluxcd/notification-controller",
    commit: "2e46958a67f3af0e3e755a4fcaf7397d5803725e",
    path: "config/crd/bases/notification.toolkit.fluxcd.io_providers.yaml",
    version: "HEAD (differs from v1.9.3)",
    gitBlob: "f17217c69234",
  },
  {
    file: "notification.toolkit.fluxcd.io/notification.toolkit.fluxcd.io_alerts.yaml",
    repository: "fluxcd/notification-controller",
    commit: "2e46958a67f3af0e3e755a4fcaf7397d5803725e",
    path: "config/crd/bases/notification.toolkit.fluxcd.io_alerts.yaml",
    version: "HEAD == v1.9.3",
    gitBlob: "2ff161d08ae9",
  },
  {
    file: "notification.toolkit.fluxcd.io/notification.toolkit.fluxcd.io_receivers.yaml",
    repository: "fluxcd/notification-controller",
    commit: "2e46958a67f3af0e3e755a4fcaf7397d5803725e",
    path: "config/crd/bases/notification.toolkit.fluxcd.io_receivers.yaml",
    version: "HEAD == v1.9.3",
    gitBlob: "669f36533f9c",
  },
  {
    file: "k8s-core/namespace-v1.json",
    repository: "fluxcd/flux-schema",
    commit: "9946a7cd4487b6d47cc9cd27d19ec8a274941af6",
    path: "catalog/latest/core/namespace_v1.json",
    version: "flux-schema v0.11.0 (== HEAD); Kubernetes v1.36.2",
    gitBlob: "c5b0804380e1",
  },
  {
    file: "k8s-core/serviceaccount-v1.json",
    repository: "fluxcd/flux-schema",
    commit: "9946a7cd4487b6d47cc9cd27d19ec8a274941af6",
    path: "catalog/latest/core/serviceaccount_v1.json",
    version: "flux-schema v0.11.0 (== HEAD); Kubernetes v1.36.2",
    gitBlob: "cc3a969d5dc9",
  },
  {
    file: "k8s-core/configmap-v1.json",
    repository: "fluxcd/flux-schema",
    commit: "9946a7cd4487b6d47cc9cd27d19ec8a274941af6",
    path: "catalog/latest/core/configmap_v1.json",
    version: "flux-schema v0.11.0 (== HEAD); Kubernetes v1.36.2",
    gitBlob: "aa6422296744",
  },
  {
    file: "k8s-core/secret-v1.json",
    repository: "fluxcd/flux-schema",
    commit: "9946a7cd4487b6d47cc9cd27d19ec8a274941af6",
    path: "catalog/latest/core/secret_v1.json",
    version: "flux-schema v0.11.0 (== HEAD); Kubernetes v1.36.2",
    gitBlob: "02f91781cf5b",
  },
  {
    file: "k8s-core/role-rbac-v1.json",
    repository: "fluxcd/flux-schema",
    commit: "9946a7cd4487b6d47cc9cd27d19ec8a274941af6",
    path: "catalog/latest/rbac.authorization.k8s.io/role_v1.json",
    version: "flux-schema v0.11.0 (== HEAD); Kubernetes v1.36.2",
    gitBlob: "d0937376f09a",
  },
  {
    file: "k8s-core/rolebinding-rbac-v1.json",
    repository: "fluxcd/flux-schema",
    commit: "9946a7cd4487b6d47cc9cd27d19ec8a274941af6",
    path: "catalog/latest/rbac.authorization.k8s.io/rolebinding_v1.json",
    version: "flux-schema v0.11.0 (== HEAD); Kubernetes v1.36.2",
    gitBlob: "c8d89833079f",
  },
  {
    file: "k8s-core/clusterrole-rbac-v1.json",
    repository: "fluxcd/flux-schema",
    commit: "9946a7cd4487b6d47cc9cd27d19ec8a274941af6",
    path: "catalog/latest/rbac.authorization.k8s.io/clusterrole_v1.json",
    version: "flux-schema v0.11.0 (== HEAD); Kubernetes v1.36.2",
    gitBlob: "0d9e39d864e6",
  },
  {
    file: "k8s-core/clusterrolebinding-rbac-v1.json",
    repository: "fluxcd/flux-schema",
    commit: "9946a7cd4487b6d47cc9cd27d19ec8a274941af6",
    path: "catalog/latest/rbac.authorization.k8s.io/clusterrolebinding_v1.json",
    version: "flux-schema v0.11.0 (== HEAD); Kubernetes v1.36.2",
    gitBlob: "c8d89833079f",
  },
];

export function rawUrl(source: PinnedSource): string {
  return `https://raw.githubusercontent.com/${source.repository}/${source.commit}/${source.path}`;
}

export function browseUrl(source: PinnedSource): string {
  return `https://github.com/${source.repository}/blob/${source.commit}/${source.path}`;
}
