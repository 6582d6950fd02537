import { TerraformStack } from 'cdktf';
import { ClusterGroup, ClusterGroupProps } from '../../src';
import { host, synthJson, testApp } from '../helpers';

/** The synthesized vCluster releases of a one-group stack, keyed by Terraform address. */
function releases(props: Partial<ClusterGroupProps>): Record<string, any> {
  const stack = new TerraformStack(testApp(), 'platform');
  const g = new ClusterGroup(stack, 'dev', { hosts: [{ host: host(stack, 'a'), dnsPattern: '*.a.example.com' }], ...props });
  g.addVirtualCluster('one');
  g.addVirtualCluster('two');
  const all = synthJson(stack).resource.helm_release as Record<string, any>;
  return Object.fromEntries(Object.entries(all).filter(([, r]) => r.chart === 'vcluster'));
}

describe('upgrades in place', () => {
  test('a new chart version updates each release at the same address, touching nothing that forces a replace', () => {
    const before = releases({ chartVersion: '0.35.3', kubernetesVersion: 'v1.35.0' });
    const after = releases({ chartVersion: '0.36.1', kubernetesVersion: 'v1.35.0' });
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const address of Object.keys(before)) {
      // helm_release replaces on a new name or namespace (and chart source); an update changes the rest.
      const { version: v1, ...rest1 } = before[address];
      const { version: v2, ...rest2 } = after[address];
      expect([v1, v2]).toEqual(['0.35.3', '0.36.1']);
      expect(rest2).toEqual(rest1);
    }
  });

  test('a new Kubernetes version changes only the values, at the same address', () => {
    const before = releases({ kubernetesVersion: 'v1.35.0' });
    const after = releases({ kubernetesVersion: 'v1.36.0' });
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const address of Object.keys(before)) {
      const { values: a, ...rest1 } = before[address];
      const { values: b, ...rest2 } = after[address];
      expect(rest2).toEqual(rest1);
      expect(JSON.parse(b[0]).controlPlane.distro.k8s.version).toBe('v1.36.0');
      expect({ ...JSON.parse(b[0]), controlPlane: null }).toEqual({ ...JSON.parse(a[0]), controlPlane: null });
    }
  });
});
