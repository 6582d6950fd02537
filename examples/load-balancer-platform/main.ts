import { App } from 'cdktf';
import { LoadBalancerPlatform } from './platform';

const app = new App();
new LoadBalancerPlatform(app, 'load-balancer-platform');
app.synth();
