// The kubernetes provider bindings that only some apps need, loaded on first use: the Job,
// CronJob and Deployment bindings are about 5 MB of JavaScript each, which every app would
// otherwise load and keep, paused clusters and app profiles or not.
import type * as CronJob from '@cdktf/provider-kubernetes/lib/cron-job-v1';
import type * as SecretData from '@cdktf/provider-kubernetes/lib/data-kubernetes-secret-v1';
import type * as Deployment from '@cdktf/provider-kubernetes/lib/deployment-v1';
import type * as Job from '@cdktf/provider-kubernetes/lib/job-v1';
import type * as Manifest from '@cdktf/provider-kubernetes/lib/manifest';
import type * as RoleBinding from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import type * as Role from '@cdktf/provider-kubernetes/lib/role-v1';
import type * as ServiceAccount from '@cdktf/provider-kubernetes/lib/service-account-v1';
import type * as Service from '@cdktf/provider-kubernetes/lib/service-v1';

interface Bindings {
  'cron-job-v1': typeof CronJob;
  'data-kubernetes-secret-v1': typeof SecretData;
  'deployment-v1': typeof Deployment;
  'job-v1': typeof Job;
  'manifest': typeof Manifest;
  'role-binding-v1': typeof RoleBinding;
  'role-v1': typeof Role;
  'service-account-v1': typeof ServiceAccount;
  'service-v1': typeof Service;
}

/** One binding module of `@cdktf/provider-kubernetes`, required when first asked for. */
export function providerBinding<K extends keyof Bindings>(name: K): Bindings[K] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(`@cdktf/provider-kubernetes/lib/${name}`);
}
