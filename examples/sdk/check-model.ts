// The SDK on its own: no cdktf app, just a plain model of one host and one group.
// Run from the repository root: npx tsx examples/sdk/check-model.ts
import { ChartCatalog, GroupRules, LockFiles, Placement, PlatformModel, UpgradePlanner } from 'cdktf-cluster-groups/sdk';

const GiB = 2 ** 30;
const model: PlatformModel = {
  hosts: [{
    name: 'east', path: 'east', kind: 'cloud', endpointTypes: ['ingress'],
    capacity: { cpuMilli: 8000, memoryBytes: 32 * GiB, storageBytes: 100 * GiB },
    virtual: false, readOnly: false, gateway: false,
  }],
  groups: [{
    name: 'dev', path: 'dev', stack: 'platform', edge: false, endpointType: 'ingress',
    members: [{ host: 'east', dnsPattern: '*.east.example.com', ingress: { kind: 'nginx', className: 'nginx', sslPassthrough: true } }],
    chartVersion: '0.35.3', kubernetesVersion: 'v1.35.0',
    ceilings: { cpuMilli: 6000, memoryBytes: 8 * GiB, storageBytes: 10 * GiB }, oversubscriptionPercent: 120,
    dns: { kind: 'manual' }, rawValues: [],
    virtualClusters: [{
      name: 'team-a', path: 'dev/team-a', host: 'east', namespace: 'vcluster-team-a', releaseName: 'team-a',
      size: { cpuMilli: 8000, memoryBytes: 4 * GiB, storageBytes: 5 * GiB }, rawValues: [],
    }],
  }],
};

for (const v of GroupRules.check(model)) console.log(GroupRules.format(v));
for (const step of UpgradePlanner.plan('0.35.3', '0.36.1', 'v1.35.0').steps) {
  console.log(`upgrade ${step.from} -> ${step.to}: ${step.changes.join('; ') || 'no changes'}`);
}

// The catalog, placement, and the lock file the example platform committed.
console.log(`catalog: vCluster ${ChartCatalog.vclusterVersions().join(', ')}`);
const room = { name: 'east', allowance: model.hosts[0].capacity, used: { cpuMilli: 6000, memoryBytes: 0, storageBytes: 0 } };
console.log(`a 2 CPU cluster goes to: ${Placement.place({ size: { cpuMilli: 2000, memoryBytes: GiB, storageBytes: GiB } }, [room]).host}`);
const lock = LockFiles.read('cluster-groups.lock.json');
console.log(`locked stacks: ${Object.keys(lock?.stacks ?? {}).join(', ')}`);
