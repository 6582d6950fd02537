import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { ChartSource, ClusterGroup, EndpointType, IngressController, WildcardDns } from '../../src';
import { metallbValues } from '../../src/addons/metallb';
import { externalDnsValues } from '../../src/addons/wildcard-dns';
import { ValuesSchema } from '../../src/charts/values-schema';
import { warningLines } from '../../src/synth/platform-synth';
import { chartDirectory } from '../engine/harness';
import { helmSchemaCheck } from './helm-schema';
import { host, synthErrors, synthJson, tempDir, testStack, UPSTREAM } from '../helpers';

const schemaFile = (...at: string[]) => path.join(UPSTREAM, ...at, 'chart', 'values.schema.json');
const VCLUSTER = fs.readdirSync(path.join(UPSTREAM, 'vcluster')).filter((v) => v.startsWith('v'));

/** Our checker's verdict on a sparse document, beside ajv's on what Helm checks (see helm-schema.ts). */
function verdicts(file: string, doc: Record<string, unknown>): { ours: string[]; ajv: boolean } {
  const ours = new ValuesSchema(JSON.parse(fs.readFileSync(file, 'utf8'))).check(doc).map((p) => `${p.at}: ${p.message}`);
  return { ours, ajv: helmSchemaCheck(path.dirname(file))!(doc) };
}

describe('the values schema checker agrees with ajv on the real chart schemas', () => {
  const vclusterDocs: [string, Record<string, unknown>, boolean][] = [
    ['the library\'s own values', { controlPlane: { distro: { k8s: { enabled: true, version: 'v1.35.0' } }, ingress: { enabled: true, host: 'a.example.com', spec: { ingressClassName: 'nginx' } } }, policies: { resourceQuota: { enabled: true, quota: { 'requests.cpu': '2' } } } }, true],
    ['a mistyped key', { controlPlnae: {} }, false],
    ['a boolean given as a string', { sync: { toHost: { ingresses: { enabled: 'yes' } } } }, false],
    ['a number where a string goes', { controlPlane: { distro: { k8s: { version: 1.35 } } } }, false],
    ['an unknown key deep down', { controlPlane: { statefulSet: { resources: { limitz: {} } } } }, false],
    ['a list item of the wrong kind', { controlPlane: { proxy: { extraSANs: [1] } } }, false],
  ];
  test.each(VCLUSTER.flatMap((v) => vclusterDocs.map(([name, doc, valid]) => [v, name, doc, valid] as const)))('vCluster %s: %s', (version, _name, doc, valid) => {
    const { ours, ajv } = verdicts(schemaFile('vcluster', version), doc);
    expect({ ajv, ours: ours.length === 0 }).toEqual({ ajv: valid, ours: valid });
  });

  test.each([
    ['the library\'s own values', metallbValues(), true],
    ['a mistyped key', { speakr: {} }, true], // MetalLB's schema leaves the top level open
    ['a boolean given as a string', { speaker: { frr: { enabled: 'no' } } }, false],
    ['a log level outside the enum', { controller: { logLevel: 'loud' } }, false],
  ] as const)('MetalLB: %s', (_name, doc, valid) => {
    const { ours, ajv } = verdicts(schemaFile('metallb', 'v0.16.1'), doc);
    expect({ ajv, ours: ours.length === 0 }).toEqual({ ajv: valid, ours: valid });
  });

  test.each([
    ['the library\'s own values', externalDnsValues({ provider: 'aws', credentials: [{ name: 'A', secretName: 's', secretKey: 'k' }] }, 'example.com', 'owner'), true],
    ['a policy outside the enum', { policy: 'delete-all' }, false],
    ['sources given as a string', { sources: 'service' }, false],
  ] as const)('ExternalDNS: %s', (_name, doc, valid) => {
    const { ours, ajv } = verdicts(schemaFile('external-dns', '1.21.1'), doc);
    expect({ ajv, ours: ours.length === 0 }).toEqual({ ajv: valid, ours: valid });
  });

  test('skips a schema with a keyword it does not check, and says why', () => {
    expect(new ValuesSchema({ properties: { a: { if: { type: 'string' } } } }).skipped).toBe('it uses the keyword "if", which this library does not check');
    expect(new ValuesSchema({ properties: { if: { type: 'string' } } }).skipped).toBeUndefined();
  });
});

describe('CG18: with charts from a directory, synth checks every values document against the chart schema', () => {
  const charts = chartDirectory();

  function platform(opts: { groupValues?: object; vcValues?: object; metallbValues?: object; dnsValues?: object } = {}) {
    const stack = testStack();
    ChartSource.applyTo(stack, { all: ChartSource.directory(charts) });
    const a = host(stack, 'a');
    const g = new ClusterGroup(stack, 'g', {
      hosts: [{ host: a, dnsPattern: '*.a.example.com', metallb: { addressPools: [{ name: 'p', addresses: ['192.168.10.0/28'] }], values: opts.metallbValues } }],
      dns: WildcardDns.externalDns({ provider: 'aws', values: opts.dnsValues }),
      ingressController: IngressController.nginx(),
      values: { extraValues: opts.groupValues },
    });
    g.addVirtualCluster('team-a', { values: { extraValues: opts.vcValues } });
    g.addVirtualCluster('team-b');
    return stack;
  }

  test('valid values pass, the library\'s own included', () => {
    expect(() => synthJson(platform({ vcValues: { sync: { toHost: { ingresses: { enabled: true } } } } }))).not.toThrow();
  });

  test('names the construct, the prop and the key of each mistake, once, blaming the layer that set it', () => {
    expect(synthErrors(platform({ groupValues: { sync: { toHost: { ingresses: { enabled: 'yes' } } } }, vcValues: { controlPlnae: {} }, metallbValues: { speaker: { frr: { enabled: 'no' } } }, dnsValues: { policy: 'delete-all' } }))).toEqual([
      '[CG18] test/g/a-addons: metallb.values.speaker.frr.enabled = "no": metallb 0.16.1\'s values.schema.json says it must be boolean, and Helm would refuse the release. Fix: give it the form the chart\'s values.yaml documents, or remove it',
      '[CG18] test/g/a-addons: dns.values.policy = "delete-all": external-dns 1.21.1\'s values.schema.json says it must be one of "create-only", "sync", "upsert-only", and Helm would refuse the release. Fix: give it the form the chart\'s values.yaml documents, or remove it',
      '[CG18] test/g: values.extraValues.sync.toHost.ingresses.enabled = "yes": vcluster 0.36.1\'s values.schema.json says it must be boolean, and Helm would refuse the release. Fix: give it the form the chart\'s values.yaml documents, or remove it',
      '[CG18] test/g/team-a: values.extraValues.controlPlnae = {}: vcluster 0.36.1\'s values.schema.json says it is not a key the chart knows, and Helm would refuse the release. Fix: check its spelling and place against the chart\'s values.yaml, or remove it',
    ]);
  });

  test('reads the schema from a packaged chart (.tgz) as well', () => {
    const dir = tempDir('cg-tgz-');
    execFileSync('tar', ['czf', path.join(dir, 'vcluster-0.36.1.tgz'), '-C', charts, '--transform', 's,^vcluster-0.36.1,vcluster,', 'vcluster-0.36.1']);
    const stack = testStack();
    ChartSource.applyTo(stack, { vcluster: ChartSource.directory(dir) });
    const g = new ClusterGroup(stack, 'g', { hosts: [{ host: host(stack, 'a') }], endpointType: EndpointType.LOAD_BALANCER });
    g.addVirtualCluster('x', { values: { extraValues: { controlPlnae: {} } } });
    expect(synthErrors(stack)).toEqual([expect.stringMatching(/^\[CG18\] test\/g\/x: values\.extraValues\.controlPlnae = \{\}: vcluster 0\.36\.1's values\.schema\.json says it is not a key/)]);
  });

  test('a chart it cannot read is not checked, with one warning, and no crash', () => {
    const dir = tempDir('cg-bad-tgz-');
    fs.writeFileSync(path.join(dir, 'vcluster-0.36.1.tgz'), 'not a gzip');
    const stack = testStack();
    ChartSource.applyTo(stack, { vcluster: ChartSource.directory(dir) });
    const g = new ClusterGroup(stack, 'g', { hosts: [{ host: host(stack, 'a') }], endpointType: EndpointType.LOAD_BALANCER });
    g.addVirtualCluster('x');
    g.addVirtualCluster('y');
    Testing.synth(stack, true);
    const warnings = warningLines(stack);
    expect(warnings.filter((w) => w.includes('were not checked'))).toEqual([expect.stringMatching(/^warning: test\/g\/x: vcluster 0\.36\.1 values were not checked against the chart's values\.schema\.json: the chart could not be read \(/)]);
  });
});
