import { App } from 'cdktf';
import { PlatformSynth } from 'cdktf-cluster-groups';
import { EdgeSite } from './platform';

const app = new App();
new EdgeSite(app, 'edge-site');
PlatformSynth.run(app);
