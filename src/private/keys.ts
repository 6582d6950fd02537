// Names shared by the library (at synth) and the CLI (which runs an app): kept free of cdktf.
import * as fs from 'fs';
import * as path from 'path';

/** Context key: where the lock file is. */
export const LOCK_FILE_CONTEXT = 'cluster-groups:lockFile';
/** Context key: `update` or `check`. */
export const LOCK_MODE_CONTEXT = 'cluster-groups:lockMode';
/** When set, synth writes the platform report (JSON) to this file: how the CLI reads an app. */
export const REPORT_ENV = 'CLUSTER_GROUPS_REPORT';

/** The label on every namespace and object this library creates itself. */
export const MANAGED_BY_LABEL = { 'app.kubernetes.io/managed-by': 'cdktf-cluster-groups' } as const;

/** The directory of the nearest cdktf.json at or above `from`, or undefined when there is none. */
export function cdktfProjectDir(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'cdktf.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}
