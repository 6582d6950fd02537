import { GroupModel, PlatformModel, RawValuesModel, VirtualClusterModel, Violation } from '../model/platform-model';
import { isPlainObject } from '../model/values';
import { VERSION_PATHS } from './versions';

/** A values key the library sets, and the one value raw values may repeat there (if any). */
interface OwnedKey {
  readonly path: readonly string[];
  readonly allowed?: unknown;
}

/** One guarantee of the library, the keys that carry it, and the prop that changes it instead. */
interface Guarantee {
  readonly what: string;
  readonly fix: string;
  readonly keys: readonly OwnedKey[];
}

const key = (dotted: string, allowed?: unknown): OwnedKey => ({ path: dotted.split('.'), allowed });
// Quota keys have dots of their own (`requests.cpu`).
const quotaKey = (name: string): OwnedKey => ({ path: ['policies', 'resourceQuota', 'quota', name] });

const VERSION: Guarantee = {
  what: "the group's pinned Kubernetes version",
  fix: "remove it and set the group's kubernetesVersion instead",
  keys: VERSION_PATHS.map((p) => key(p)),
};

const DISTRO: Guarantee = {
  what: 'the Kubernetes distro (k8s) that the pinned versions and the upgrade rules are for',
  fix: 'remove it: this library runs the k8s distro',
  keys: [key('controlPlane.distro.k8s.enabled', true), key('controlPlane.distro.k3s.enabled', false), key('controlPlane.distro.k0s.enabled', false)],
};

const QUOTA: Guarantee = {
  what: 'the quota and limits that hold the virtual cluster to its size',
  fix: 'remove it and size the virtual cluster with cpu, memory and storage (add quota keys of your own, such as pods, freely)',
  keys: [
    key('policies.resourceQuota.enabled', true),
    ...['requests.cpu', 'limits.cpu', 'requests.memory', 'limits.memory', 'requests.storage'].map(quotaKey),
    key('policies.limitRange.enabled', true),
    key('policies.limitRange.max.cpu'),
    key('policies.limitRange.max.memory'),
  ],
};

const EXPOSURE_FIX = "remove it: the group's endpointType, ingressController and the host's dnsPattern decide how the virtual cluster is reached";
const INGRESS: Guarantee = {
  what: 'the ingress with SSL passthrough that reaches the API server',
  fix: EXPOSURE_FIX,
  keys: [
    key('controlPlane.ingress.enabled', true),
    key('controlPlane.ingress.host'),
    key('controlPlane.ingress.spec.ingressClassName'),
    { path: ['controlPlane', 'ingress', 'annotations', 'nginx.ingress.kubernetes.io/ssl-passthrough'], allowed: 'true' },
    { path: ['controlPlane', 'ingress', 'annotations', 'nginx.ingress.kubernetes.io/backend-protocol'], allowed: 'HTTPS' },
    key('controlPlane.proxy.extraSANs'),
    key('exportKubeConfig.server'),
  ],
};
const TLS_ROUTE: Guarantee = {
  what: 'the Gateway TLSRoute that reaches the API server',
  fix: EXPOSURE_FIX,
  keys: [key('controlPlane.tlsRoute.enabled', true), key('controlPlane.tlsRoute.host'), key('controlPlane.tlsRoute.parentRefs'), key('controlPlane.proxy.extraSANs'), key('exportKubeConfig.server')],
};
const LOAD_BALANCER: Guarantee = {
  what: 'the LoadBalancer Service that reaches the API server',
  fix: EXPOSURE_FIX,
  keys: [key('controlPlane.service.enabled', true), key('controlPlane.service.spec.type', 'LoadBalancer'), quotaKey('services.loadbalancers'), quotaKey('services.nodeports')],
};
const NGINX_PASSTHROUGH: Guarantee = {
  what: 'SSL passthrough and the ingress class that the virtual clusters use',
  fix: 'remove it: set the class with IngressController.nginx({ className }); passthrough stays on',
  keys: [
    { path: ['controller', 'extraArgs', 'enable-ssl-passthrough'], allowed: 'true' },
    key('controller.ingressClassResource.name'),
    key('controller.ingressClassResource.controllerValue'),
    key('controller.ingressClass'),
  ],
};

const OIDC: Guarantee = {
  what: "the API server flags of the group's oidc",
  fix: "remove it and set the group's oidc (a list replaces the whole list, OIDC flags included)",
  keys: [key('controlPlane.distro.k8s.apiServer.extraArgs')],
};
const SA_KUBECONFIG: Guarantee = {
  what: 'the ServiceAccount-token kubeconfig asked for with serviceAccountKubeconfig',
  fix: 'remove it and use serviceAccountKubeconfig (a list replaces the whole list)',
  keys: [key('exportKubeConfig.additionalSecrets')],
};
const ACCESS: Guarantee = {
  what: 'the role bindings given as access',
  fix: 'remove it and give the bindings as access (raw manifests would replace them)',
  keys: [key('experimental.deploy.vcluster.manifests')],
};

/**
 * The vCluster values keys this library owns, by guarantee, for the README and tests: raw values
 * may not change them (CG17). Every other key is the user's.
 */
export function ownedValuesKeys(): { [guarantee: string]: string[] } {
  const show = (g: Guarantee) => g.keys.map((k) => k.path.join('.'));
  return {
    version: show(VERSION),
    distro: show(DISTRO),
    quota: show(QUOTA),
    'ingress exposure': show(INGRESS),
    'Gateway exposure': show(TLS_ROUTE),
    'load-balancer exposure': show(LOAD_BALANCER),
    'ingress-nginx': show(NGINX_PASSTHROUGH),
    oidc: show(OIDC),
    access: show(ACCESS),
    'ServiceAccount kubeconfig': show(SA_KUBECONFIG),
  };
}

/** CG17: raw values never undo a guarantee of the library (version pin, distro, exposure, quota). */
export function checkOwnedValues(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  for (const g of model.groups) {
    // OIDC flags and role bindings are the library's only where it sets them; group values reach every member.
    const base = [VERSION, DISTRO, QUOTA, ...exposuresOf(g), ...(g.oidc ? [OIDC] : [])];
    const own = (vc: VirtualClusterModel) => [...(vc.access?.length ? [ACCESS] : []), ...(vc.serviceAccountKubeconfig ? [SA_KUBECONFIG] : [])];
    const groupWide = [...base, ...new Set(g.virtualClusters.flatMap(own))];
    for (const raw of g.rawValues) out.push(...undone(raw, groupWide));
    for (const vc of g.virtualClusters) {
      for (const raw of vc.rawValues) out.push(...undone(raw, [...base, ...own(vc)]));
    }
    const seen = new Set<string>();
    for (const m of g.members) {
      const ingress = m.ingress;
      if (ingress?.kind !== 'nginx' || !ingress.values || seen.has(ingress.prop ?? m.host)) continue;
      seen.add(ingress.prop ?? m.host);
      out.push(...undone({ path: g.path, prop: `${ingress.prop ?? 'ingressController'}.values`, values: ingress.values }, [NGINX_PASSTHROUGH]));
    }
  }
  return out;
}

function exposuresOf(g: GroupModel): Guarantee[] {
  if (g.endpointType === 'load-balancer') return [LOAD_BALANCER];
  const kinds = new Set(g.members.map((m) => m.ingress?.kind));
  return [...(kinds.has('gateway') ? [TLS_ROUTE] : []), ...(kinds.has('nginx') || kinds.has('existing') ? [INGRESS] : [])];
}

function undone(raw: RawValuesModel, guarantees: readonly Guarantee[]): Violation[] {
  const out: Violation[] = [];
  const reported = new Set<string>();
  for (const g of guarantees) {
    for (const k of g.keys) {
      const hit = touch(raw.values, k.path);
      if (!hit) continue;
      const whole = hit.at.length === k.path.length;
      if (whole && k.allowed !== undefined && JSON.stringify(hit.value) === JSON.stringify(k.allowed)) continue;
      // CG8 reports a version set to another version; a version removed is this rule's.
      if (g === VERSION && whole && hit.value !== null) continue;
      const at = hit.at.join('.');
      if (reported.has(at)) continue;
      reported.add(at);
      out.push({
        rule: 'CG17',
        path: raw.path,
        prop: `${raw.prop}.${at}`,
        value: hit.value,
        message: `${whole ? (hit.value === null ? 'removes' : 'changes') : 'replaces'} what the library sets for ${g.what}${whole ? '' : ` (${k.path.join('.')})`}`,
        fix: g.fix,
      });
    }
  }
  return out;
}

/**
 * Whether raw values reach an owned key once merged: by setting it, or by replacing an object on
 * its path with null, a scalar or a list. Returns where, and what they put there.
 */
function touch(values: Record<string, unknown>, path: readonly string[]): { at: string[]; value: unknown } | undefined {
  let cur: Record<string, unknown> = values;
  for (let i = 0; i < path.length; i++) {
    if (!Object.prototype.hasOwnProperty.call(cur, path[i])) return undefined;
    const v = cur[path[i]];
    if (i === path.length - 1 || !isPlainObject(v)) return { at: path.slice(0, i + 1), value: v };
    cur = v;
  }
  return undefined;
}
