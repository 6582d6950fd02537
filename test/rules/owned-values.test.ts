import { formatViolation } from '../../src/model/platform-model';
import { checkOwnedValues, ownedValuesKeys } from '../../src/rules/owned-values';
import { platform, vcM } from './model-builder';

const raw = (values: Record<string, unknown>) => [{ path: 's/g/x', prop: 'values.extraValues', values }];
const errors = (values: Record<string, unknown>, group: Parameters<typeof platform>[0] = {}) =>
  checkOwnedValues(platform({ ...group, virtualClusters: [vcM('x', { rawValues: raw(values) })] })).map(formatViolation);

describe('CG17 owned-values', () => {
  test('passes for keys the library leaves to the user, and for repeating what it sets', () => {
    expect(errors({ sync: { fromHost: { nodes: { enabled: true } } }, policies: { resourceQuota: { quota: { pods: 20 } }, limitRange: { defaultRequest: null } } })).toEqual([]);
    expect(errors({ controlPlane: { distro: { k8s: { enabled: true }, k3s: { enabled: false } }, ingress: { enabled: true } } })).toEqual([]);
  });

  test('fails if raw values remove the version pin', () => {
    expect(errors({ controlPlane: { distro: { k8s: { version: null } } } })).toEqual([
      '[CG17] s/g/x: values.extraValues.controlPlane.distro.k8s.version = null: removes what the library sets for the group\'s pinned Kubernetes version. Fix: remove it and set the group\'s kubernetesVersion instead',
    ]);
  });

  test('fails if raw values switch the distro, once per key', () => {
    expect(errors({ controlPlane: { distro: { k8s: { enabled: false }, k3s: { enabled: true } } } }).map((l) => l.split(':')[1])).toEqual([
      ' values.extraValues.controlPlane.distro.k8s.enabled = false',
      ' values.extraValues.controlPlane.distro.k3s.enabled = true',
    ]);
  });

  test('fails if raw values turn off or rewrite the quota, or replace the object holding it', () => {
    expect(errors({ policies: { resourceQuota: { enabled: false, quota: { 'limits.cpu': '64' } } } })).toEqual([
      '[CG17] s/g/x: values.extraValues.policies.resourceQuota.enabled = false: changes what the library sets for the quota and limits that hold the virtual cluster to its size. Fix: remove it and size the virtual cluster with cpu, memory and storage (add quota keys of your own, such as pods, freely)',
      '[CG17] s/g/x: values.extraValues.policies.resourceQuota.quota.limits.cpu = "64": changes what the library sets for the quota and limits that hold the virtual cluster to its size. Fix: remove it and size the virtual cluster with cpu, memory and storage (add quota keys of your own, such as pods, freely)',
    ]);
    expect(errors({ policies: null })).toEqual([
      '[CG17] s/g/x: values.extraValues.policies = null: replaces what the library sets for the quota and limits that hold the virtual cluster to its size (policies.resourceQuota.enabled). Fix: remove it and size the virtual cluster with cpu, memory and storage (add quota keys of your own, such as pods, freely)',
    ]);
  });

  test('fails if raw values change the exposure the group chose', () => {
    expect(errors({ controlPlane: { ingress: { enabled: false } } }).map((l) => l.split(': ')[1])).toEqual(['values.extraValues.controlPlane.ingress.enabled = false']);
    expect(errors({ controlPlane: { service: { spec: { type: 'NodePort' } } } }, { endpointType: 'load-balancer' }).map((l) => l.split(': ')[1])).toEqual(['values.extraValues.controlPlane.service.spec.type = "NodePort"']);
    // The Gateway keys belong to the library only where a host routes through a Gateway.
    expect(errors({ controlPlane: { tlsRoute: { enabled: false } } })).toEqual([]);
    const gateway = { members: [{ host: 'a', dnsPattern: '*.a.example.com', ingress: { kind: 'gateway' as const, className: '', sslPassthrough: true } }] };
    expect(errors({ controlPlane: { tlsRoute: { enabled: false } } }, gateway).map((l) => l.split(': ')[1])).toEqual(['values.extraValues.controlPlane.tlsRoute.enabled = false']);
  });

  test('fails if raw values on the group do it, and on ingress-nginx turn passthrough off', () => {
    const m = platform({
      rawValues: [{ path: 's/g', prop: 'values.extraValues', values: { controlPlane: { distro: { k3s: { enabled: true } } } } }],
      members: [{ host: 'a', dnsPattern: '*.a.example.com', ingress: { kind: 'nginx', className: 'nginx', sslPassthrough: true, prop: 'ingressController', values: { controller: { extraArgs: { 'enable-ssl-passthrough': 'false' } } } } }],
    });
    expect(checkOwnedValues(m).map((v) => `${v.path}: ${v.prop}`)).toEqual([
      's/g: values.extraValues.controlPlane.distro.k3s.enabled',
      's/g: ingressController.values.controller.extraArgs.enable-ssl-passthrough',
    ]);
  });

  test('lists the keys it owns, which the README documents', () => {
    expect(ownedValuesKeys().quota).toContain('policies.resourceQuota.quota.requests.cpu');
    expect(Object.keys(ownedValuesKeys())).toEqual(['version', 'distro', 'quota', 'ingress exposure', 'Gateway exposure', 'load-balancer exposure', 'ingress-nginx', 'oidc', 'access', 'ServiceAccount kubeconfig']);
  });
});
