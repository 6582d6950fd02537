import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformLocal, TerraformOutput, TerraformStack } from 'cdktf';
import { KubernetesStateBackend } from '../src';
import { errorOf, tempDir } from './helpers';

describe('KubernetesStateBackend', () => {
  test('writes the kubernetes backend, and another stack reads its outputs with it', () => {
    const app = new App({ outdir: tempDir() });
    const a = new TerraformStack(app, 'a');
    new KubernetesStateBackend(a, { secretSuffix: 'a', namespace: 'tf-state', configPath: '~/.kube/config', configContext: 'ops' });
    const greeting = new TerraformLocal(a, 'greeting', 'hello');
    const b = new TerraformStack(app, 'b');
    new KubernetesStateBackend(b, { secretSuffix: 'b' });
    new TerraformOutput(b, 'echo', { value: greeting.asString });
    app.synth();
    const read = (s: string) => JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', s, 'cdk.tf.json'), 'utf8'));
    expect(read('a').terraform.backend).toEqual({ kubernetes: { secret_suffix: 'a', namespace: 'tf-state', config_path: '~/.kube/config', config_context: 'ops' } });
    expect(read('b').terraform.backend).toEqual({ kubernetes: { secret_suffix: 'b' } });
    expect(Object.values(read('b').data.terraform_remote_state)).toEqual([{ backend: 'kubernetes', workspace: '${terraform.workspace}', config: { secret_suffix: 'a', namespace: 'tf-state', config_path: '~/.kube/config', config_context: 'ops' } }]);
  });

  test('fails if the suffix is missing or a prop is unknown', () => {
    const stack = new TerraformStack(new App({ outdir: tempDir() }), 's');
    expect(errorOf(() => new KubernetesStateBackend(stack, {} as any))).toBe('[input] s/backend: secretSuffix = undefined: required. Fix: give secretSuffix (a string)');
    expect(errorOf(() => new KubernetesStateBackend(new TerraformStack(new App({ outdir: tempDir() }), 't'), { secretSuffix: 'x', namesapce: 'y' } as any))).toBe('[input] t/backend: namesapce = "y": not a prop here, so it would be ignored. Fix: did you mean namespace?');
  });
});
