import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterGroup, EndpointType, HostCluster, HostClusterKind } from 'cdktf-cluster-groups';

/**
 * Day-2 operations as code, on open-source vCluster: a virtual cluster that sleeps on weeknights
 * and weekends, one that is paused, and one that runs around the clock.
 */
export class DayTwoPlatform extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    const lab = new HostCluster(this, 'lab', {
      kind: HostClusterKind.CLOUD,
      kubernetesProvider: new KubernetesProvider(this, 'lab-kubernetes', { alias: 'lab', configPath: '~/.kube/config', configContext: 'lab' }),
      helmProvider: new HelmProvider(this, 'lab-helm', { alias: 'lab', kubernetes: { configPath: '~/.kube/config', configContext: 'lab' } }),
      endpointTypes: [EndpointType.LOAD_BALANCER],
      capacity: { cpu: 16, memory: '64Gi', storage: '500Gi' },
    });

    const dev = new ClusterGroup(this, 'dev', { hosts: [{ host: lab }], endpointType: EndpointType.LOAD_BALANCER });
    // Asleep from 20:00 to 07:00 on weekdays, and from Friday evening to Monday morning.
    dev.addVirtualCluster('team-a', { owner: 'ana@example.com', sleepSchedule: { sleep: '0 20 * * 1-5', wake: '0 7 * * 1-5', timeZone: 'Europe/Berlin' } });
    // Paused: its CPU and memory are back with the host; its volumes and load balancer wait for it.
    dev.addVirtualCluster('demo', { owner: 'ben@example.com', paused: true });
    dev.addVirtualCluster('ci', { cpu: 4, memory: '8Gi' });
  }
}
