// Ends `npm run test:engine` with one line that says what each tier proved.
const fs = require('fs');

class EngineSummaryReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.CLUSTER_GROUPS_ENGINE_RESULTS;
    const rows = file && fs.existsSync(file)
      ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
      : [];
    const of = (tier) => rows.filter((r) => r.tier === tier);
    const t1 = of('tier1');
    const t1ok = t1.filter((r) => r.ok).length;
    const dns = t1.reduce((n, r) => n + (r.dnsRemoved ?? 0), 0);
    const parts = [`tier1 ${t1ok}/${t1.length} stacks valid (${dns} dns resources not validated)`];
    const t2 = of('tier2');
    parts.push(t2.length === 0 ? 'tier2 NOT RUN'
      : t2.some((r) => r.skipped) ? `tier2 SKIPPED: ${t2.find((r) => r.skipped).skipped}`
      : t2.every((r) => r.ok) ? 'tier2 wildcard record served and removed on destroy' : 'tier2 FAILED');
    const cli = of('tier3').filter((r) => r.detail?.viaCdktfCli);
    const t3 = of('tier3').filter((r) => !r.detail?.viaCdktfCli);
    const applied = t3.filter((r) => r.ok && !r.skipped);
    const upgraded = t3.some((r) => r.detail?.upgradedInPlace);
    parts.push(t3.length === 0 ? 'tier3 NOT RUN'
      : t3.some((r) => r.skipped) ? `tier3 SKIPPED: ${t3.find((r) => r.skipped).skipped}`
      : `tier3 ${applied.length} platforms applied, re-planned clean, ${upgraded ? 'upgraded in place' : 'NOT upgraded'}, destroyed clean${applied.length === t3.length ? '' : ` (${t3.length - applied.length} FAILED)`}`);
    // A tier that proves one thing: not run, skipped (and why), what it proved, or failed.
    const tier = (name, proved) => {
      const rs = of(name);
      return rs.length === 0 ? `${name} NOT RUN`
        : rs.some((r) => r.skipped) ? `${name} SKIPPED: ${rs.find((r) => r.skipped).skipped}`
        : rs.every((r) => r.ok) ? `${name}: ${proved}` : `${name} FAILED`;
    };
    parts.push(tier('access', 'OIDC flags accepted and role bindings enforced by a real API server'));
    parts.push(tier('lifecycle', 'sleep, wake, pause, resume and backup requests run as their ServiceAccount on a real vCluster release; restore rendered, not run'));
    parts.push(tier('moves', 'snapshot, restore and retire applied on two hosts, the copy declared anew with an empty plan; no syncer, no restore run'));
    parts.push(tier('apps', 'platform and application stack deployed and destroyed in order by cdktf, state in the kubernetes backend'));
    if (cli.length) parts.push(cli.every((r) => r.ok) ? 'cdktf deploy and destroy through cdktf-cli ok' : 'cdktf deploy through cdktf-cli FAILED');
    process.stdout.write(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed\n`);
    process.stdout.write(`engine: ${parts.join('; ')}\n`);
  }
}
module.exports = EngineSummaryReporter;
