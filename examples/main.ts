// The example platform: every example stack in one app, synthesized into cdktf.out/.
import { App } from 'cdktf';
import { PlatformSummary, PlatformSynth } from 'cdktf-cluster-groups';
import { AppModePlatform, ShopApps } from './app-mode/platform';
import { DayTwoPlatform } from './day-two/platform';
import { EdgeSite } from './edge-site/platform';
import { IngressPlatform } from './ingress-platform/platform';
import { LoadBalancerPlatform } from './load-balancer-platform/platform';

const app = new App();
new IngressPlatform(app, 'ingress-platform');
new LoadBalancerPlatform(app, 'load-balancer-platform');
new EdgeSite(app, 'edge-site');
new DayTwoPlatform(app, 'day-two');
const appMode = new AppModePlatform(app, 'app-mode');
new ShopApps(app, 'app-mode-shop', appMode.shop);
if (PlatformSynth.run(app)) {
  process.stdout.write(`${PlatformSummary.render(app)}\nsynthesized into ${app.outdir}/\n`);
}
