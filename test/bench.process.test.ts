import { spawnSync } from 'child_process';
import * as path from 'path';
import { REPO } from './helpers';

// bench/synth-once.ts, as `npm run bench` runs it, with the library from src/: the three sides
// must synthesize the same resources (or the bench compares different work), and the same-tree
// side must have the library's Terraform addresses (or it does not measure the library's shape).
function synthOnce(variant: string): { resources: number; digest: string; addresses: string } {
  const r = spawnSync(path.join(REPO, 'node_modules', '.bin', 'tsx'), [path.join(REPO, 'bench', 'synth-once.ts'), variant, '3'], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, BENCH_LIBRARY: path.join(REPO, 'src') },
  });
  expect({ variant, status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ variant, status: 0, stderr: '' });
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

describe('the bench', () => {
  test('synthesizes the same resources on all three sides, and the same tree with the library\'s addresses', () => {
    const [lib, plain, tree] = ['library', 'plain', 'plain-tree'].map(synthOnce);
    // Per host: ingress-nginx's namespace and release; per virtual cluster: its namespace and release.
    expect(lib.resources).toBe(10 * 2 + 3 * 2);
    expect(plain.digest).toBe(lib.digest);
    expect(tree.digest).toBe(lib.digest);
    expect(tree.addresses).toBe(lib.addresses);
    expect(plain.addresses).not.toBe(lib.addresses);
  });

  test('refuses a side it does not know', () => {
    const r = spawnSync(path.join(REPO, 'node_modules', '.bin', 'tsx'), [path.join(REPO, 'bench', 'synth-once.ts'), 'plane', '3'], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('unknown variant plane: library, plain or plain-tree');
  });
});
