import { App } from 'cdktf';
import { PlatformSynth } from 'cdktf-cluster-groups';
import { DayTwoPlatform } from './platform';

const app = new App();
new DayTwoPlatform(app, 'day-two');
PlatformSynth.run(app);
