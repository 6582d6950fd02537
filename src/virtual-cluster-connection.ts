import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { EndpointType } from './host-cluster';
import { argumentError } from './private/errors';
import { checkProps, SpecOf } from './private/props';
import { reportInputError } from './synth/platform-state';
import { VirtualCluster } from './virtual-cluster';

export interface VirtualClusterConnectionProps {
  /** The virtual cluster to deploy into, from the platform stack. */
  readonly virtualCluster: VirtualCluster;
  /**
   * Log in with the ServiceAccount-token kubeconfig the virtual cluster exports
   * (`serviceAccountKubeconfig`), rather than the admin certificate one.
   * @default false
   */
  readonly serviceAccount?: boolean;
}

const PROPS: SpecOf<VirtualClusterConnectionProps> = {
  virtualCluster: { type: { is: (v) => v instanceof Construct && typeof (v as VirtualCluster)._kubeconfigSecret === 'function', what: 'a VirtualCluster' }, required: true },
  serviceAccount: { type: 'boolean' },
};

/**
 * The kubernetes and helm providers of a virtual cluster, for an application stack: configured
 * from the kubeconfig vCluster writes on its host, which the platform stack reads and hands over
 * through its remote state (cdktf's cross-stack references), so that `cdktf deploy` applies the
 * platform first. It must be in another stack than the virtual cluster: neither Terraform nor
 * OpenTofu defers a provider whose configuration is unknown at plan time.
 */
export class VirtualClusterConnection extends Construct {
  public readonly kubernetesProvider: KubernetesProvider;
  public readonly helmProvider: HelmProvider;
  /** The virtual cluster it connects to. */
  public readonly virtualCluster: VirtualCluster;

  constructor(scope: Construct, id: string, props: VirtualClusterConnectionProps) {
    super(scope, id);
    const path = this.node.path;
    let server = '';
    let ca = '';
    let user: { clientCertificate?: string; clientKey?: string; token?: string } = {};
    try {
      checkProps(path, '', props, PROPS);
      const vc = props.virtualCluster;
      if (TerraformStack.of(this) === TerraformStack.of(vc)) {
        throw argumentError(path, 'virtualCluster', vc.node.path, 'in the same stack: a provider configured from its kubeconfig would be unknown when that stack is planned', 'create the connection in an application stack of its own');
      }
      const ref = props.serviceAccount ? vc.serviceAccountKubeconfigSecret : vc.kubeconfig;
      if (!ref) throw argumentError(path, 'serviceAccount', true, `virtual cluster "${vc.clusterName}" exports no ServiceAccount kubeconfig`, 'set serviceAccountKubeconfig on it, or leave serviceAccount out for the admin kubeconfig');
      vc._connectedFrom(path);
      const kubeconfig = Fn.yamldecode(vc._kubeconfigSecret(ref).data.lookup(ref.key));
      const at = (...keys: (string | number)[]) => Token.asString(Fn.lookupNested(kubeconfig, keys));
      // Behind an ingress the kubeconfig names the host; a load balancer's address is read from its Service.
      server = vc._endpointType === EndpointType.LOAD_BALANCER ? vc.endpoint : at('clusters', 0, 'cluster', 'server');
      ca = Fn.base64decode(at('clusters', 0, 'cluster', 'certificate-authority-data'));
      user = props.serviceAccount
        ? { token: at('users', 0, 'user', 'token') }
        : { clientCertificate: Fn.base64decode(at('users', 0, 'user', 'client-certificate-data')), clientKey: Fn.base64decode(at('users', 0, 'user', 'client-key-data')) };
    } catch (e) {
      reportInputError(this, e);
    }
    this.virtualCluster = props?.virtualCluster;
    const alias = `vc-${this.node.id}`;
    const cluster = { host: server, clusterCaCertificate: ca, ...user };
    this.kubernetesProvider = new KubernetesProvider(this, 'kubernetes', { alias, ...cluster });
    this.helmProvider = new HelmProvider(this, 'helm', { alias, kubernetes: cluster });
  }
}
