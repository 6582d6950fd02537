// Tiers record what they proved here; the reporter turns it into the one summary line.
import * as fs from 'fs';

export interface TierResult {
  readonly tier: 'tier1' | 'tier2' | 'tier3';
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
