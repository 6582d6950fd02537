import { App } from 'cdktf';
import { PlatformSynth } from 'cdktf-cluster-groups';
import { AppModePlatform, ShopApps } from './platform';

const app = new App();
const platform = new AppModePlatform(app, 'app-mode');
new ShopApps(app, 'app-mode-shop', platform.shop);
PlatformSynth.run(app);
