import { formatViolation } from '../../src/model/platform-model';
import { checkMoves } from '../../src/rules/moves';
import { platform, vcM } from './model-builder';

const move = (over: object = {}) => ({ toGroup: 'g', phase: 'snapshot' as const, via: { kind: 's3' as const, bucket: 'platform-backups' }, ...over });
const check = (...vcs: ReturnType<typeof vcM>[]) => checkMoves(platform({ virtualClusters: vcs })).map(formatViolation);

describe('CG24 moves', () => {
  test('passes for a running source moving through S3 or OCI, and for a paused one past the snapshot', () => {
    expect(check(
      vcM('x', { move: move() }),
      vcM('y', { move: move({ via: { kind: 'oci', repository: 'registry.example.com/snaps' } }) }),
      vcM('z', { paused: true, move: move({ phase: 'restore' }) }),
    )).toEqual([]);
  });

  test('fails for a paused source before its snapshot, an unknown group, the source\'s own volume, or a malformed target', () => {
    expect(check(
      vcM('x', { paused: true, move: move() }),
      vcM('y', { move: move({ toGroup: 'nowhere' }) }),
      vcM('z', { move: move({ via: { kind: 'container' } }) }),
      vcM('w', { move: move({ via: { kind: 's3', bucket: 'B' } }) }),
    )).toEqual([
      '[CG24] s/g/x: paused = true: its move to group "g" begins with a snapshot, which a paused control plane cannot take. Fix: resume it for the first step of the move; the second step pauses it',
      '[CG24] s/g/y: moveTo.group = "nowhere": no such group in its stack. Fix: move it to a group of the same stack',
      '[CG24] s/g/z: moveTo.via = "container": the source\'s own volume, which the copy on another host cannot read. Fix: move it through S3 or OCI (BackupTarget.s3() or .oci())',
      '[CG24] s/g/w: moveTo.via.bucket = "B": not an S3 bucket name (3 to 63 lowercase letters, digits, "." and "-", not an IP address). Fix: give the bucket\'s name alone, such as "platform-backups", without s3:// or a path',
    ]);
  });
});
