import * as fs from 'fs';
import * as path from 'path';
import chromium from '@sparticuz/chromium';
import { Browser, launch } from 'puppeteer-core';
import { tempDir } from '../helpers';
import { cli } from './cli-helpers';

// The CLI runs in this process, but the report synthesizes the example app in a child process.
jest.setTimeout(120_000);

// A headless Chromium that npm installs (@sparticuz/chromium, Linux x64 and arm64): no system
// browser needed. CHROMIUM_BIN names another Chrome (on a Mac, say); SKIP_BROWSER_TESTS=1 skips
// this, loudly. REPORT_SCREENSHOT=<file.png> keeps the screenshot the test takes, to look at.
const skip = process.env.SKIP_BROWSER_TESTS === '1';

async function browser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_BIN ?? (await chromium.executablePath());
  return launch({ executablePath, args: process.env.CHROMIUM_BIN ? ['--no-sandbox'] : chromium.args, headless: true });
}

(skip ? describe.skip : describe)('HTML report in headless Chromium', () => {
  if (skip) console.warn('SKIPPED: the HTML report was NOT rendered in a browser (SKIP_BROWSER_TESTS=1)');

  test('renders every group, host and virtual cluster, with capacity bars a person can read', async () => {
    const file = path.join(tempDir(), 'report.html');
    expect((await cli(['report', '--format', 'html', '--out', file, '--rates', 'cpu=0.03,memory=0.004,storage=0.0001,lb=0.025'])).code).toBe(0);
    // The page carries the report it draws (the same JSON as report --json) in a data script.
    const data = fs.readFileSync(file, 'utf8').match(/<script type="application\/json" id="report">([\s\S]*?)<\/script>/)![1];
    const report = JSON.parse(data);
    expect(report.groups.map((g: any) => g.id)).toEqual(['ingress-platform/dev', 'load-balancer-platform/ml', 'edge-site/site', 'day-two/dev', 'day-two/prod', 'app-mode/teams']);

    const b = await browser();
    try {
      const page = await b.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(`file://${file}`, { waitUntil: 'load' });
      const dom = await page.content();
      // The placeholder goes once the script has drawn the page.
      expect(dom).not.toContain('Rendering the report needs JavaScript.');
      for (const g of report.groups) {
        expect(dom).toContain(`data-group="${g.id}"`);
        for (const h of g.hosts) expect(dom).toContain(`data-host="${h.name}"`);
        for (const vc of g.virtualClusters) expect(dom).toContain(`data-vcluster="${vc.name}"`);
      }
      const hostCards = dom.match(/class="host" data-host=/g) ?? [];
      expect(hostCards).toHaveLength(report.groups.reduce((n: number, g: any) => n + g.hosts.length, 0));
      expect(dom).toContain('ingress-nginx at 10.42.0.240');

      // Laid out, not just present: each host has a CPU, memory and storage bar, drawn as wide
      // as its share of what the host allows (store-042 uses 3 of 9.6 CPU).
      const bars = await page.$$eval('.host', (hosts) => hosts.map((h) => ({
        host: h.getAttribute('data-host'),
        labels: [...h.querySelectorAll('.bar')].map((x) => (x.textContent ?? '').trim()),
        shares: [...h.querySelectorAll('.track')].map((t) => {
          const fill = t.querySelector('.fill')!;
          return fill.getBoundingClientRect().width / t.getBoundingClientRect().width;
        }),
        trackWidth: h.querySelector('.track')!.getBoundingClientRect().width,
      })));
      expect(bars).toHaveLength(hostCards.length);
      for (const bar of bars) {
        expect(bar.shares).toHaveLength(3);
        expect(bar.trackWidth).toBeGreaterThan(100);
      }
      const store = bars.find((x) => x.host === 'store-042')!;
      expect(store.labels[0]).toBe('CPU: 3 CPU of 9.6 CPU (31%)');
      expect(store.shares[0]).toBeCloseTo(3 / 9.6, 2);

      // Each owner of the ml group against its quota, as bars, with the monthly cost.
      const ana = await page.$eval('[data-user="ana@example.com"]', (card) => ({
        labels: [...card.querySelectorAll('.bar')].map((x) => (x.textContent ?? '').trim()),
        cpuShare: (() => { const t = card.querySelectorAll('.track')[1]; return t.querySelector('.fill')!.getBoundingClientRect().width / t.getBoundingClientRect().width; })(),
        cost: card.querySelector('.cost')?.textContent,
      }));
      expect(ana.labels.slice(0, 3)).toEqual(['Virtual clusters: 1 of 2 (50%)', 'CPU: 8 CPU of 12 CPU (67%)', 'Memory: 32.0 GiB of 48.0 GiB (67%)']);
      expect(ana.labels[3]).toBe('Storage: 10.0 GiB');
      expect(ana.cpuShare).toBeCloseTo(8 / 12, 2);
      expect(ana.cost).toBe(`Monthly cost ${(730 * (8 * 0.03 + 32 * 0.004 + 10 * 0.0001 + 0.025)).toFixed(2)}`);
      // A paused cluster holds only its storage on the host; a sleeping one shows how much it is awake.
      const lab = bars.find((x) => x.host === 'lab')!;
      expect(lab.labels[0]).toBe('CPU: 8 CPU of 19.2 CPU (42%)');
      expect(lab.labels[2]).toBe('Storage: 20.0 GiB of 600.0 GiB (3%)');
      expect(await page.$eval('[data-vcluster="demo"]', (e) => [e.textContent, e.className])).toEqual(['demo (paused)', 'vc paused']);
      expect(await page.$eval('[data-vcluster="team-a"]', (e) => e.textContent)).toBe('team-a (awake 39%)');
      expect(await page.$eval('[data-cost="load-balancer-platform/ml"]', (e) => e.textContent)).toMatch(/^Monthly cost of the group \d+\.\d\d \(2 load balancer\(s\), 730 hours a month; CPU and memory while awake\)$/);

      const png = await page.screenshot({ fullPage: true });
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      if (process.env.REPORT_SCREENSHOT) fs.writeFileSync(process.env.REPORT_SCREENSHOT, png);
    } finally {
      await b.close();
    }
  });
});
