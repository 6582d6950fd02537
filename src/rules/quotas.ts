import { GroupModel, PlatformModel, QuotaModel, VirtualClusterModel, Violation } from '../model/platform-model';
import { add, describeAmount, RESOURCE_KEYS, RESOURCE_LABEL, writeAmount, ZERO } from '../model/resources';

type Holder = { readonly which: 'perUser' | 'perProject'; readonly field: 'owner' | 'project'; readonly who: 'user' | 'project'; readonly example: string };

const PER_USER: Holder = { which: 'perUser', field: 'owner', who: 'user', example: '"alice@example.com"' };
const PER_PROJECT: Holder = { which: 'perProject', field: 'project', who: 'project', example: '"team-a"' };

/**
 * CG19: what each user and each project holds in a group, summed over its virtual clusters
 * (placed or not), stays within the group's quotas. It runs before CG7, as Palette checks quotas
 * before the group's own limits.
 */
export function checkQuotas(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  for (const g of model.groups) {
    if (g.quotas?.perUser) out.push(...checkQuota(g, PER_USER, g.quotas.perUser));
    if (g.quotas?.perProject) out.push(...checkQuota(g, PER_PROJECT, g.quotas.perProject));
  }
  return out;
}

function checkQuota(g: GroupModel, h: Holder, quota: QuotaModel): Violation[] {
  const out: Violation[] = [];
  const holders = new Map<string, VirtualClusterModel[]>();
  for (const vc of g.virtualClusters) {
    const name = vc[h.field];
    if (name === undefined) {
      out.push({
        rule: 'CG19',
        path: vc.path,
        prop: h.field,
        value: null,
        message: `group "${g.name}" sets quotas.${h.which}, which counts what each ${h.who} holds, and this virtual cluster has no ${h.field}`,
        fix: `set ${h.field}, such as ${h.example}`,
      });
      continue;
    }
    holders.set(name, [...(holders.get(name) ?? []), vc]);
  }
  for (const [name, vcs] of holders) {
    const list = vcs.map((v) => v.name).join(', ');
    const limit = quota.virtualClusters;
    if (limit !== undefined && vcs.length > limit) {
      out.push({
        rule: 'CG19',
        path: g.path,
        prop: `quotas.${h.which}.virtualClusters`,
        value: limit,
        message: `${h.who} "${name}" holds ${vcs.length} virtual clusters in group "${g.name}" (${list}), ${vcs.length - limit} over`,
        fix: `remove ${vcs.length - limit} of them, or raise quotas.${h.which}.virtualClusters to ${vcs.length}`,
      });
    }
    const used = vcs.reduce((sum, v) => add(sum, v.size), ZERO);
    for (const k of RESOURCE_KEYS) {
      const max = quota[k];
      if (max === undefined || used[k] <= max) continue;
      out.push({
        rule: 'CG19',
        path: g.path,
        prop: `quotas.${h.which}.${RESOURCE_LABEL[k]}`,
        value: writeAmount(k, max),
        message: `${h.who} "${name}" asks for ${describeAmount(k, used[k])} in group "${g.name}" (${list}), ${describeAmount(k, used[k] - max)} over`,
        fix: `shrink or remove virtual clusters of ${h.who} "${name}", or raise quotas.${h.which}.${RESOURCE_LABEL[k]} to ${JSON.stringify(writeAmount(k, used[k]))}`,
      });
    }
  }
  return out;
}
