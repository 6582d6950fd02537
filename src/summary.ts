import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { ClusterGroup } from './cluster-group';
import { HostAddons } from './addons/host-addons';
import { EndpointType } from './host-cluster';

/** A short, plain-text account of the platform an app describes. */
export class PlatformSummary {
  /** Groups, their hosts, and each virtual cluster with its host, endpoint, chart version and whether it is paused or sleeps. */
  public static render(scope: IConstruct): string {
    const groups = scope.node.findAll().filter(ClusterGroup.isClusterGroup);
    const lines: string[] = [];
    for (const g of groups) {
      const scopeText = g.project ? `project ${g.project}` : 'tenant-wide';
      lines.push(`group ${g.stackName}/${g.groupName}: ${g.endpointType}, vCluster ${g.chartVersion}, Kubernetes ${g.kubernetesVersion}, ${scopeText}`);
      for (const h of g.hosts) lines.push(`  host ${h.clusterName} (${h.kind})${addonsText(g.addonsOf(h))}`);
      for (const vc of g.virtualClusters) {
        const where = vc.hostClusterName ?? 'no host (see errors)';
        const endpoint = vc.hostClusterName === undefined ? '-' : Token.isUnresolved(vc.endpoint) ? 'load balancer address, known after apply' : vc.endpoint;
        const s = vc.sleepSchedule;
        const state = vc.paused ? ', paused' : s ? `, sleeps "${s.sleep}", wakes "${s.wake}" ${s.timeZone}` : '';
        lines.push(`  - ${vc.clusterName} on ${where}: ${endpoint} (vCluster ${vc.chartVersion}${state})`);
      }
    }
    const vcs = groups.reduce((n, g) => n + g.virtualClusters.length, 0);
    const lb = groups.filter((g) => g.endpointType === EndpointType.LOAD_BALANCER).length;
    lines.push(`${groups.length} group(s) (${lb} load balancer, ${groups.length - lb} ingress), ${vcs} virtual cluster(s)`);
    return lines.join('\n');
  }
}

function addonsText(a: HostAddons | undefined): string {
  const parts = a?.describe() ?? [];
  return parts.length ? `: ${parts.join(', ')}` : '';
}
