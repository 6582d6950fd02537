import { AnnotationMetadataEntryType, App } from 'cdktf';
import { IConstruct } from 'constructs';
import { LOCK_FILE_CONTEXT, LOCK_MODE_CONTEXT } from '../private/keys';
import { PlatformState } from './platform-state';

/** Synthesizing an app the way a person reading a terminal wants it. */
export class PlatformSynth {
  /** Context key: where the lock file is (the same as the module's `LOCK_FILE_CONTEXT`). */
  public static readonly LOCK_FILE_CONTEXT: string = LOCK_FILE_CONTEXT;
  /** Context key: `update` or `check` (the same as the module's `LOCK_MODE_CONTEXT`). */
  public static readonly LOCK_MODE_CONTEXT: string = LOCK_MODE_CONTEXT;

  /**
   * Checks the group rules, then runs `app.synth()` and, after it succeeds, records new groups
   * and placements in the lock file (outside CI). It prints every warning of the app (each with
   * its construct's path) on stderr. When a rule fails or a construct reported an input error,
   * it prints every one of them plainly (no stack trace, and without cdktf's hint to skip
   * validation, which would switch the rules off), sets the process exit code to 1 and returns
   * false; nothing was written. Any other error is rethrown.
   */
  public static run(app: App): boolean {
    const state = PlatformState.find(app);
    state?.enterEntryPoint();
    const errors = state?.validate() ?? [];
    if (errors.length) {
      process.stderr.write(`synth failed, nothing was written: ${errors.length} problem(s)\n${errors.map((l) => `  ${l}\n`).join('')}`);
    }
    process.stderr.write(warningLines(app).map((l) => `${l}\n`).join(''));
    if (errors.length) {
      process.exitCode = 1;
      return false;
    }
    app.synth();
    state?.commitLock();
    return true;
  }
}

/** Every warning annotation in the tree, as `warning: <construct path>: <message>`. */
export function warningLines(scope: IConstruct): string[] {
  const lines: string[] = [];
  for (const c of scope.node.findAll()) {
    for (const m of c.node.metadata) {
      if (m.type === AnnotationMetadataEntryType.WARN) lines.push(`warning: ${c.node.path}: ${m.data}`);
    }
  }
  return lines;
}
