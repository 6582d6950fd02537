import type { OidcConfig } from './model/platform-model';
import { SpecOf } from './private/props';

export type { OidcConfig } from './model/platform-model';

/**
 * Who may do what inside a virtual cluster: a ClusterRole bound to users, groups and service
 * accounts, cluster-wide or in one namespace (as Palette's `cluster_rbac_binding`).
 */
export interface AccessBinding {
  /** The ClusterRole to bind: `view`, `edit`, `admin`, `cluster-admin` or one of your own. */
  readonly clusterRole: string;
  /**
   * Bind it in this namespace of the virtual cluster only (a RoleBinding).
   * @default - everywhere (a ClusterRoleBinding)
   */
  readonly namespace?: string;
  /**
   * User names, as the API server sees them (with the OIDC username prefix, if the group sets one).
   * @default - none
   */
  readonly users?: string[];
  /**
   * Group names, as the API server sees them (with the OIDC groups prefix, if the group sets one).
   * @default - none
   */
  readonly groups?: string[];
  /**
   * Service accounts of the virtual cluster, as `namespace/name`.
   * @default - none
   */
  readonly serviceAccounts?: string[];
}

/** A second kubeconfig for a virtual cluster, authenticated with a ServiceAccount token instead of the admin certificate. */
export interface ServiceAccountKubeconfig {
  /** The ServiceAccount inside the virtual cluster, as `namespace/name`; vCluster creates it. */
  readonly serviceAccount: string;
  /**
   * The ClusterRole vCluster binds to it.
   * @default 'cluster-admin'
   */
  readonly clusterRole?: string;
}

export const SERVICE_ACCOUNT_KUBECONFIG_PROPS: SpecOf<ServiceAccountKubeconfig> = { serviceAccount: { type: 'string', required: true }, clusterRole: { type: 'string' } };

export const ACCESS_BINDING_PROPS: SpecOf<AccessBinding> = {
  clusterRole: { type: 'string', required: true },
  namespace: { type: 'string' },
  users: { type: 'string[]' },
  groups: { type: 'string[]' },
  serviceAccounts: { type: 'string[]' },
};

export const OIDC_PROPS: SpecOf<OidcConfig> = {
  issuerUrl: { type: 'string', required: true },
  clientId: { type: 'string', required: true },
  usernameClaim: { type: 'string' },
  usernamePrefix: { type: 'string' },
  groupsClaim: { type: 'string' },
  groupsPrefix: { type: 'string' },
};
