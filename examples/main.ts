// The example platform: every example stack in one app, synthesized into cdktf.out/.
import { App } from 'cdktf';
import { PlatformSummary } from 'cdktf-cluster-groups';
import { EdgeSite } from './edge-site/platform';
import { IngressPlatform } from './ingress-platform/platform';
import { LoadBalancerPlatform } from './load-balancer-platform/platform';

const app = new App();
new IngressPlatform(app, 'ingress-platform');
new LoadBalancerPlatform(app, 'load-balancer-platform');
new EdgeSite(app, 'edge-site');
try {
  app.synth();
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
}
process.stdout.write(`${PlatformSummary.render(app)}\nsynthesized into ${app.outdir}/\n`);
