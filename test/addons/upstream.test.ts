import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { IngressController } from '../../src';
import { externalDnsValues } from '../../src/addons/wildcard-dns';
import { nginxValues } from '../../src/addons/ingress-controller';
import { metallbValues, poolChartFiles, poolObjects } from '../../src/addons/metallb';
import { deepMerge } from '../../src/model/values';
import { UPSTREAM } from '../helpers';

const skip = process.env.SKIP_UPSTREAM_SCHEMAS === '1';
const METALLB = path.join(UPSTREAM, 'metallb', 'v0.16.1');
const NGINX = path.join(UPSTREAM, 'ingress-nginx', 'helm-chart-4.15.1');
const EXTERNAL_DNS = path.join(UPSTREAM, 'external-dns', '1.21.1', 'chart');

function read(file: string): string {
  if (!fs.existsSync(file)) {
    throw new Error(`UPSTREAM DATA MISSING: ${file} does not exist. It comes from ../shared/upstream beside the repository; set SKIP_UPSTREAM_SCHEMAS=1 to skip this check knowingly.`);
  }
  return fs.readFileSync(file, 'utf8');
}

/** The v1beta1 schema of a CRD file from crd-bases/. */
function crdSchema(file: string): object {
  const crd = parse(read(path.join(METALLB, 'crd-bases', file)));
  return crd.spec.versions.find((v: any) => v.name === 'v1beta1').schema.openAPIV3Schema;
}

/**
 * Paths of `ours` that the upstream values do not have. A key upstream leaves as an empty map
 * (`annotations: {}`, `extraArgs: {}`, `tcp: {}`) is free-form: anything below it is fine.
 */
function unknownKeys(ours: Record<string, unknown>, upstream: Record<string, unknown>, at = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(ours)) {
    const p = at ? `${at}.${k}` : k;
    if (!(k in upstream)) {
      out.push(p);
      continue;
    }
    const u = upstream[k];
    const freeForm = u !== null && typeof u === 'object' && !Array.isArray(u) && Object.keys(u).length === 0;
    if (!freeForm && v !== null && typeof v === 'object' && !Array.isArray(v) && u !== null && typeof u === 'object') {
      out.push(...unknownKeys(v as Record<string, unknown>, u as Record<string, unknown>, p));
    }
  }
  return out;
}

(skip ? describe.skip : describe)('add-on values and objects against the upstream data', () => {
  if (skip) console.warn('SKIPPED: add-on values were NOT checked against the upstream data (SKIP_UPSTREAM_SCHEMAS=1)');

  test('MetalLB values are valid for its values.schema.json', () => {
    // The file names draft-07 by an https URI Ajv does not list; the schema itself is plain draft-07.
    const validate = new Ajv({ strict: false, allErrors: true, validateSchema: false }).compile(JSON.parse(read(path.join(METALLB, 'values.schema.json'))));
    // Helm checks the schema against the chart defaults with our values merged over them.
    const defaults = parse(read(path.join(METALLB, 'values.yaml')));
    expect(validate(deepMerge(defaults, metallbValues())) ? null : validate.errors).toBeNull();
    // The validator is live: FRR with its required flag removed is rejected.
    expect(validate(deepMerge(defaults, { speaker: { frr: { enabled: null } } }))).toBe(false);
  });

  test('ExternalDNS values are valid for its values.schema.json', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(read(path.join(EXTERNAL_DNS, 'values.schema.json'))));
    const defaults = parse(read(path.join(EXTERNAL_DNS, 'values.yaml')));
    const ours = externalDnsValues({
      provider: 'rfc2136',
      extraArgs: ['--rfc2136-host=10.0.0.2'],
      credentials: [{ name: 'EXTERNAL_DNS_RFC2136_TSIG_SECRET', secretName: 'tsig', secretKey: 'secret' }],
    }, 'apps.example.com', 'cluster-groups-g-a');
    expect(validate(deepMerge(defaults, ours)) ? null : validate.errors).toBeNull();
    // The validator is live: a policy the chart does not know is rejected.
    expect(validate(deepMerge(defaults, { ...ours, policy: 'sometimes' }))).toBe(false);
  });

  test('the pool chart holds IPAddressPools and an L2Advertisement valid for the upstream CRDs', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addFormat('int64', true); // an OpenAPI format of status fields, which we never write
    const pool = ajv.compile(crdSchema('metallb.io_ipaddresspools.yaml'));
    const l2 = ajv.compile(crdSchema('metallb.io_l2advertisements.yaml'));
    const pools = [{ name: 'vip', addresses: ['10.0.0.240/29'] }, { name: 'extra', addresses: ['10.0.1.10-10.0.1.20'] }];
    const docs = parseAllDocuments(poolChartFiles(pools)['templates/pools.yaml']).map((d) => d.toJS());
    expect(docs).toEqual(poolObjects(pools));
    expect(docs.map((d) => d.kind)).toEqual(['IPAddressPool', 'IPAddressPool', 'L2Advertisement']);
    for (const d of docs) {
      const validate = d.kind === 'IPAddressPool' ? pool : l2;
      expect({ name: d.metadata.name, errors: validate(d) ? null : validate.errors }).toEqual({ name: d.metadata.name, errors: null });
    }
    // The validators are live: a pool without addresses, or with a number for one, is rejected.
    expect(pool({ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', spec: {} })).toBe(false);
    expect(pool({ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', spec: { addresses: [1] } })).toBe(false);
  });

  test('the pool chart is a chart Helm can read', () => {
    const chart = parse(poolChartFiles([{ name: 'p', addresses: ['10.0.0.0/30'] }])['Chart.yaml']);
    expect(chart).toEqual({ apiVersion: 'v2', name: 'metallb-address-pools', version: '0.1.0', description: expect.any(String) });
  });

  test('every ingress-nginx key the library sets exists in the upstream values.yaml', () => {
    const upstream = parse(read(path.join(NGINX, 'values.yaml')));
    const all = nginxValues(IngressController.nginx({ className: 'vclusters', mapApiPort: true }), {
      'metallb.io/loadBalancerIPs': '10.0.0.1',
      'external-dns.alpha.kubernetes.io/hostname': '*.a.example.com',
    });
    expect(unknownKeys(all, upstream)).toEqual([]);
    // The check is live: a misspelt key is caught.
    expect(unknownKeys({ controller: { extraArg: {} } }, upstream)).toEqual(['controller.extraArg']);
  });
});
