import { describeBytes, describeMilli } from '../model/quantity';
import { Resources } from '../model/platform-model';
import { CostReport } from './cost';
import { GroupReport, PlatformReport, UsageReport } from './report';

/** The report, with the monthly cost when rates were given. */
export type CostedReport = PlatformReport & { readonly cost?: CostReport };

const pct = (used: number, of: number) => (of > 0 ? `${Math.round((used / of) * 100)}%` : '-');
const cpu = (u: Resources, a: Resources) => `${describeMilli(u.cpuMilli)} / ${describeMilli(a.cpuMilli)} (${pct(u.cpuMilli, a.cpuMilli)})`;
const mem = (u: Resources, a: Resources) => `${describeBytes(u.memoryBytes)} / ${describeBytes(a.memoryBytes)} (${pct(u.memoryBytes, a.memoryBytes)})`;
const disk = (u: Resources, a: Resources) => `${describeBytes(u.storageBytes)} / ${describeBytes(a.storageBytes)} (${pct(u.storageBytes, a.storageBytes)})`;

/** Rows as aligned columns. */
function columns(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** `3 / 2 (150%)`, or the amount alone without a limit. */
const against = (used: number, limit: number | undefined, show: (n: number) => string) => (limit === undefined ? show(used) : `${show(used)} / ${show(limit)} (${pct(used, limit)})`);

function usageRows(id: string, kind: string, rows: readonly UsageReport[]): string[][] {
  return rows.map((u) => [id, `${kind} ${u.name}`, against(u.virtualClusters, u.quota?.virtualClusters, String), against(u.used.cpuMilli, u.quota?.cpuMilli, describeMilli), against(u.used.memoryBytes, u.quota?.memoryBytes, describeBytes), against(u.used.storageBytes, u.quota?.storageBytes, describeBytes)]);
}

/** `running`, `paused`, or when a schedule puts it to sleep and how much of the time it is awake; and a move under way. */
function stateOf(vc: GroupReport['virtualClusters'][number]): string {
  const move = vc.move ? `, moving to ${vc.move.toGroup} (${vc.move.phase})` : '';
  if (vc.paused) return `paused${move}`;
  const s = vc.sleepSchedule;
  return (s ? `sleeps "${s.sleep}", wakes "${s.wake}" ${s.timeZone} (awake ${Math.round(vc.awakeShare * 100)}%)` : 'running') + move;
}

/** The report as terminal tables: groups, hosts, virtual clusters, usage, cost, then problems. */
export function renderTable(r: CostedReport): string {
  const out: string[] = [];
  out.push(columns(
    ['GROUP', 'ENDPOINT', 'VCLUSTER', 'KUBERNETES', 'HOSTS', 'VCS', 'CPU USED', 'MEMORY USED', 'STORAGE USED'],
    r.groups.map((g) => [g.id, g.endpointType, g.chartVersion, g.kubernetesVersion, String(g.hosts.length), String(g.virtualClusters.length), cpu(g.used, g.allowance), mem(g.used, g.allowance), disk(g.used, g.allowance)]),
  ));
  out.push('');
  out.push(columns(
    ['HOST', 'KIND', 'GROUPS', 'CPU USED', 'MEMORY USED', 'STORAGE USED'],
    r.hosts.map((h) => [h.name, h.kind, h.groups.join(','), cpu(h.used, h.allowance), mem(h.used, h.allowance), disk(h.used, h.allowance)]),
  ));
  out.push('');
  out.push(columns(
    ['VIRTUAL CLUSTER', 'HOST', 'CPU', 'MEMORY', 'STORAGE', 'STATE', 'ENDPOINT'],
    r.groups.flatMap((g) => g.virtualClusters.map((vc) => [`${g.id}/${vc.name}`, vc.host ?? '(none)', describeMilli(vc.size.cpuMilli), describeBytes(vc.size.memoryBytes), describeBytes(vc.size.storageBytes), stateOf(vc), vc.endpoint || '-'])),
  ));
  const usage = r.groups.flatMap((g) => [...usageRows(g.id, 'user', g.usage.perUser), ...usageRows(g.id, 'project', g.usage.perProject)]);
  if (usage.length) {
    out.push('');
    out.push(columns(['GROUP', 'HOLDER', 'VCS', 'CPU', 'MEMORY', 'STORAGE'], usage));
  }
  if (r.cost) {
    const c = r.cost;
    out.push('');
    out.push(columns(['GROUP', 'WHO', 'LOAD BALANCERS', 'MONTHLY COST'], r.cost.groups.flatMap((g) => [
      [g.id, '(group)', String(g.loadBalancers), g.monthly.toFixed(2)],
      ...g.perUser.map((u) => [g.id, `user ${u.name}`, '', u.monthly.toFixed(2)]),
      ...g.perProject.map((p) => [g.id, `project ${p.name}`, '', p.monthly.toFixed(2)]),
    ])));
    out.push(`Monthly cost ${c.monthly.toFixed(2)}: ${c.hoursPerMonth} hours at ${c.rates.cpuHour} per CPU, ${c.rates.memoryGiBHour} per GiB of memory, ${c.rates.storageGiBHour} per GiB of storage and ${c.rates.loadBalancerHour} per load balancer; CPU and memory for the hours awake.`);
  }
  out.push('', 'Used against allowed: capacity times oversubscription; a holder\'s use against the group\'s quota.');
  for (const v of r.violations) out.push(`error: ${v}`);
  for (const w of r.warnings) out.push(`warning: ${w.path}: ${w.message}`);
  return out.join('\n') + '\n';
}

/**
 * A self-contained page (no external files) that draws each group, its hosts with capacity
 * bars, and the virtual clusters on each host, from the report embedded in it.
 */
export function renderHtml(r: CostedReport): string {
  // "<" is escaped so that no value can close the script element.
  const data = JSON.stringify(r).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Cluster groups report</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2330; background: #f6f7f9; }
h1 { font-size: 20px; margin: 0 0 16px; }
.group { background: #fff; border: 1px solid #d8dce3; border-radius: 8px; padding: 16px; margin-bottom: 16px; }
.group h2 { font-size: 16px; margin: 0 0 4px; }
.meta { color: #5b6474; margin-bottom: 12px; }
.hosts { display: flex; flex-wrap: wrap; gap: 12px; }
.host { border: 1px solid #d8dce3; border-radius: 6px; padding: 10px; width: 300px; }
.host h3 { font-size: 14px; margin: 0 0 6px; }
.addons { color: #5b6474; font-size: 12px; margin-bottom: 6px; }
.bar { margin: 4px 0; font-size: 12px; }
.track { height: 8px; background: #e6e9ee; border-radius: 4px; overflow: hidden; }
.fill { height: 8px; background: #3a7bd5; }
.fill.over { background: #d64545; }
.vc { display: inline-block; background: #eef3fb; border: 1px solid #c9d8f0; border-radius: 4px; padding: 2px 6px; margin: 6px 4px 0 0; font-size: 12px; }
.vc.paused { background: #f2f2f2; border-color: #d0d0d0; color: #666; }
.problems { background: #fff4f4; border: 1px solid #f0c9c9; border-radius: 8px; padding: 12px; margin-bottom: 16px; }
.warnings { background: #fffbef; border: 1px solid #eedfa8; border-radius: 8px; padding: 12px; margin-bottom: 16px; }
.usage { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 12px; }
.holder { border: 1px solid #d8dce3; border-radius: 6px; padding: 10px; width: 300px; }
.holder h3 { font-size: 14px; margin: 0 0 6px; }
.cost { color: #1d2330; font-weight: 600; margin-top: 6px; }
</style>
</head>
<body>
<h1>Cluster groups</h1>
<div id="app">Rendering the report needs JavaScript.</div>
<script type="application/json" id="report">${data}</script>
<script>
(function () {
  var r = JSON.parse(document.getElementById('report').textContent);
  var app = document.getElementById('app');
  app.textContent = '';
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }
  function gib(b) { return (b / 1073741824).toFixed(1) + ' GiB'; }
  function cores(m) { return (m / 1000) + ' CPU'; }
  function bar(label, used, allowed, fmt) {
    var pct = allowed > 0 ? Math.round(used / allowed * 100) + '%' : 'no allowance';
    var b = el('div', 'bar', label + ': ' + fmt(used) + ' of ' + fmt(allowed) + ' (' + pct + ')');
    var t = el('div', 'track'); var f = el('div', 'fill' + (used > allowed ? ' over' : ''));
    f.style.width = Math.min(100, allowed > 0 ? used / allowed * 100 : 0) + '%';
    t.appendChild(f); b.appendChild(t); return b;
  }
  function list(cls, title, items) {
    if (!items.length) return;
    var box = el('div', cls); box.appendChild(el('strong', '', title));
    var ul = el('ul'); items.forEach(function (i) { ul.appendChild(el('li', '', i)); }); box.appendChild(ul); app.appendChild(box);
  }
  list('problems', 'Rule violations', r.violations);
  list('warnings', 'Warnings', r.warnings.map(function (w) { return w.path + ': ' + w.message; }));
  r.groups.forEach(function (g) {
    var s = el('section', 'group'); s.setAttribute('data-group', g.id);
    s.appendChild(el('h2', '', g.id + (g.edge ? ' (edge)' : '')));
    s.appendChild(el('div', 'meta', g.endpointType + ' \\u00b7 vCluster ' + g.chartVersion + ' \\u00b7 Kubernetes ' + g.kubernetesVersion + (g.project ? ' \\u00b7 project ' + g.project : ' \\u00b7 tenant-wide')));
    var hosts = el('div', 'hosts');
    g.hosts.forEach(function (m) {
      var h = r.hosts.filter(function (x) { return x.name === m.name; })[0];
      var card = el('div', 'host'); card.setAttribute('data-host', m.name);
      card.appendChild(el('h3', '', m.name + (h ? ' (' + h.kind + ')' : '')));
      if (m.addons.length) card.appendChild(el('div', 'addons', m.addons.join(', ')));
      if (h) {
        card.appendChild(bar('CPU', h.used.cpuMilli, h.allowance.cpuMilli, cores));
        card.appendChild(bar('Memory', h.used.memoryBytes, h.allowance.memoryBytes, gib));
        card.appendChild(bar('Storage', h.used.storageBytes, h.allowance.storageBytes, gib));
      }
      g.virtualClusters.filter(function (v) { return v.host === m.name; }).forEach(function (v) {
        var state = v.paused ? 'paused' : v.sleepSchedule ? 'awake ' + Math.round(v.awakeShare * 100) + '%' : '';
        var c = el('span', 'vc' + (v.paused ? ' paused' : ''), v.name + (state ? ' (' + state + ')' : '')); c.setAttribute('data-vcluster', v.name); c.title = v.endpoint; card.appendChild(c);
      });
      hosts.appendChild(card);
    });
    s.appendChild(hosts);
    var cost = r.cost && r.cost.groups.filter(function (c) { return c.id === g.id; })[0];
    function monthly(list, name) { var m = cost && list.filter(function (x) { return x.name === name; })[0]; return m ? m.monthly.toFixed(2) : undefined; }
    function holders(kind, rows, costs) {
      if (!rows.length) return;
      var box = el('div', 'usage');
      rows.forEach(function (u) {
        var card = el('div', 'holder'); card.setAttribute('data-' + kind, u.name);
        card.appendChild(el('h3', '', kind + ' ' + u.name));
        var q = u.quota || {};
        function add(label, used, limit, fmt) { card.appendChild(limit === undefined ? el('div', 'bar', label + ': ' + fmt(used)) : bar(label, used, limit, fmt)); }
        add('Virtual clusters', u.virtualClusters, q.virtualClusters, String);
        add('CPU', u.used.cpuMilli, q.cpuMilli, cores);
        add('Memory', u.used.memoryBytes, q.memoryBytes, gib);
        add('Storage', u.used.storageBytes, q.storageBytes, gib);
        var m = monthly(costs, u.name); if (m) card.appendChild(el('div', 'cost', 'Monthly cost ' + m));
        box.appendChild(card);
      });
      s.appendChild(box);
    }
    holders('user', g.usage.perUser, cost ? cost.perUser : []);
    holders('project', g.usage.perProject, cost ? cost.perProject : []);
    if (cost) { var gc = el('div', 'cost', 'Monthly cost of the group ' + cost.monthly.toFixed(2) + ' (' + cost.loadBalancers + ' load balancer(s), ' + r.cost.hoursPerMonth + ' hours a month; CPU and memory while awake)'); gc.setAttribute('data-cost', g.id); s.appendChild(gc); }
    app.appendChild(s);
  });
})();
</script>
</body>
</html>
`;
}
