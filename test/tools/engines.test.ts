import * as fs from 'fs';
import * as path from 'path';
import { checkWrapper, MANIFEST } from '../../tools/engines';
import { errorOf, REPO } from '../helpers';

const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');

describe('the engine manifest (tools/versions.json)', () => {
  test.each(MANIFEST.engines.map((e) => [e.name, e]))('%s: its wrapper module requires the version the manifest names', (_name, e) => {
    expect(() => checkWrapper(e)).not.toThrow();
  });

  test('fails if a wrapper requires another version than the manifest names', () => {
    const tofu = MANIFEST.engines.find((e) => e.name === 'tofu')!;
    expect(errorOf(() => checkWrapper({ ...tofu, version: 'v1.12.5' })))
      .toBe('tools/tofu/go.mod does not require github.com/opentofu/opentofu v1.12.5 as tools/versions.json says');
  });

  test('the README\'s engine table names every build, and each provider build\'s mirror version and the version it stands in for', () => {
    for (const e of MANIFEST.engines) {
      if (e.provider) {
        expect(readme).toContain(`\`${e.goModule}\` at a `);
        expect(readme).toContain(`mirrored as \`${e.provider.mirrorVersion}\``);
        const [pkg, version] = e.provider.binding.split(' ');
        expect(readme).toContain(`${e.provider.standsInFor}, which \`${pkg}\` ${version} pins`);
      } else {
        expect(readme).toContain(`\`${e.goModule}\` ${e.version}`);
      }
    }
  });
});
