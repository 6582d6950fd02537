import type { DataKubernetesSecretV1 } from '@cdktf/provider-kubernetes/lib/data-kubernetes-secret-v1';
import { Fn, Token } from 'cdktf';
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

/** Options for a virtual cluster's OIDC login kubeconfig. */
export interface OidcKubeconfigOptions {
  /**
   * Scopes to ask the identity provider for besides `openid`, such as `groups` when the groups
   * claim needs one.
   * @default - `email` when the username claim is `email`; none otherwise
   */
  readonly extraScopes?: string[];
}

/**
 * The CA certificate (base64) of the kubeconfig in a Secret that a data source reads, as a
 * Terraform expression. The Secret's data is sensitive as a whole; the CA certificate is public.
 */
export function caOfKubeconfigSecret(secret: DataKubernetesSecretV1, key: string): string {
  return Token.asString(Fn.nonsensitive(Fn.lookupNested(Fn.yamldecode(secret.data.lookup(key)), ['clusters', 0, 'cluster', 'certificate-authority-data'])));
}

/**
 * A kubeconfig whose user logs in through an OIDC issuer with the kubelogin plugin
 * (`kubectl oidc-login get-token`), as a Terraform expression: YAML with the server, its CA
 * certificate (base64, as kubeconfigs carry it) and no secret.
 */
export function oidcKubeconfigDocument(name: string, server: string, caData: string, oidc: OidcConfig, options: OidcKubeconfigOptions = {}): string {
  const scopes = options.extraScopes ?? (oidc.usernameClaim === 'email' ? ['email'] : []);
  const args = ['oidc-login', 'get-token', `--oidc-issuer-url=${oidc.issuerUrl}`, `--oidc-client-id=${oidc.clientId}`, ...scopes.map((x) => `--oidc-extra-scope=${x}`)];
  return Token.asString(Fn.yamlencode({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { 'server': server, 'certificate-authority-data': caData } }],
    users: [{ name: 'oidc', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'kubectl', args, interactiveMode: 'IfAvailable' } } }],
    contexts: [{ name, context: { cluster: name, user: 'oidc' } }],
    'current-context': name,
  }));
}

export const OIDC_KUBECONFIG_OPTIONS_PROPS: SpecOf<OidcKubeconfigOptions> = { extraScopes: { type: 'string[]' } };
