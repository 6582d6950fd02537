import { PlatformModel, Violation } from '../model/platform-model';

/** CG11: the lock file can be read; under CI, where it is never written, it exists and matches the app. */
export function checkLock(model: PlatformModel): Violation[] {
  const lock = model.lock;
  if (lock?.unreadable) {
    return [{ rule: 'CG11', path: lock.path, prop: 'lock file', value: 'unreadable', message: `it ${lock.unreadable.problem}, so the versions and placements it pins are unknown`, fix: lock.unreadable.fix }];
  }
  if (!lock || lock.mode !== 'check' || (lock.present && lock.changes.length === 0)) return [];
  const fix = `synthesize locally (without CI=true) through PlatformSynth.run(app), review the change to ${lock.path.split(/[\\/]/).pop()} and commit it`;
  return [lock.present
    ? { rule: 'CG11', path: lock.path, prop: 'lock file', value: 'stale', message: `under CI it is never written, and it differs from the app: ${lock.changes.join('; ')}`, fix }
    : { rule: 'CG11', path: lock.path, prop: 'lock file', value: 'missing', message: 'under CI it is never written, and there is none', fix }];
}

/** CG15: a chart source directory holds every chart it is asked for, at the pinned version. */
export function checkChartSources(model: PlatformModel): Violation[] {
  return (model.missingCharts ?? []).map((m) => ({
    rule: 'CG15',
    path: m.path,
    prop: `chart source of ${m.source}`,
    value: m.directory,
    message: `the directory has no ${m.chart} ${m.version} (${m.looked})`,
    fix: `put ${m.chart}-${m.version}.tgz there (helm pull ${m.chart} --version ${m.version} --repo ${m.repository}), or choose another ChartSource for ${m.source}`,
  }));
}

/** CG18: values are valid against the chart's own values.schema.json (checked when the chart is local). */
export function checkValuesSchema(model: PlatformModel): Violation[] {
  return (model.valuesProblems ?? []).map((p) => ({
    rule: 'CG18',
    path: p.path,
    prop: p.prop,
    value: p.value,
    message: `${p.chart} ${p.version}'s values.schema.json says it ${p.message}, and Helm would refuse the release`,
    fix: p.message === 'is not a key the chart knows' ? "check its spelling and place against the chart's values.yaml, or remove it" : "give it the form the chart's values.yaml documents, or remove it",
  }));
}
