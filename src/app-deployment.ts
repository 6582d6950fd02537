import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ITerraformDependable, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AppProfile, AppTier, AppTierKind, PresetChart, SecretKeyRef } from './app-profile';
import { CHARTS } from './charts/catalog';
import { chartRef, checkChartValues } from './charts/chart-source';
import { argumentError } from './private/errors';
import { providerBinding } from './private/bindings';
import { MANAGED_BY_LABEL } from './private/keys';
import { checkProps, SpecOf } from './private/props';
import { isBroken, reportInputError } from './synth/platform-state';
import { VirtualClusterConnection } from './virtual-cluster-connection';

export interface AppDeploymentProps {
  readonly profile: AppProfile;
  /** The virtual cluster to deploy into, through an application stack's connection. */
  readonly connection: VirtualClusterConnection;
  /**
   * The namespace inside the virtual cluster.
   * @default - the profile's name
   */
  readonly namespace?: string;
  /**
   * Create the namespace (not for `default`, or one that exists: an identity with the `edit`
   * ClusterRole may not create namespaces).
   * @default true
   */
  readonly createNamespace?: boolean;
}

/** Kinds without a namespace (the built-in ones, and CRDs); another cluster-scoped kind needs its own empty one. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass', 'PersistentVolume', 'PriorityClass',
  'IngressClass', 'RuntimeClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'APIService', 'CSIDriver', 'VolumeAttachment', 'Node',
]);

const PROPS: SpecOf<AppDeploymentProps> = {
  profile: { type: { is: (v) => v instanceof AppProfile, what: 'an AppProfile' }, required: true },
  connection: { type: { is: (v) => v instanceof VirtualClusterConnection, what: 'a VirtualClusterConnection' }, required: true },
  namespace: { type: 'string' },
  createNamespace: { type: 'boolean' },
};

/**
 * An application profile deployed into a virtual cluster: its tiers in order, each after the one
 * before (so Terraform creates them in order and destroys them in reverse).
 */
export class AppDeployment extends Construct {
  /** The namespace it deploys to, inside the virtual cluster. */
  public readonly namespace: string;
  private readonly created = new Map<string, ITerraformDependable[]>();

  constructor(scope: Construct, id: string, props: AppDeploymentProps) {
    super(scope, id);
    this.namespace = props?.namespace ?? props?.profile?.name ?? '';
    try {
      checkProps(this.node.path, '', props, PROPS);
      if (TerraformStack.of(this) !== TerraformStack.of(props.connection)) {
        throw argumentError(this.node.path, 'connection', props.connection.node.path, 'in another stack: its providers belong to the stack they were made in', 'create the deployment in the connection\'s application stack');
      }
    } catch (e) {
      reportInputError(this, e);
    }
    if (isBroken(this)) return;
    const provider = props.connection.kubernetesProvider;
    const labels = { ...MANAGED_BY_LABEL, 'cluster-groups/app-profile': props.profile.name, 'cluster-groups/app-profile-version': props.profile.version };
    let previous: ITerraformDependable[] = [];
    if (this.namespace !== 'default' && props.createNamespace !== false) {
      previous = [new NamespaceV1(this, 'namespace', { provider, metadata: { name: this.namespace, labels } })];
    }
    for (const tier of props.profile.tiers) {
      const made = this.buildTier(tier, props.connection, { ...labels, 'cluster-groups/tier': tier.name }, previous);
      this.created.set(tier.name, made);
      previous = made;
    }
  }

  /** The resources a tier created, by tier name: for your own dependencies and overrides. */
  public resourcesOf(tier: string): ITerraformDependable[] {
    return [...(this.created.get(tier) ?? [])];
  }

  private buildTier(tier: AppTier, conn: VirtualClusterConnection, labels: { [k: string]: string }, after: ITerraformDependable[]): ITerraformDependable[] {
    const scope = new Construct(this, tier.name);
    const provider = conn.kubernetesProvider;
    const metadata = { name: tier.name, namespace: this.namespace, labels };
    const dependsOn = after.length ? after : undefined;
    const spec = tier._spec;
    switch (tier.kind) {
      case AppTierKind.HELM_CHART:
        return [new Release(scope, 'release', {
          provider: conn.helmProvider, name: tier.name, namespace: this.namespace, chart: spec.chart, repository: spec.repository, version: spec.version,
          values: spec.values ? [JSON.stringify(spec.values, null, 2)] : undefined, wait: true, dependsOn,
        })];
      case AppTierKind.SERVICE: {
        const version = CHARTS[spec.chart as PresetChart].version;
        checkChartValues(scope, spec.chart, version, spec.values, [], { path: this.node.path, prop: `profile.tiers.${tier.name}` });
        return [new Release(scope, 'release', {
          provider: conn.helmProvider, name: tier.name, namespace: this.namespace, ...chartRef(scope, spec.chart, version),
          values: [JSON.stringify(spec.values, null, 2)], wait: true, timeout: 600, dependsOn,
        })];
      }
      case AppTierKind.MANIFESTS: {
        const { Manifest } = providerBinding('manifest');
        // The API server refuses a namespace on a cluster-scoped object: those are left as given.
        const place = (m: { [k: string]: any }) => (CLUSTER_SCOPED.has(m.kind) ? m : { ...m, metadata: { namespace: this.namespace, ...(m.metadata ?? {}) } });
        return (spec.manifests as { [k: string]: any }[]).map((m, i) => new Manifest(scope, `manifest-${i}`, { provider, manifest: place(m), dependsOn }));
      }
      default: {
        const selector = { 'cluster-groups/tier': tier.name };
        const container = {
          name: tier.name,
          image: spec.image,
          command: spec.command,
          args: spec.args,
          port: tier.port !== undefined ? [{ containerPort: tier.port }] : undefined,
          env: [
            ...Object.entries((spec.env ?? {}) as { [k: string]: string }).map(([name, value]) => ({ name, value })),
            ...Object.entries((spec.secretEnv ?? {}) as { [k: string]: SecretKeyRef }).map(([name, ref]) => ({ name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } })),
          ],
          resources: { requests: spec.resources, limits: spec.resources },
        };
        const template = { metadata: { labels: { ...labels, ...selector } }, spec: { container: [container] } };
        const { DeploymentV1 } = providerBinding('deployment-v1');
        const workload = new DeploymentV1(scope, 'deployment', { provider, metadata, dependsOn, spec: { replicas: String(spec.replicas), selector: { matchLabels: selector }, template } });
        if (tier.port === undefined) return [workload];
        const { ServiceV1 } = providerBinding('service-v1');
        const service = new ServiceV1(scope, 'service', { provider, metadata, dependsOn, spec: { selector, port: [{ port: tier.port, targetPort: String(tier.port) }] } });
        return [workload, service];
      }
    }
  }
}
