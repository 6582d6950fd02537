import { PlatformModel } from '../model/platform-model';
import { valueAt } from '../model/values';
import { CatalogFacts, compareVersions, parseVersion } from '../model/versions';

/** Something legal but worth a second look; shown at synth, never fails it. */
export interface Warning {
  readonly path: string;
  readonly message: string;
}

/** Warnings for a platform: newer chart versions than a group runs, Pro-only keys. */
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
