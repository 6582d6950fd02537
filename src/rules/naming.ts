import { IngressModel, LIFECYCLE_NAMESPACE, PlatformModel, VirtualClusterModel, Violation } from '../model/platform-model';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// The chart names a Service after the release, and Service names must start with a letter.
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const MAX_RELEASE_NAME = 53;

export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && DNS1123_LABEL.test(name);
}

export function isServiceName(name: string): boolean {
  return name.length <= 63 && DNS1035_LABEL.test(name);
}

/** A DNS-1123 subdomain (`ingress.example.com`): the names of most Kubernetes objects. */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && name.split('.').every((l) => DNS1123_LABEL.test(l));
}

/** Namespaces every cluster has already: creating one of them fails, deleting one breaks the host. */
export const SYSTEM_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The longest name DNS allows (RFC 1035). */
export const MAX_HOSTNAME = 253;

/** `*.dev.example.com`: a wildcard over at least two valid labels, 253 characters at most. */
export function isWildcardPattern(pattern: string): boolean {
  if (!pattern.startsWith('*.') || pattern.length > 253) return false;
  const labels = pattern.slice(2).split('.');
  return labels.length >= 2 && labels.every(isDnsLabel);
}

/** The hostname a virtual cluster gets under a wildcard pattern. */
export function hostnameFor(name: string, pattern: string): string {
  return `${name}.${pattern.slice(2)}`;
}

/** CG5: ingress groups give every host a valid wildcard pattern, each pattern on one host only. */
export function checkIngressDns(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  const owner = new Map<string, string>();
  // A controller given once for the group is in every member: report it once.
  const seenControllers = new Set<string>();
  for (const g of model.groups) {
    if (g.endpointType !== 'ingress') continue;
    seenControllers.clear();
    g.members.forEach((m, i) => {
      const prop = `hosts[${i}].dnsPattern`;
      if (m.dnsPattern === undefined) {
        out.push({
          rule: 'CG5',
          path: g.path,
          prop,
          value: null,
          message: `host "${m.host}" has no wildcard DNS pattern, and an ingress group reaches each virtual cluster at <name>.<pattern suffix>`,
          fix: `set dnsPattern, for example "*.${m.host}.example.com"`,
        });
        return;
      }
      if (!isWildcardPattern(m.dnsPattern)) {
        out.push({
          rule: 'CG5',
          path: g.path,
          prop,
          value: m.dnsPattern,
          message: 'not a wildcard DNS pattern',
          fix: 'write "*." followed by a lowercase domain of at least two labels, such as "*.dev.example.com"',
        });
        return;
      }
      const first = owner.get(m.dnsPattern);
      if (first !== undefined && first !== m.host) {
        out.push({
          rule: 'CG5',
          path: g.path,
          prop,
          value: m.dnsPattern,
          message: `host "${first}" already uses this pattern, and one wildcard record can point at one ingress only`,
          fix: 'give each host its own pattern, such as "*.<host>.dev.example.com"',
        });
      } else {
        owner.set(m.dnsPattern, m.host);
      }
    });
    g.members.forEach((m, i) => {
      if (m.ingress) out.push(...checkIngressNames(g.path, m.ingress, i, seenControllers));
      if (m.ingress && !m.ingress.sslPassthrough) {
        out.push({
          rule: 'CG5',
          path: g.path,
          prop: `hosts[${i}].ingressController.sslPassthrough`,
          value: false,
          message: `the ingress controller on "${m.host}" has SSL passthrough off, so kubectl would see the controller's own certificate and fail with x509 errors`,
          fix: 'enable SSL passthrough on the controller (ingress-nginx: --enable-ssl-passthrough), or let the group install ingress-nginx',
        });
      }
    });
  }
  out.push(...checkShadowedPatterns(model));
  return out;
}

/**
 * CG5, part two: no pattern lies under another. With `*.example.com` on one host and
 * `*.b.example.com` on another, `b.example.com` becomes a name of the second host's zone, so the
 * virtual cluster `b` on the first host stops resolving; and which host a name belongs to
 * depends on how the DNS server treats wildcards.
 */
function checkShadowedPatterns(model: PlatformModel): Violation[] {
  const patterns: { suffix: string; pattern: string; host: string; path: string; i: number }[] = [];
  for (const g of model.groups) {
    if (g.endpointType !== 'ingress') continue;
    g.members.forEach((m, i) => {
      if (m.dnsPattern !== undefined && isWildcardPattern(m.dnsPattern)) patterns.push({ suffix: m.dnsPattern.slice(2), pattern: m.dnsPattern, host: m.host, path: g.path, i });
    });
  }
  const out: Violation[] = [];
  for (const inner of patterns) {
    const outer = patterns.find((o) => inner.suffix.endsWith(`.${o.suffix}`));
    if (!outer) continue;
    const label = inner.suffix.slice(0, -(outer.suffix.length + 1)).split('.').pop();
    // A level down under the host's own name, unless that is where the inner pattern already is.
    const moved = inner.suffix === `${outer.host}.${outer.suffix}` ? `*.${outer.host}-vc.${outer.suffix}` : `*.${outer.host}.${outer.suffix}`;
    out.push({
      rule: 'CG5',
      path: inner.path,
      prop: `hosts[${inner.i}].dnsPattern`,
      value: inner.pattern,
      message: `it lies under "${outer.pattern}" of host "${outer.host}": a virtual cluster named "${label}" there would answer at a name inside this pattern's zone, and not resolve`,
      fix: `move "${outer.pattern}" of host "${outer.host}" down a level, such as "${moved}", so that no pattern lies under another`,
    });
  }
  return out;
}

/** The names an ingress host's routing puts into Kubernetes objects: an IngressClass, a Gateway reference. */
function checkIngressNames(path: string, ingress: IngressModel, i: number, seen: Set<string>): Violation[] {
  const at = ingress.prop ?? `hosts[${i}].ingressController`;
  if (seen.has(at)) return [];
  seen.add(at);
  const out: Violation[] = [];
  const bad = (prop: string, value: string, message: string, fix: string) => out.push({ rule: 'CG5', path, prop: `${at}.${prop}`, value, message, fix });
  if (ingress.kind !== 'gateway') {
    // ingress-nginx also names its controller `k8s.io/ingress-nginx-<class>`, which Kubernetes caps at 250 characters.
    const max = ingress.kind === 'nginx' ? 250 - 'k8s.io/ingress-nginx-'.length : 253;
    if (!isDnsSubdomain(ingress.className) || ingress.className.length > max) {
      bad('className', ingress.className, `not an ingress class name: Kubernetes names an IngressClass with a DNS-1123 subdomain of at most ${max} characters here`, 'use lowercase letters, digits, "-" and ".", such as "nginx" or "nginx-passthrough"');
    }
  }
  const gw = ingress.gateway;
  if (gw) {
    if (!isDnsSubdomain(gw.name)) bad('gatewayName', gw.name, 'not a Gateway name (a DNS-1123 subdomain)', 'name the Gateway as it is in the cluster, such as "shared-gateway"');
    if (!isDnsLabel(gw.namespace)) bad('gatewayNamespace', gw.namespace, 'not a namespace name (a DNS-1123 label)', 'give the namespace the Gateway lives in, such as "gateway-system"');
    if (gw.sectionName !== undefined && !isDnsSubdomain(gw.sectionName)) {
      bad('sectionName', gw.sectionName, 'not a Gateway listener name (a DNS-1123 subdomain)', 'name a listener of the Gateway, or leave sectionName out to attach to every listener');
    }
  }
  return out;
}

/** CG6: names are valid and unique where Kubernetes, Helm and DNS need them to be. */
export function checkNames(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  const hostNames = new Set<string>();
  for (const h of model.hosts) {
    if (!isDnsLabel(h.name)) out.push(badLabel(h.path, 'clusterName', h.name));
    if (hostNames.has(h.name)) {
      out.push({
        rule: 'CG6',
        path: h.path,
        prop: 'clusterName',
        value: h.name,
        message: 'another host cluster has the same name, and the lock file and placement key hosts by name',
        fix: 'give every host cluster its own name',
      });
    }
    hostNames.add(h.name);
  }

  const groupNames = new Set<string>();
  const namespaces = new Map<string, string>(); // host/namespace -> path
  const addonNamespaces = namespacesOfAddons(model);
  const hostnames = new Map<string, string>(); // hostname -> path
  for (const g of model.groups) {
    if (!isDnsLabel(g.name)) out.push(badLabel(g.path, 'groupName', g.name));
    const key = `${g.stack}/${g.name}`;
    if (groupNames.has(key)) {
      out.push({
        rule: 'CG6',
        path: g.path,
        prop: 'groupName',
        value: g.name,
        message: `another cluster group in stack "${g.stack}" has the same name`,
        fix: 'give every cluster group of a stack its own name',
      });
    }
    groupNames.add(key);

    const vcNames = new Set<string>();
    for (const vc of g.virtualClusters) {
      if (!isServiceName(vc.name)) {
        out.push({
          rule: 'CG6',
          path: vc.path,
          prop: 'clusterName',
          value: vc.name,
          message: 'not a valid virtual cluster name: the chart names a Service after it, so it must be a DNS-1035 label',
          fix: 'use lowercase letters, digits and "-", starting with a letter and ending with a letter or digit',
        });
      } else if (vc.releaseName.length > MAX_RELEASE_NAME) {
        out.push({
          rule: 'CG6',
          path: vc.path,
          prop: 'clusterName',
          value: vc.name,
          message: `the Helm release name is ${vc.releaseName.length} characters, and Helm allows ${MAX_RELEASE_NAME}`,
          fix: `shorten the name to ${MAX_RELEASE_NAME} characters or fewer`,
        });
      }
      if (vcNames.has(vc.name)) {
        out.push({
          rule: 'CG6',
          path: vc.path,
          prop: 'clusterName',
          value: vc.name,
          message: `group "${g.name}" already has a virtual cluster with this name`,
          fix: 'give every virtual cluster of a group its own name',
        });
      }
      vcNames.add(vc.name);
      if (!isDnsLabel(vc.namespace)) out.push(badLabel(vc.path, 'namespace', vc.namespace));
      else out.push(...checkNamespaceTaken(vc, addonNamespaces));
      if (vc.host !== undefined) {
        const nsKey = `${vc.host}/${vc.namespace}`;
        const other = namespaces.get(nsKey);
        if (other) {
          out.push({
            rule: 'CG6',
            path: vc.path,
            prop: 'namespace',
            value: vc.namespace,
            message: `${other} already installs a release into this namespace on host "${vc.host}"`,
            fix: 'set a namespace of its own (two groups sharing a host need distinct names or namespaces)',
          });
        } else {
          namespaces.set(nsKey, vc.path);
        }
      }
      if (vc.hostname !== undefined && vc.hostname.length > MAX_HOSTNAME) {
        out.push({
          rule: 'CG6',
          path: vc.path,
          prop: 'hostname',
          value: vc.hostname,
          message: `${vc.hostname.length} characters, and DNS allows ${MAX_HOSTNAME}`,
          fix: `shorten the virtual cluster's name or its host's dnsPattern by ${vc.hostname.length - MAX_HOSTNAME} or more characters`,
        });
      } else if (vc.hostname !== undefined) {
        const other = hostnames.get(vc.hostname);
        if (other) {
          out.push({
            rule: 'CG6',
            path: vc.path,
            prop: 'hostname',
            value: vc.hostname,
            message: `${other} already answers at this hostname`,
            fix: 'rename one of the virtual clusters or give the hosts distinct DNS patterns',
          });
        } else {
          hostnames.set(vc.hostname, vc.path);
        }
      }
    }
  }
  return out;
}

/** Per host, the namespaces the groups' add-ons install into, with the group that installs there. */
function namespacesOfAddons(model: PlatformModel): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const g of model.groups) {
    for (const m of g.members) {
      for (const ns of m.addonNamespaces ?? []) {
        const onHost = out.get(m.host) ?? new Map<string, string>();
        if (!onHost.has(ns)) onHost.set(ns, g.name);
        out.set(m.host, onHost);
      }
    }
  }
  return out;
}

/** A virtual cluster's namespace is its own: not one the cluster came with, nor an add-on's. */
function checkNamespaceTaken(vc: VirtualClusterModel, addonNamespaces: Map<string, Map<string, string>>): Violation[] {
  const fix = `leave namespace out (it defaults to "vcluster-${vc.name}") or choose one no one else uses`;
  if (SYSTEM_NAMESPACES.includes(vc.namespace)) {
    return [{ rule: 'CG6', path: vc.path, prop: 'namespace', value: vc.namespace, message: 'every cluster has this namespace already: creating it fails, and destroying the virtual cluster would try to delete it', fix }];
  }
  if (vc.namespace === LIFECYCLE_NAMESPACE) {
    return [{ rule: 'CG6', path: vc.path, prop: 'namespace', value: vc.namespace, message: 'the library runs the pause Jobs and sleep CronJobs of every host in this namespace', fix }];
  }
  const group = vc.host !== undefined ? addonNamespaces.get(vc.host)?.get(vc.namespace) : undefined;
  if (group === undefined) return [];
  return [{ rule: 'CG6', path: vc.path, prop: 'namespace', value: vc.namespace, message: `group "${group}" installs add-ons into this namespace on host "${vc.host}", and the two would own and delete it together`, fix }];
}

function badLabel(path: string, prop: string, value: string): Violation {
  return {
    rule: 'CG6',
    path,
    prop,
    value,
    message: 'not a DNS-1123 label',
    fix: 'use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit',
  };
}
