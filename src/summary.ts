import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { ClusterGroup } from './cluster-group';
import { HostAddons } from './addons/host-addons';
import { EndpointType } from './host-cluster';
import { DEFAULT_CONTAINER_DIRECTORY } from './charts/backups';
import { BackupTargetModel } from './model/platform-model';
import { MOVE_PHASES } from './lock/lock-file';

/** A short, plain-text account of the platform an app describes. */
export class PlatformSummary {
  /** Groups, their hosts, and each virtual cluster with its host, endpoint, chart version and whether it is paused, sleeps, is backed up, restored or moving. */
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
        const m = vc._model();
        const b = m.backups && `, backed up "${m.backups.schedule}" ${m.backups.timeZone} to ${targetText(m.backups.target)} (keeps ${m.backups.keep})`;
        const r = m.restoreFrom && `, restored from ${m.restoreFrom.snapshot} at ${targetText(m.restoreFrom.target)}`;
        const mv = m.move && `, moving to group ${m.move.toGroup}: ${m.move.phase} (${MOVE_PHASES.indexOf(m.move.phase) + 1} of ${MOVE_PHASES.length})`;
        lines.push(`  - ${vc.clusterName} on ${where}: ${endpoint} (vCluster ${vc.chartVersion}${state}${b ?? ''}${r ?? ''}${mv ?? ''})`);
      }
    }
    const vcs = groups.reduce((n, g) => n + g.virtualClusters.length, 0);
    const lb = groups.filter((g) => g.endpointType === EndpointType.LOAD_BALANCER).length;
    lines.push(`${groups.length} group(s) (${lb} load balancer, ${groups.length - lb} ingress), ${vcs} virtual cluster(s)`);
    return lines.join('\n');
  }
}

function targetText(t: BackupTargetModel): string {
  if (t.kind === 's3') return `s3://${t.bucket}${t.prefix ? `/${t.prefix.replace(/^\/+|\/+$/g, '')}` : ''}`;
  if (t.kind === 'oci') return `oci://${t.repository}`;
  return `container://${t.directory ?? DEFAULT_CONTAINER_DIRECTORY}`;
}

function addonsText(a: HostAddons | undefined): string {
  const parts = a?.describe() ?? [];
  return parts.length ? `: ${parts.join(', ')}` : '';
}
