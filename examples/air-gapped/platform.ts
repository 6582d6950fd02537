import { App } from 'cdktf';
import { ChartSource } from 'cdktf-cluster-groups';
import { IngressPlatform } from '../ingress-platform/platform';

/** The ingress platform on a site that reaches no chart repository. */
export function airGappedPlatform(): App {
  const app = new App();
  // Charts as `helm pull` writes them (ingress-nginx-4.15.1.tgz, ...); vCluster from the site's registry.
  ChartSource.applyTo(app, {
    all: ChartSource.directory('charts'),
    vcluster: ChartSource.oci('oci://registry.example.com/charts'),
  });
  new IngressPlatform(app, 'ingress-platform');
  return app;
}
