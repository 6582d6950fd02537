// Runs once before the engine tests: checks the engines are built and points tofu, and cdktf's
// toBeValidTerraform, at them. Workers start after this and inherit the environment.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { setup } from '../global-tmp';
import { tofuEnv } from './harness';

export default function globalSetup(): void {
  setup();
  const env = tofuEnv();
  for (const key of ['TF_CLI_CONFIG_FILE', 'TF_IN_AUTOMATION', 'TF_INPUT', 'CHECKPOINT_DISABLE', 'TERRAFORM_BINARY_NAME']) process.env[key] = env[key];
  delete process.env.TF_PLUGIN_CACHE_DIR;
  const results = process.env.CLUSTER_GROUPS_ENGINE_RESULTS ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cg-engine-results-')), 'results.jsonl');
  fs.writeFileSync(results, '');
  process.env.CLUSTER_GROUPS_ENGINE_RESULTS = results;
}
