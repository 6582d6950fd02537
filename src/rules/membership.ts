import { hostByName, PlatformModel, Violation } from '../model/platform-model';

/** CG1: every host of a group can serve the group's endpoint type. */
export function checkEndpointSupport(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  for (const g of model.groups) {
    g.members.forEach((m, i) => {
      const host = hostByName(model, m.host);
      if (host && !host.endpointTypes.includes(g.endpointType)) {
        out.push({
          rule: 'CG1',
          path: g.path,
          prop: `hosts[${i}]`,
          value: m.host,
          message: `host "${m.host}" serves ${fmtList(host.endpointTypes)} but the group's endpoint type is "${g.endpointType}"`,
          fix: `add "${g.endpointType}" to the host's endpointTypes (once it really can serve it) or remove the host from the group`,
        });
      }
    });
  }
  return out;
}

/** CG2: a virtual cluster, a read-only imported cluster or a gateway cluster never hosts. */
export function checkHostEligibility(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  for (const g of model.groups) {
    g.members.forEach((m, i) => {
      const host = hostByName(model, m.host);
      if (!host) return;
      const why = [host.virtual && 'a virtual cluster', host.readOnly && 'a read-only imported cluster', host.gateway && 'a gateway cluster'].filter(Boolean);
      if (why.length) {
        out.push({
          rule: 'CG2',
          path: g.path,
          prop: `hosts[${i}]`,
          value: m.host,
          message: `host "${m.host}" is ${why.join(' and ')}, which can never host virtual clusters`,
          fix: 'remove it from the group and use a full, writable workload cluster',
        });
      }
    });
  }
  return out;
}

/** CG3: a plain group holds no edge host; an edge group holds only edge hosts, at most one. */
export function checkEdgeMembership(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  for (const g of model.groups) {
    g.members.forEach((m, i) => {
      const host = hostByName(model, m.host);
      if (!host) return;
      if (!g.edge && host.kind === 'edge') {
        out.push({
          rule: 'CG3',
          path: g.path,
          prop: `hosts[${i}]`,
          value: m.host,
          message: `host "${m.host}" is an edge cluster, and a plain cluster group holds no edge clusters`,
          fix: 'put edge hosts in an EdgeClusterGroup',
        });
      }
      if (g.edge && host.kind !== 'edge') {
        out.push({
          rule: 'CG3',
          path: g.path,
          prop: `hosts[${i}]`,
          value: m.host,
          message: `host "${m.host}" is a ${host.kind} cluster, and an edge cluster group holds only edge clusters`,
          fix: 'put it in a ClusterGroup instead',
        });
      }
    });
    if (g.edge && g.members.length > 1) {
      out.push({
        rule: 'CG3',
        path: g.path,
        prop: 'hosts',
        value: g.members.map((m) => m.host),
        message: `an edge cluster group holds at most one host, this one has ${g.members.length}`,
        fix: 'make one edge cluster group per edge site',
      });
    }
  }
  return out;
}

/**
 * CG4: an edge group brings its own capability, since edge sites have no cloud load balancer: a
 * load-balancer group needs MetalLB; an ingress group needs an ingress route, and an
 * ingress-nginx it installs needs MetalLB for its address.
 */
export function checkEdgeCapability(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  for (const g of model.groups) {
    if (!g.edge) continue;
    g.members.forEach((m, i) => {
      const metallb = m.metallb !== undefined;
      let fix: string | undefined;
      if (g.endpointType === 'load-balancer' && !metallb) fix = 'add MetalLB with an address pool to the host';
      else if (g.endpointType === 'ingress' && !m.ingress) fix = 'install ingress-nginx (IngressController.nginx()) or declare the controller the site runs';
      else if (g.endpointType === 'ingress' && m.ingress?.kind === 'nginx' && !metallb) fix = 'add MetalLB with an address pool, so that ingress-nginx gets an address';
      if (fix) {
        out.push({
          rule: 'CG4',
          path: g.path,
          prop: `hosts[${i}]`,
          value: m.host,
          message: `edge sites have no cloud load balancer, and this ${g.endpointType} group does not provide what host "${m.host}" needs`,
          fix,
        });
      }
    });
  }
  return out;
}

/** CG10: a host shared by several groups is used with one endpoint type only. */
export function checkSharedHosts(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  const seen = new Map<string, { group: string; type: string }>();
  for (const g of model.groups) {
    g.members.forEach((m, i) => {
      const first = seen.get(m.host);
      if (!first) {
        seen.set(m.host, { group: g.name, type: g.endpointType });
      } else if (first.type !== g.endpointType) {
        out.push({
          rule: 'CG10',
          path: g.path,
          prop: `hosts[${i}]`,
          value: m.host,
          message: `host "${m.host}" is in group "${first.group}" with endpoint type "${first.type}" and in this group with "${g.endpointType}"`,
          fix: 'use the same endpoint type in every group that shares the host, or give each group its own hosts',
        });
      }
    });
  }
  return out;
}

export function fmtList(items: readonly string[]): string {
  return items.length ? items.map((i) => `"${i}"`).join(', ') : 'nothing';
}

/** CG16: each host cluster has its own providers: two hosts on one provider are one cluster, twice. */
export function checkHostProviders(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  const first = new Map<string, string>(); // provider path -> host name
  for (const h of model.hosts) {
    if (!h.providers) continue;
    for (const [prop, provider] of [['kubernetesProvider', h.providers.kubernetes], ['helmProvider', h.providers.helm]] as const) {
      const other = first.get(provider);
      if (other === undefined) {
        first.set(provider, h.name);
      } else if (other !== h.name) {
        out.push({
          rule: 'CG16',
          path: h.path,
          prop,
          value: provider,
          message: `host "${other}" uses this provider too, so both would be the same cluster: every add-on, namespace and virtual cluster of the two would land on it, and collide`,
          fix: 'give each host cluster a provider pair of its own (one alias per cluster), or use one HostCluster for that cluster in every group',
        });
      }
    }
  }
  return out;
}
