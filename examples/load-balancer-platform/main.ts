import { App } from 'cdktf';
import { PlatformSynth } from 'cdktf-cluster-groups';
import { LoadBalancerPlatform } from './platform';

const app = new App();
new LoadBalancerPlatform(app, 'load-balancer-platform');
PlatformSynth.run(app);
