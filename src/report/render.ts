import { describeBytes, describeMilli } from '../model/quantity';
import { Resources } from '../model/platform-model';
import { PlatformReport } from './report';

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

/** The report as terminal tables: groups, hosts, virtual clusters, then problems. */
export function renderTable(r: PlatformReport): string {
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
    ['VIRTUAL CLUSTER', 'HOST', 'CPU', 'MEMORY', 'STORAGE', 'ENDPOINT'],
    r.groups.flatMap((g) => g.virtualClusters.map((vc) => [`${g.id}/${vc.name}`, vc.host ?? '(none)', describeMilli(vc.size.cpuMilli), describeBytes(vc.size.memoryBytes), describeBytes(vc.size.storageBytes), vc.endpoint || '-'])),
  ));
  out.push('', 'Used against allowed: capacity times oversubscription.');
  for (const v of r.violations) out.push(`error: ${v}`);
  for (const w of r.warnings) out.push(`warning: ${w.path}: ${w.message}`);
  return out.join('\n') + '\n';
}

/**
 * A self-contained page (no external files) that draws each group, its hosts with capacity
 * bars, and the virtual clusters on each host, from the report embedded in it.
 */
export function renderHtml(r: PlatformReport): string {
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
.problems { background: #fff4f4; border: 1px solid #f0c9c9; border-radius: 8px; padding: 12px; margin-bottom: 16px; }
.warnings { background: #fffbef; border: 1px solid #eedfa8; border-radius: 8px; padding: 12px; margin-bottom: 16px; }
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
        var c = el('span', 'vc', v.name); c.setAttribute('data-vcluster', v.name); c.title = v.endpoint; card.appendChild(c);
      });
      hosts.appendChild(card);
    });
    s.appendChild(hosts);
    app.appendChild(s);
  });
})();
</script>
</body>
</html>
`;
}
