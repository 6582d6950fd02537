import { BackupScheduleModel, BackupTargetModel } from './model/platform-model';
import { SpecOf } from './private/props';

/** An S3 bucket (AWS or any S3-compatible store) that snapshots go to. */
export interface S3BackupTargetOptions {
  readonly bucket: string;
  /**
   * A key prefix under which the snapshots are written, such as `vclusters/prod`.
   * @default - the bucket's root
   */
  readonly prefix?: string;
  /** @default - the AWS SDK's default */
  readonly region?: string;
  /**
   * The endpoint of an S3-compatible store (MinIO, Ceph...), an `https://` or `http://` URL.
   * @default - AWS
   */
  readonly endpoint?: string;
  /**
   * Address the bucket in the path rather than the host name, as most S3-compatible stores need.
   * @default false
   */
  readonly forcePathStyle?: boolean;
  /**
   * The Secret, in the virtual cluster's host namespace, whose key `credentials` is an AWS shared
   * credentials file (`[default]`, `aws_access_key_id = ...`, `aws_secret_access_key = ...`).
   * Only its name is written anywhere: the control plane mounts it and reads the file at each
   * snapshot, so the Secret may be created after the virtual cluster.
   * @default - the AWS SDK's default chain (an IAM role for the control plane's pod)
   */
  readonly credentialsSecret?: string;
}

/** An OCI registry repository that snapshots are pushed to, one tag per snapshot. */
export interface OciBackupTargetOptions {
  /** The repository without a tag, such as `registry.example.com/platform/vcluster-snapshots`. */
  readonly repository: string;
  /**
   * A `kubernetes.io/dockerconfigjson` Secret in the virtual cluster's host namespace with the
   * registry login, mounted as the control plane's Docker config (it may come after the cluster).
   * @default - anonymous
   */
  readonly credentialsSecret?: string;
}

/** The control plane's own data volume: no credentials, but the snapshots go with the volume. */
export interface ContainerBackupTargetOptions {
  /**
   * An absolute directory in the control-plane container; under `/data` it is on the data volume.
   * @default '/data/snapshots'
   */
  readonly directory?: string;
}

/** Where vCluster snapshots are stored. */
export class BackupTarget {
  /** An S3 bucket (`s3://`). */
  public static s3(options: S3BackupTargetOptions): BackupTarget {
    return new BackupTarget({ kind: 's3', ...options });
  }

  /** An OCI registry repository (`oci://`). */
  public static oci(options: OciBackupTargetOptions): BackupTarget {
    return new BackupTarget({ kind: 'oci', ...options });
  }

  /** A directory in the control plane's container (`container://`), on its data volume by default. */
  public static container(options?: ContainerBackupTargetOptions): BackupTarget {
    return new BackupTarget({ kind: 'container', ...options });
  }

  /** `s3`, `oci` or `container`. */
  public readonly kind: string;

  private constructor(private readonly model: BackupTargetModel) {
    this.kind = model.kind;
  }

  /** @internal */
  public _model(): BackupTargetModel {
    return { ...this.model };
  }
}

/**
 * When a virtual cluster is backed up, to where, and how many snapshots are kept. The snapshots
 * are vCluster's own (`vcluster snapshot create`, open source): its database, Helm release and
 * values, not its certificates or volumes. They are written by its control plane, so a request
 * filed while it is paused or asleep waits until it runs again.
 */
export interface BackupSchedule {
  /** A cron schedule of five fields (`0 2 * * *`) or `@daily` and the like. */
  readonly schedule: string;
  /** The IANA time zone of the schedule, such as `Europe/Berlin` or `UTC`. */
  readonly timeZone: string;
  readonly target: BackupTarget;
  /**
   * How many snapshots are kept (1 to 30): they rotate through as many names,
   * `<group>.<virtual cluster>.<0..keep-1>`, each run replacing the oldest.
   * @default 3
   */
  readonly keep?: number;
}

/** A snapshot to restore a virtual cluster from. */
export interface SnapshotSource {
  readonly target: BackupTarget;
  /** The snapshot's name, as the backups write it: `<group>.<virtual cluster>.<slot>`. */
  readonly snapshot: string;
}

export const DEFAULT_KEEP = 3;

const TARGET = { is: (v: unknown) => v instanceof BackupTarget, what: 'a BackupTarget (BackupTarget.s3(), .oci() or .container())' };

export const BACKUP_SCHEDULE_PROPS: SpecOf<BackupSchedule> = {
  schedule: { type: 'string', required: true },
  timeZone: { type: 'string', required: true },
  target: { type: TARGET, required: true },
  keep: { type: 'number' },
};

export const SNAPSHOT_SOURCE_PROPS: SpecOf<SnapshotSource> = {
  target: { type: TARGET, required: true },
  snapshot: { type: 'string', required: true },
};

/** @internal The schedule as the model and the jobs read it, with where it was given. */
export function backupScheduleModel(b: BackupSchedule, path: string, prop: string): BackupScheduleModel {
  return { schedule: b.schedule, timeZone: b.timeZone, keep: b.keep ?? DEFAULT_KEEP, target: b.target._model(), path, prop };
}
