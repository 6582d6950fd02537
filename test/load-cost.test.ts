import { spawnSync } from 'child_process';
import { REPO } from './helpers';

describe('loading the library', () => {
  test('does not load the big provider bindings that only paused clusters, sleep schedules and app profiles use', () => {
    // In a process of its own: what `require('cdktf-cluster-groups')` loads before anything is built.
    const script = "require('./src'); console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes('@cdktf/provider-kubernetes/lib/')).map((k) => k.replace(/.*\\/lib\\//, '').replace(/\\/.*/, ''))))";
    const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const loaded = [...new Set(JSON.parse(r.stdout.trim().split('\n').pop()!))].sort();
    expect(loaded).toEqual(['data-kubernetes-service-v1', 'namespace-v1', 'provider']);
  });
});
