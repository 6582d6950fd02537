import { PlatformModel, Violation } from '../model/platform-model';

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
  for (const g of model.groups) {
    if (g.endpointType !== 'ingress') continue;
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
      if (vc.hostname !== undefined) {
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
