import { App } from 'cdktf';
import { IngressPlatform } from './platform';

const app = new App();
new IngressPlatform(app, 'ingress-platform');
app.synth();
