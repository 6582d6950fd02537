import { App } from 'cdktf';
import { EdgeSite } from './platform';

const app = new App();
new EdgeSite(app, 'edge-site');
app.synth();
