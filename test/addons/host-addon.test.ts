import { AssetType, TerraformAsset, TerraformStack, Testing } from 'cdktf';
import { HostAddon, installOrder, writeChart } from '../../src/addons/host-addon';

const addon = (name: string, after: string[] = []): HostAddon => ({ name, after, installsChart: () => true, install: () => undefined });

describe('host add-on order', () => {
  test('comes from each add-on\'s `after`, whatever order they are listed in', () => {
    const order = installOrder([addon('record', ['controller']), addon('controller', ['dns', 'lb']), addon('dns', ['lb']), addon('lb')]);
    expect(order.map((a) => a.name)).toEqual(['lb', 'dns', 'controller', 'record']);
  });

  test('a new add-on slots in by naming what it comes after', () => {
    const backup = addon('backup', ['controller']);
    const order = installOrder([addon('controller', ['lb']), backup, addon('lb')]);
    expect(order.map((a) => a.name)).toEqual(['lb', 'controller', 'backup']);
  });

  test('fails if an add-on comes after itself, around a loop', () => {
    expect(() => installOrder([addon('a', ['b']), addon('b', ['a'])])).toThrow('host add-ons: "a" comes after itself');
  });
});

describe('generated charts', () => {
  test('carry the asset hash cdktf would compute, so the path is the same whoever hashes', () => {
    // Names that sort differently as whole paths than directory by directory ('-' < '/').
    const files = { 'Chart.yaml': 'name: x\n', 'templates/b.yaml': 'b', 'templates/a.yaml': 'a', 'templates-extra/c.yaml': 'c', 'values.yaml': '{}\n' };
    const written = writeChart(files);
    const stack = new TerraformStack(Testing.app(), 'test');
    const byDefault = new TerraformAsset(stack, 'default', { path: written.path, type: AssetType.DIRECTORY });
    expect(written.assetHash).toBe(byDefault.assetHash);
    const given = new TerraformAsset(stack, 'given', { ...written, type: AssetType.DIRECTORY });
    expect(given.path).toBe(byDefault.path.replace('default', 'given'));
  });
});
