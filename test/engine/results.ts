// Tiers record what they proved here; the reporter turns it into the one summary line.
import * as fs from 'fs';

export interface TierResult {
  readonly tier: 'tier1' | 'tier2' | 'tier3' | 'access' | 'lifecycle' | 'moves' | 'apps';
  readonly name: string;
  readonly ok: boolean;
  readonly dnsRemoved?: number;
  readonly skipped?: string;
  readonly detail?: { [key: string]: boolean };
}

export function record(result: TierResult): void {
  const file = process.env.CLUSTER_GROUPS_ENGINE_RESULTS;
  if (!file) throw new Error('CLUSTER_GROUPS_ENGINE_RESULTS is not set: run the engine tests with `npm run test:engine`');
  fs.appendFileSync(file, `${JSON.stringify(result)}\n`);
}

/**
 * Why the API-server tiers do not run, when CI decided so (their engines were not cached and the
 * CI budget was spent): then each such tier records and prints the reason instead of its tests.
 */
export function apiServerSkipReason(): string | undefined {
  return process.env.CLUSTER_GROUPS_SKIP_API_SERVER || undefined;
}

export function reportSkipped(tier: TierResult['tier'], reason: string): void {
  test(`${tier} SKIPPED: ${reason}`, () => {
    process.stderr.write(`\n*** engine ${tier} SKIPPED: ${reason} ***\n\n`);
    record({ tier, name: 'all', ok: false, skipped: reason });
  });
}
