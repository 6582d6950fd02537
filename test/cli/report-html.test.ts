import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../helpers';
import { cli } from './cli-helpers';

// The CLI runs in this process, but each validate or report synthesizes an app in a child process.
jest.setTimeout(120_000);

// Debian's chromium (.ci/run installs it). SKIP_BROWSER_TESTS=1 skips this, loudly, elsewhere.
const skip = process.env.SKIP_BROWSER_TESTS === '1';
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

/** The page's DOM after its scripts ran, from headless Chromium with a fresh profile. */
function renderedDom(file: string): string {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`BROWSER MISSING: ${CHROMIUM} does not exist. Install Debian's chromium (apt-get install chromium), set CHROMIUM_BIN, or set SKIP_BROWSER_TESTS=1 to skip this check knowingly.`);
  }
  const profile = tempDir('cg-chromium-');
  const r = spawnSync(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--dump-dom', `file://${file}`,
  ], { encoding: 'utf8', timeout: 60_000 });
  fs.rmSync(profile, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

(skip ? describe.skip : describe)('HTML report in headless Chromium', () => {
  if (skip) console.warn('SKIPPED: the HTML report was NOT rendered in a browser (SKIP_BROWSER_TESTS=1)');

  test('renders every group, host and virtual cluster, with capacity bars', async () => {
    const file = path.join(tempDir(), 'report.html');
    expect((await cli(['report', '--format', 'html', '--out', file])).code).toBe(0);
    // The page carries the report it draws (the same JSON as report --json) in a data script.
    const data = fs.readFileSync(file, 'utf8').match(/<script type="application\/json" id="report">([\s\S]*?)<\/script>/)![1];
    const report = JSON.parse(data);
    expect(report.groups.map((g: any) => g.id)).toEqual(['ingress-platform/dev', 'load-balancer-platform/ml', 'edge-site/site']);
    const dom = renderedDom(file);
    // The placeholder goes once the script has drawn the page.
    expect(dom).not.toContain('Rendering the report needs JavaScript.');
    for (const g of report.groups) {
      expect(dom).toContain(`data-group="${g.id}"`);
      for (const h of g.hosts) expect(dom).toContain(`data-host="${h.name}"`);
      for (const vc of g.virtualClusters) expect(dom).toContain(`data-vcluster="${vc.name}"`);
    }
    const hostCards = dom.match(/class="host" data-host=/g) ?? [];
    expect(hostCards).toHaveLength(report.groups.reduce((n: number, g: any) => n + g.hosts.length, 0));
    expect((dom.match(/class="track"/g) ?? []).length).toBe(hostCards.length * 3);
    expect(dom).toContain('ingress-nginx at 10.42.0.240');
  });
});
