import { PlatformModel } from '../model/platform-model';
import { valueAt } from '../model/values';
import { CatalogFacts, compareVersions, parseVersion } from '../model/versions';

/** Something legal but worth a second look; shown at synth, never fails it. */
export interface Warning {
  readonly path: string;
  readonly message: string;
}

/** Warnings for a platform: newer chart versions than a group runs, deploys that meet a sleep schedule, Pro-only keys. */
export function platformWarnings(model: PlatformModel, catalog: CatalogFacts): Warning[] {
  const out: Warning[] = [];
  const newest = catalog.versions[catalog.versions.length - 1];
  for (const g of model.groups) {
    const cur = parseVersion(g.chartVersion);
    if (cur && compareVersions(parseVersion(newest)!, cur) > 0) {
      out.push({
        path: g.path,
        message: `vCluster ${newest} is available; group "${g.name}" stays on ${g.chartVersion} until you upgrade it. Plan it with: npx cdktf-cluster-groups plan-upgrade ${g.stack}/${g.name} --to ${newest}`,
      });
    }
    for (const vc of g.virtualClusters) {
      const s = vc.sleepSchedule;
      if (!s || vc.paused) continue;
      for (const c of vc.connections ?? []) {
        out.push({ path: c, message: `deploys into virtual cluster "${vc.name}", which sleeps from "${s.sleep}" to "${s.wake}" (${s.timeZone}): deploy while it is awake, or the apply fails` });
      }
    }
    const schedules = new Set<string>();
    for (const vc of g.virtualClusters) {
      const s = vc.sleepSchedule;
      if (!s || schedules.has(s.path)) continue;
      schedules.add(s.path);
      out.push({
        path: s.path,
        message: `a deploy that changes the values of a sleeping virtual cluster (between "${s.sleep}" and "${s.wake}", ${s.timeZone}) wakes it: Helm sets its replicas back, and it runs until the next sleep (still annotated as paused until the next wake). Deploy outside that window, or use paused`,
      });
    }
    // Without a declared licence, CG21 fails the synth instead.
    if (!g.proLicense) continue;
    for (const r of [...g.rawValues, ...g.virtualClusters.flatMap((vc) => vc.rawValues)]) {
      for (const p of catalog.proValuePaths) {
        if (valueAt(r.values, p) !== undefined) {
          out.push({ path: r.path, message: `${r.prop}.${p} is a vCluster Pro feature: it runs only with the licence the group declares` });
        }
      }
    }
  }
  return out;
}
