import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BackupTarget, ClusterGroup, EndpointType, HostCluster, HostClusterKind } from 'cdktf-cluster-groups';

/**
 * Day-2 operations as code, on open-source vCluster: a virtual cluster that sleeps on weeknights
 * and weekends and is backed up at lunchtime, one that is paused, one that keeps its snapshots on
 * its own volume, and one on its way to another group.
 */
export class DayTwoPlatform extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    const host = (name: string) => new HostCluster(this, name, {
      kind: HostClusterKind.CLOUD,
      kubernetesProvider: new KubernetesProvider(this, `${name}-kubernetes`, { alias: name, configPath: '~/.kube/config', configContext: name }),
      helmProvider: new HelmProvider(this, `${name}-helm`, { alias: name, kubernetes: { configPath: '~/.kube/config', configContext: name } }),
      endpointTypes: [EndpointType.LOAD_BALANCER],
      capacity: { cpu: 16, memory: '64Gi', storage: '500Gi' },
    });

    const dev = new ClusterGroup(this, 'dev', { hosts: [{ host: host('lab') }], endpointType: EndpointType.LOAD_BALANCER });
    const prod = new ClusterGroup(this, 'prod', { hosts: [{ host: host('dc') }], endpointType: EndpointType.LOAD_BALANCER });
    // Snapshots in a bucket; the Secret "backup-credentials" in each virtual cluster's namespace
    // holds the key `credentials`, an AWS credentials file. Only its name is in the code.
    const bucket = BackupTarget.s3({ bucket: 'lab-vcluster-backups', prefix: 'day-two', region: 'eu-central-1', credentialsSecret: 'backup-credentials' });

    // Asleep from 20:00 to 07:00 on weekdays, and from Friday evening to Monday morning; backed up
    // while awake, keeping the last five snapshots.
    dev.addVirtualCluster('team-a', {
      owner: 'ana@example.com',
      sleepSchedule: { sleep: '0 20 * * 1-5', wake: '0 7 * * 1-5', timeZone: 'Europe/Berlin' },
      backups: { schedule: '30 12 * * 1-5', timeZone: 'Europe/Berlin', target: bucket, keep: 5 },
    });
    // Paused: its CPU and memory are back with the host; its volumes and load balancer wait for it.
    dev.addVirtualCluster('demo', { owner: 'ben@example.com', paused: true });
    // Nightly snapshots on its own data volume: no credentials, but they go with the volume.
    dev.addVirtualCluster('ci', { cpu: 4, memory: '8Gi', backups: { schedule: '0 3 * * *', timeZone: 'UTC', target: BackupTarget.container(), keep: 2 } });
    // On its way to prod through the bucket: `cdktf-cluster-groups plan-move day-two/dev/billing`
    // says where the move stands, and `move` takes it to the next of its three applies.
    dev.addVirtualCluster('billing', { owner: 'ana@example.com', moveTo: { group: prod, via: bucket } });
  }
}
