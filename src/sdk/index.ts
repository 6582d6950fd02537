// The library's logic without cdktf: import from `cdktf-cluster-groups/sdk`. Nothing here loads
// cdktf or constructs, so scripts, CI checks and other tools can use it on their own.
import { CATALOG_FACTS } from '../charts/versions';
import { checkPlatform, RULES } from '../rules/index';
import { formatViolation, PlatformModel, Violation } from '../model/platform-model';
import { platformWarnings, Warning } from '../rules/warnings';
import { diffLock, emptyLock, LockFile, mergeLock, readLock, StackLock, writeLock } from '../lock/lock-file';
import { HostRoom, placeVirtualCluster, PlacementDecision, PlacementRequest } from '../placement/placement';
import { buildReport, PlatformReport, ReportExtras } from '../report/report';
import { renderHtml, renderTable } from '../report/render';

export { ChartCatalog, PinnedChart } from '../charts/versions';
export { CHARTS, UPGRADE_GATES, UpgradeGate, PRO_VALUE_PATHS } from '../charts/catalog';
export { UpgradePlanner, UpgradePlan, UpgradeStep, PlannerCatalog } from '../upgrade/planner';
export * from '../model/platform-model';
export { Warning, HostRoom, PlacementDecision, PlacementRequest, LockFile, StackLock, PlatformReport, ReportExtras };
export { GroupLock, VirtualClusterLock, LOCK_FILE_NAME } from '../lock/lock-file';

/** A group rule: a stable id, a short name and a pure check over the plain model. */
export interface Rule {
  readonly id: string;
  readonly name: string;
  readonly summary: string;
  readonly check: (model: PlatformModel) => Violation[];
}

/** The group rules over a plain model, judged against the library's chart catalog. */
export class GroupRules {
  /** Every rule, with its stable id, name and summary. */
  public static all(): readonly Rule[] {
    return RULES.map((r) => ({ id: r.id, name: r.name, summary: r.summary, check: (model: PlatformModel) => r.check(model, CATALOG_FACTS) }));
  }

  /** Every violation of every rule, in rule order. */
  public static check(model: PlatformModel): Violation[] {
    return checkPlatform(model, CATALOG_FACTS);
  }

  /** Legal but risky set-ups: newer charts, Pro-only keys. */
  public static warnings(model: PlatformModel): Warning[] {
    return platformWarnings(model, CATALOG_FACTS);
  }

  /** `[CG7] path: prop = value: message. Fix: fix` */
  public static format(v: Violation): string {
    return formatViolation(v);
  }
}

/** Where a virtual cluster goes: named host, then locked host, then the host with the most room. */
export class Placement {
  public static place(request: PlacementRequest, hosts: readonly HostRoom[]): PlacementDecision {
    return placeVirtualCluster(request, hosts);
  }
}

/** Reading, comparing and writing the lock file. */
export class LockFiles {
  /** The lock at `file`, undefined when there is none; throws on a file that is not a lock. */
  public static read(file: string): LockFile | undefined {
    return readLock(file);
  }

  /** Writes atomically, in the stable form synth writes. */
  public static write(file: string, lock: LockFile): void {
    writeLock(file, lock);
  }

  public static empty(): LockFile {
    return emptyLock();
  }

  /** The lock with the given stacks' sections replaced. */
  public static merge(old: LockFile | undefined, stacks: { readonly [name: string]: StackLock }): LockFile {
    return mergeLock(old, stacks);
  }

  /** One line per difference between the lock and new stack sections. */
  public static diff(old: LockFile | undefined, stacks: { readonly [name: string]: StackLock }): string[] {
    return diffLock(old, stacks);
  }
}

/** The platform report, as data, a terminal table, or a self-contained HTML page. */
export class Reports {
  public static build(model: PlatformModel, violations: readonly string[], warnings: readonly Warning[], extras: ReportExtras): PlatformReport {
    return buildReport(model, violations, warnings, extras);
  }

  public static table(report: PlatformReport): string {
    return renderTable(report);
  }

  public static html(report: PlatformReport): string {
    return renderHtml(report);
  }
}
