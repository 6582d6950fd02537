import { App } from 'cdktf';

/** Synthesizing an app the way a person reading a terminal wants it. */
export class PlatformSynth {
  /**
   * Runs `app.synth()`. When validation fails it prints every violation plainly (no stack trace,
   * and without cdktf's hint to skip validation, which would switch the group rules off), sets the
   * process exit code to 1 and returns false; nothing was written. Other errors are rethrown.
   */
  public static run(app: App): boolean {
    try {
      app.synth();
      return true;
    } catch (e) {
      const message = (e as Error).message ?? '';
      if (!message.startsWith('Validation failed with the following errors:')) throw e;
      const lines = message
        .split('\n')
        .slice(1)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('If you wish to ignore these validations'))
        // cdktf prefixes each line with the stack that ran the check; our lines name their own path.
        .map((l) => l.replace(/^\[[^\]]*\] (?=\[(CG\d+|input)\])/, ''));
      process.stderr.write(`synth failed, nothing was written: ${lines.length} problem(s)\n${lines.map((l) => `  ${l}\n`).join('')}`);
      process.exitCode = 1;
      return false;
    }
  }
}
