import { App } from 'cdktf';
import { PlatformSynth } from 'cdktf-cluster-groups';
import { IngressPlatform } from './platform';

const app = new App();
new IngressPlatform(app, 'ingress-platform');
PlatformSynth.run(app);
