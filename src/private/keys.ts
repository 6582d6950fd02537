// Names shared by the library (at synth) and the CLI (which runs an app): kept free of cdktf.

/** Context key: where the lock file is. */
export const LOCK_FILE_CONTEXT = 'cluster-groups:lockFile';
/** Context key: `update` or `check`. */
export const LOCK_MODE_CONTEXT = 'cluster-groups:lockMode';
/** When set, synth writes the platform report (JSON) to this file: how the CLI reads an app. */
export const REPORT_ENV = 'CLUSTER_GROUPS_REPORT';
