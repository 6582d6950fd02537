import { CATALOG_FACTS } from '../../src/charts/versions';
import { checkPlatform, RULES } from '../../src/rules';
import { checkScope } from '../../src/rules/scope';
import { hostM, platform, vcM } from './model-builder';

describe('CG9 scope', () => {
  test('passes for a tenant-wide group, and a project group with its own clusters', () => {
    expect(checkScope(platform({ virtualClusters: [vcM('x')] }))).toEqual([]);
    expect(checkScope(platform({ project: 'p', virtualClusters: [vcM('x', { project: 'p' })] }))).toEqual([]);
  });

  test('fails if a project group serves another project', () => {
    const [v] = checkScope(platform({ project: 'p', virtualClusters: [vcM('x', { project: 'q' }), vcM('y', { project: 'p' })] }));
    expect(v.message).toBe('group "g" serves project "p" only');
    expect(v.value).toBe('q');
  });
});

describe('all rules', () => {
  test('have stable, unique ids', () => {
    expect(RULES.map((r) => r.id)).toEqual(['CG1', 'CG2', 'CG3', 'CG4', 'CG5', 'CG6', 'CG19', 'CG7', 'CG8', 'CG9', 'CG10', 'CG11', 'CG12', 'CG13', 'CG14', 'CG15', 'CG16', 'CG17', 'CG18', 'CG20', 'CG21', 'CG22', 'CG23', 'CG24']);
  });

  test('report every violation together, in rule order', () => {
    const m = platform(
      { project: 'p', chartVersion: '0.1.0', members: [{ host: 'a' }], virtualClusters: [vcM('Bad', { size: { cpuMilli: 9000, memoryBytes: 1, storageBytes: 1 } })] },
      [hostM('a', { gateway: true })],
    );
    expect(checkPlatform(m, CATALOG_FACTS).map((v) => v.rule)).toEqual(['CG2', 'CG5', 'CG6', 'CG6', 'CG7', 'CG8', 'CG9']); // name and namespace
  });
});
