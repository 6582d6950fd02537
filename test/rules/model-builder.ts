import { GroupModel, HostModel, PlatformModel, Resources, VirtualClusterModel } from '../../src/model/platform-model';

const GiB = 2 ** 30;
export const size = (cpu: number, memGi: number, storageGi: number): Resources => ({ cpuMilli: cpu * 1000, memoryBytes: memGi * GiB, storageBytes: storageGi * GiB });

export function hostM(name: string, over: Partial<HostModel> = {}): HostModel {
  return { name, path: `s/${name}`, kind: 'cloud', endpointTypes: ['ingress', 'load-balancer'], capacity: size(16, 64, 500), virtual: false, readOnly: false, gateway: false, ...over };
}

export function vcM(name: string, over: Partial<VirtualClusterModel> = {}): VirtualClusterModel {
  return { name, path: `s/g/${name}`, host: 'a', namespace: `vcluster-${name}`, releaseName: name, size: size(2, 4, 5), rawValues: [], ...over };
}

export function groupM(over: Partial<GroupModel> = {}): GroupModel {
  return {
    name: 'g', path: 's/g', stack: 's', edge: false, endpointType: 'ingress',
    members: [{ host: 'a', dnsPattern: '*.a.example.com', ingress: { kind: 'nginx', className: 'nginx', sslPassthrough: true } }],
    chartVersion: '0.36.1', kubernetesVersion: 'v1.36.0',
    ceilings: size(6, 8, 10), oversubscriptionPercent: 120,
    dns: { kind: 'manual' }, rawValues: [], virtualClusters: [],
    ...over,
  };
}

/** One host "a" and one group "g" unless told otherwise. */
export function platform(group: Partial<GroupModel> = {}, hosts: HostModel[] = [hostM('a')]): PlatformModel {
  return { hosts, groups: [groupM(group)] };
}
