import { ClusterGroup } from './cluster-group';

/**
 * A cluster group for one edge site: it holds a single edge host and must bring its own
 * load-balancer or ingress capability (MetalLB, ingress-nginx), because edge sites have no cloud
 * load balancer. Rules CG3 and CG4 check both at synth.
 */
export class EdgeClusterGroup extends ClusterGroup {
  protected isEdge(): boolean {
    return true;
  }
}
