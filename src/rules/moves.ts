import { PlatformModel, Violation } from '../model/platform-model';
import { targetProblems } from './backups';

/**
 * CG24: a move's snapshot is taken from a running control plane, through a well-formed target
 * (the copy's host must reach it, so never the source's own volume); a retired source's copy
 * exists in the group it moved to.
 */
export function checkMoves(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  for (const g of model.groups) {
    for (const vc of g.virtualClusters) {
      const m = vc.move;
      if (!m) continue;
      if (m.phase === 'snapshot' && vc.paused) {
        out.push({ rule: 'CG24', path: vc.path, prop: 'paused', value: true, message: `its move to group "${m.toGroup}" begins with a snapshot, which a paused control plane cannot take`, fix: 'resume it for the first step of the move; the second step pauses it' });
      }
      const to = model.groups.find((x) => x.stack === g.stack && x.name === m.toGroup);
      if (!to) {
        out.push({ rule: 'CG24', path: vc.path, prop: 'moveTo.group', value: m.toGroup, message: 'no such group in its stack', fix: 'move it to a group of the same stack' });
      }
      if (m.via.kind === 'container') {
        out.push({ rule: 'CG24', path: vc.path, prop: 'moveTo.via', value: 'container', message: 'the source\'s own volume, which the copy on another host cannot read', fix: 'move it through S3 or OCI (BackupTarget.s3() or .oci())' });
      } else {
        out.push(...targetProblems(vc.path, 'moveTo.via', m.via).map((v) => ({ ...v, rule: 'CG24' })));
      }
    }
  }
  return out;
}
