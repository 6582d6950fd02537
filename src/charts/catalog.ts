import { deepFreeze } from '../model/values';
import type { UpgradeGate } from '../model/versions';

// The catalog is shared by every group in the process, and JavaScript callers (or other
// languages through jsii) do not see TypeScript's readonly: it is frozen all the way down.

/**
 * The pinned chart catalog: every chart this library installs, at an exact version.
 * Constructs read versions only from here; the README's version table is tested against it.
 */
export const CHARTS = deepFreeze({
  vcluster: {
    chart: 'vcluster',
    repository: 'https://charts.loft.sh',
    upstream: 'https://github.com/loft-sh/vcluster',
    // Oldest first. `defaultKubernetes` is the chart's own default image tag.
    versions: [
      { version: '0.34.7', defaultKubernetes: 'v1.35.0' },
      { version: '0.35.3', defaultKubernetes: 'v1.36.0' },
      { version: '0.36.1', defaultKubernetes: 'v1.36.0' },
    ],
  },
  ingressNginx: {
    chart: 'ingress-nginx',
    repository: 'https://kubernetes.github.io/ingress-nginx',
    upstream: 'https://github.com/kubernetes/ingress-nginx',
    version: '4.15.1',
  },
  metallb: {
    chart: 'metallb',
    repository: 'https://metallb.github.io/metallb',
    upstream: 'https://github.com/metallb/metallb',
    version: '0.16.1',
  },
  externalDns: {
    chart: 'external-dns',
    repository: 'https://kubernetes-sigs.github.io/external-dns',
    upstream: 'https://github.com/kubernetes-sigs/external-dns',
    version: '1.21.1',
  },
  // The application profiles' database and cache presets (Bitnami's charts, as Palette's are).
  postgresql: { chart: 'postgresql', repository: 'oci://registry-1.docker.io/bitnamicharts', upstream: 'https://github.com/bitnami/charts', version: '17.1.1' },
  mysql: { chart: 'mysql', repository: 'oci://registry-1.docker.io/bitnamicharts', upstream: 'https://github.com/bitnami/charts', version: '14.0.5' },
  mongodb: { chart: 'mongodb', repository: 'oci://registry-1.docker.io/bitnamicharts', upstream: 'https://github.com/bitnami/charts', version: '17.0.2' },
  redis: { chart: 'redis', repository: 'oci://registry-1.docker.io/bitnamicharts', upstream: 'https://github.com/bitnami/charts', version: '23.1.1' },
} as const);

/**
 * The pinned container images the library runs itself (the charts pin their own). The kubectl
 * image has no shell: each step of a lifecycle Job is a container of its own.
 */
export const IMAGES = deepFreeze({
  kubectl: {
    image: 'registry.k8s.io/kubectl',
    tag: 'v1.31.2',
    digest: 'sha256:d31de5468fb5c0943358671e3dcf8e4d8281108027efd1f211262d09aedd5519',
    upstream: 'https://github.com/kubernetes/kubernetes',
  },
} as const);

/**
 * How many Kubernetes minors, counting the chart's default one, a vCluster version accepts.
 * vCluster ships and tests the newest Kubernetes lines; older ones fall out of support.
 */
export const KUBERNETES_MINORS_PER_CHART = 4;

export type { UpgradeGate } from '../model/versions';

export const UPGRADE_GATES: readonly UpgradeGate[] = deepFreeze([
  {
    id: 'etcd-migration',
    appliesFrom: '0.29.0',
    requiresAtLeast: '0.24.2',
    note: 'vCluster 0.29 changed the etcd layout; be on 0.24.2 or later before crossing it.',
  },
  {
    id: 'volume-snapshot-keys',
    appliesFrom: '0.36.0',
    removedPaths: ['snapshots.auto.volumes'],
    note: 'vCluster 0.36 rejects the old volume-snapshot keys (snapshots.auto.volumes).',
  },
]);

/**
 * Values paths that need a vCluster Pro licence: those the schemas mark `pro` (a test keeps this
 * list in step with them) and the Pro features the schemas do not mark.
 */
export const PRO_VALUE_PATHS: readonly string[] = deepFreeze([
  'controlPlane.backingStore.etcd.embedded',
  'controlPlane.coredns.embedded',
  'controlPlane.hostPathMapper',
  'experimental.denyProxyRequests',
  'networking.resolveDNS',
  'policies.centralAdmission',
  // Not marked in the schemas, but they turn vCluster's licensed code paths on:
  'sleep',
  'snapshots',
  'deletion',
  'platform',
  'controlPlane.backingStore.database.external',
]);
