import { PlatformModel, Violation } from '../model/platform-model';
import { isPlainObject, valueAt } from '../model/values';
import { CatalogFacts } from '../model/versions';

/** What does the job of a licensed key without a licence, by the key's path. */
const INSTEAD: { readonly [path: string]: string } = {
  'sleep': 'give the virtual cluster (or its group) a sleepSchedule, which CronJobs on the host run, or set paused',
  'snapshots': 'give the virtual cluster (or its group) backups, which CronJobs on the host run with open-source snapshots, and restore with restoreFrom',
  'deletion': 'remove the virtual cluster from your code: the next deploy destroys it',
  'platform': 'leave it out: this library manages the group (placement, rules, lock, report) without vCluster Platform',
  'controlPlane.backingStore.etcd.embedded': 'leave it out for the default backing store, or deploy etcd with `controlPlane.backingStore.etcd.deploy`',
  'controlPlane.backingStore.database.external': 'leave it out for the default backing store, or deploy etcd with `controlPlane.backingStore.etcd.deploy`',
  'controlPlane.coredns.embedded': 'leave it out: the chart deploys CoreDNS on its own',
};

/** A key that is set but switched off (`{ enabled: false }`, `false`, `null`) uses nothing. */
function isOff(v: unknown): boolean {
  if (v === null || v === false) return true;
  return isPlainObject(v) && Object.keys(v).length === 1 && v.enabled === false;
}

/** CG21: without a declared licence, no raw values turn on vCluster's licensed features. */
export function checkLicence(model: PlatformModel, catalog: CatalogFacts): Violation[] {
  const out: Violation[] = [];
  for (const g of model.groups) {
    if (g.proLicense) continue;
    for (const raw of [...g.rawValues, ...g.virtualClusters.flatMap((vc) => vc.rawValues)]) {
      for (const p of catalog.proValuePaths) {
        const v = valueAt(raw.values, p);
        if (v === undefined || isOff(v)) continue;
        out.push({
          rule: 'CG21',
          path: raw.path,
          prop: `${raw.prop}.${p}`,
          value: v,
          message: `a vCluster Pro feature, which needs a licence, and group "${g.name}" declares none`,
          fix: `${INSTEAD[p] ?? 'remove it: it has no open-source equivalent'}; or, with a licence, set proLicense: true on the group`,
        });
      }
    }
  }
  return out;
}
