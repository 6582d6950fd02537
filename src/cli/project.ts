import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOCK_FILE_NAME } from '../lock/lock-file';
import { cdktfProjectDir, LOCK_FILE_CONTEXT, LOCK_MODE_CONTEXT, REPORT_ENV } from '../private/keys';
import { PlatformReport } from '../report/report';

/** A usage or input problem: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

export interface Project {
  /** The directory of cdktf.json. */
  readonly dir: string;
  readonly app: string;
  readonly context: Record<string, unknown>;
  readonly lockFile: string;
}

/** The cdktf project at or above `from`: its app command, context and lock file. */
export function findProject(from: string, appOverride?: string, lockOverride?: string): Project {
  const dir = cdktfProjectDir(from);
  if (!dir) throw new UsageError(`no cdktf.json in ${path.resolve(from)} or above it; run this in a cdktf project, or pass --dir`);
  let config: { app?: unknown; context?: Record<string, unknown> };
  try {
    config = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.json'), 'utf8'));
  } catch (e) {
    throw new UsageError(`${path.join(dir, 'cdktf.json')} is not valid JSON: ${(e as Error).message}`);
  }
  const app = appOverride ?? (typeof config.app === 'string' ? config.app : undefined);
  if (!app) throw new UsageError(`${path.join(dir, 'cdktf.json')} has no "app" command; pass --app`);
  const context = config.context ?? {};
  const configured = context[LOCK_FILE_CONTEXT];
  const lockFile = lockOverride ? path.resolve(lockOverride) : path.resolve(dir, typeof configured === 'string' ? configured : LOCK_FILE_NAME);
  return { dir, app, context, lockFile };
}

export interface AppRun {
  readonly report?: PlatformReport;
  readonly exitCode: number;
  readonly stderr: string;
  readonly seconds: number;
}

/**
 * Runs the app's synth in check mode (the lock is read, never written) into a scratch output
 * directory, and reads back the platform report the library writes during synth.
 */
export async function runApp(project: Project, progress: (line: string) => void): Promise<AppRun> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-groups-cli-'));
  const reportFile = path.join(scratch, 'report.json');
  const start = Date.now();
  progress(`synthesizing: ${project.app} (in ${project.dir})`);
  const env = {
    ...process.env,
    // As under `npm run` and `npx cdktf`: the project's own binaries (tsx, ts-node) come first.
    PATH: [path.join(project.dir, 'node_modules', '.bin'), process.env.PATH].filter(Boolean).join(path.delimiter),
    CDKTF_OUTDIR: path.join(scratch, 'out'),
    CDKTF_CONTEXT_JSON: JSON.stringify({ ...project.context, [LOCK_FILE_CONTEXT]: project.lockFile, [LOCK_MODE_CONTEXT]: 'check' }),
    [REPORT_ENV]: reportFile,
  };
  const child = spawn(project.app, { cwd: project.dir, env, shell: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const tick = process.stderr.isTTY ? setInterval(() => progress(`  ... ${((Date.now() - start) / 1000).toFixed(0)} s`), 2000) : undefined;
  const exitCode: number = await new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  if (tick) clearInterval(tick);
  const seconds = (Date.now() - start) / 1000;
  progress(`synthesized in ${seconds.toFixed(1)} s`);
  const report = fs.existsSync(reportFile) ? (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as PlatformReport) : undefined;
  fs.rmSync(scratch, { recursive: true, force: true });
  return { report, exitCode, stderr, seconds };
}
