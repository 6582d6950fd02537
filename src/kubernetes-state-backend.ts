import { TerraformBackend, TerraformRemoteState } from 'cdktf';
import { Construct } from 'constructs';
import { checkProps, SpecOf } from './private/props';

export interface KubernetesStateBackendProps {
  /** Names the state: it is kept in the Secret `tfstate-<workspace>-<secretSuffix>`. */
  readonly secretSuffix: string;
  /**
   * The namespace of the state Secret (and of the Lease that locks it).
   * @default 'default'
   */
  readonly namespace?: string;
  /**
   * The kubeconfig to reach the cluster with.
   * @default - the backend's default (`KUBE_CONFIG_PATH`)
   */
  readonly configPath?: string;
  /**
   * The kubeconfig context.
   * @default - the kubeconfig's current context
   */
  readonly configContext?: string;
}

const PROPS: SpecOf<KubernetesStateBackendProps> = {
  secretSuffix: { type: 'string', required: true },
  namespace: { type: 'string' },
  configPath: { type: 'string' },
  configContext: { type: 'string' },
};

/**
 * OpenTofu's and Terraform's `kubernetes` backend: the state in a Secret on a cluster, locked with
 * a Lease, which platform teams may already run. cdktf 0.21 ships no class for it; with this one,
 * cross-stack references between stacks that use it read each other's state with it.
 */
export class KubernetesStateBackend extends TerraformBackend {
  private readonly props: KubernetesStateBackendProps;

  constructor(scope: Construct, props: KubernetesStateBackendProps) {
    super(scope, 'backend', 'kubernetes');
    checkProps(`${scope.node.path}/backend`, '', props, PROPS);
    this.props = { secretSuffix: props.secretSuffix, namespace: props.namespace, configPath: props.configPath, configContext: props.configContext };
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return attributes(this.props);
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    return attributes(this.props);
  }

  /** The state of this backend, read from another stack. */
  public getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): TerraformRemoteState {
    return new KubernetesRemoteState(scope, name, { ...attributes(this.props), workspace: '${terraform.workspace}' });
  }
}

function attributes(p: KubernetesStateBackendProps): { [name: string]: string } {
  const out: { [name: string]: string } = { secret_suffix: p.secretSuffix };
  if (p.namespace !== undefined) out.namespace = p.namespace;
  if (p.configPath !== undefined) out.config_path = p.configPath;
  if (p.configContext !== undefined) out.config_context = p.configContext;
  return out;
}

class KubernetesRemoteState extends TerraformRemoteState {
  constructor(scope: Construct, id: string, config: { [key: string]: string }) {
    super(scope, id, 'kubernetes', config as any);
  }
}
