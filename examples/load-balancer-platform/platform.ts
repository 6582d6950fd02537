import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterGroup, EndpointType, HostCluster, HostClusterKind } from 'cdktf-cluster-groups';

export interface LoadBalancerPlatformProps {
  /**
   * The group's vCluster version: change it one step of `plan-upgrade` at a time.
   * @default '0.35.3'
   */
  readonly chartVersion?: string;
}

/** A data-center host whose virtual clusters each get a LoadBalancer Service, for one project. */
export class LoadBalancerPlatform extends TerraformStack {
  constructor(scope: Construct, id: string, props: LoadBalancerPlatformProps = {}) {
    super(scope, id);

    const rack1 = new HostCluster(this, 'rack1', {
      kind: HostClusterKind.DATA_CENTER,
      kubernetesProvider: new KubernetesProvider(this, 'rack1-kubernetes', { alias: 'rack1', configPath: '~/.kube/config', configContext: 'rack1' }),
      helmProvider: new HelmProvider(this, 'rack1-helm', { alias: 'rack1', kubernetes: { configPath: '~/.kube/config', configContext: 'rack1' } }),
      endpointTypes: [EndpointType.LOAD_BALANCER],
      capacity: { cpu: 32, memory: '128Gi', storage: '1Ti' },
      labels: { site: 'fra1' },
    });

    const ml = new ClusterGroup(this, 'ml', {
      hosts: [{ host: rack1 }],
      endpointType: EndpointType.LOAD_BALANCER,
      project: 'ml',
      chartVersion: props.chartVersion ?? '0.35.3',
      maxCpu: 8,
      maxMemory: '32Gi',
      oversubscriptionPercent: 150,
      // Checked at synth, before the per-cluster ceilings: what each owner may hold here.
      quotas: { perUser: { virtualClusters: 2, cpu: 12, memory: '48Gi' } },
    });

    const training = ml.addVirtualCluster('training', { project: 'ml', owner: 'ana@example.com', cpu: 8, memory: '32Gi', storage: '10Gi' });
    ml.addVirtualCluster('notebooks', { project: 'ml', owner: 'ben@example.com', cpu: 4, memory: '16Gi' });

    new TerraformOutput(this, 'training-endpoint', { value: training.endpoint });
  }
}
