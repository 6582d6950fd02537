import { PlatformModel, Violation } from '../model/platform-model';

/** CG9: a project-scoped group serves only virtual clusters of its own project. */
export function checkScope(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  for (const g of model.groups) {
    if (g.project === undefined) continue;
    for (const vc of g.virtualClusters) {
      if (vc.project !== g.project) {
        out.push({
          rule: 'CG9',
          path: vc.path,
          prop: 'project',
          value: vc.project ?? null,
          message: `group "${g.name}" serves project "${g.project}" only`,
          fix: `set project to "${g.project}", or use a tenant-wide group`,
        });
      }
    }
  }
  return out;
}
