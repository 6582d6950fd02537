import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO, tempDir } from './helpers';

// What users install: the built package, its bin, and both entry points, in a project of its own.
describe('the published package', () => {
  test('installs, and its CLI, main entry and SDK entry work', () => {
    const dir = tempDir('cg-package-');
    // npm run build, without a second npm process.
    execFileSync(path.join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: REPO });
    execFileSync(process.execPath, [path.join(REPO, 'tools', 'bin-mode.js')]);
    const packed = execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').pop()!;
    const consumer = path.join(dir, 'consumer');
    fs.mkdirSync(consumer);
    fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    // The README's install line resolves without a conflict (a dry run: npm resolves the whole
    // tree, ERESOLVE included, and extracts nothing).
    const line = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8').match(/^npm install cdktf-cluster-groups (.+)$/m);
    if (!line) throw new Error('README: no "npm install cdktf-cluster-groups ..." line');
    const peers = line[1].split(' ');
    expect(peers.map((p) => p.replace(/@[^@]*$/, '')).sort()).toEqual(['@cdktf/provider-helm', '@cdktf/provider-kubernetes', 'cdktf', 'constructs']);
    execFileSync('npm', ['install', '--dry-run', '--no-audit', '--no-fund', '--prefer-offline', path.join(dir, packed), ...peers], { cwd: consumer, stdio: 'ignore' });
    // The package alone from its tarball; the peers a user brings are this checkout's copies,
    // linked rather than installed again (the provider bindings are a hundred megabytes each).
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--legacy-peer-deps', path.join(dir, packed)], { cwd: consumer, stdio: 'ignore' });
    for (const peer of ['cdktf', 'constructs', '@cdktf/provider-kubernetes', '@cdktf/provider-helm']) {
      fs.mkdirSync(path.dirname(path.join(consumer, 'node_modules', peer)), { recursive: true });
      fs.symlinkSync(path.join(REPO, 'node_modules', peer), path.join(consumer, 'node_modules', peer), 'dir');
    }

    // Construct Hub lists a cdktf library only with the cdktf keyword, and shows where its code,
    // issues and licence are.
    const pkgDir = path.join(consumer, 'node_modules', 'cdktf-cluster-groups');
    const installed = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
    expect(installed.keywords).toContain('cdktf');
    expect(installed).toMatchObject({ license: 'Apache-2.0', author: { name: expect.any(String) }, repository: { type: 'git', url: expect.stringMatching(/^git\+https:\/\/.+\.git$/) } });
    const repo = installed.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect([installed.homepage, installed.bugs?.url]).toEqual([`${repo}#readme`, `${repo}/issues`]);
    expect(fs.readFileSync(path.join(pkgDir, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004\n/);
    // Executable in the tarball itself: the jsii runtime runs the bin from it without npm.
    expect(execFileSync('tar', ['-tvzf', path.join(dir, packed), 'package/lib/cli/main.js'], { encoding: 'utf8' })).toMatch(/^-rwxr-xr-x /);

    const help = spawnSync(path.join(consumer, 'node_modules', '.bin', 'cdktf-cluster-groups'), ['--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: cdktf-cluster-groups <command>/);

    const probe = `
      const lib = require('cdktf-cluster-groups');
      const sdk = require('cdktf-cluster-groups/sdk');
      const loaded = Object.keys(require.cache).some((k) => k.includes('node_modules/cdktf/'));
      console.log(JSON.stringify({ group: typeof lib.ClusterGroup, synth: typeof lib.PlatformSynth.run, versions: sdk.ChartCatalog.vclusterVersions(), loaded }));`;
    const out = JSON.parse(execFileSync('node', ['-e', probe], { cwd: consumer, encoding: 'utf8' }));
    expect(out).toEqual({ group: 'function', synth: 'function', versions: ['0.34.7', '0.35.3', '0.36.1'], loaded: true });
    const sdkOnly = execFileSync('node', ['-e', "require('cdktf-cluster-groups/sdk'); console.log(Object.keys(require.cache).some((k) => k.includes('node_modules/cdktf/')))"], { cwd: consumer, encoding: 'utf8' });
    expect(sdkOnly.trim()).toBe('false');
  }, 120_000);
});
