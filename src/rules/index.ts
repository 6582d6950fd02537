import { checkAddonOwnership, checkAddressPools, checkWildcardDns } from './addons';
import { checkCapacity } from './capacity';
import { checkChartSources, checkLock, checkValuesSchema } from './files';
import { checkEdgeCapability, checkEdgeMembership, checkEndpointSupport, checkHostEligibility, checkHostProviders, checkSharedHosts } from './membership';
import { PlatformModel, Violation } from '../model/platform-model';
import { CatalogFacts } from '../model/versions';
import { checkIngressDns, checkNames } from './naming';
import { checkAccess } from './access';
import { checkBackups } from './backups';
import { checkMoves } from './moves';
import { checkLicence } from './licence';
import { checkLifecycle } from './lifecycle';
import { checkOwnedValues } from './owned-values';
import { checkQuotas } from './quotas';
import { checkScope } from './scope';
import { checkVersions } from './versions';

/** A group rule: a stable id, a short name and a pure check over the plain model. */
export interface Rule {
  readonly id: string;
  readonly name: string;
  readonly summary: string;
  readonly check: (model: PlatformModel, catalog: CatalogFacts) => Violation[];
}

export const RULES: readonly Rule[] = [
  { id: 'CG1', name: 'endpoint-support', summary: "Every host supports the group's endpoint type.", check: checkEndpointSupport },
  { id: 'CG2', name: 'host-eligibility', summary: 'Virtual, read-only imported and gateway clusters never host.', check: checkHostEligibility },
  { id: 'CG3', name: 'edge-membership', summary: 'Plain groups hold no edge host; edge groups hold one edge host at most.', check: checkEdgeMembership },
  { id: 'CG4', name: 'edge-capability', summary: 'An edge group installs its own load-balancer or ingress capability.', check: checkEdgeCapability },
  { id: 'CG5', name: 'ingress-dns', summary: 'Ingress groups: a valid, unique wildcard DNS pattern per host, none under another; valid class and Gateway names; SSL passthrough on.', check: checkIngressDns },
  { id: 'CG6', name: 'names', summary: 'Valid, unique names, namespaces (none a system or add-on namespace), release names and hostnames.', check: checkNames },
  { id: 'CG19', name: 'quotas', summary: "What each user and each project holds in a group stays within the group's quotas (checked before CG7).", check: checkQuotas },
  { id: 'CG7', name: 'capacity', summary: 'Sizes within the ceilings; hosts within capacity times oversubscription; no full group.', check: checkCapacity },
  { id: 'CG8', name: 'versions', summary: 'Known versions, one minor at a time, never down, upstream gates, no divergence.', check: checkVersions },
  { id: 'CG9', name: 'scope', summary: "A project-scoped group serves its own project's virtual clusters only.", check: checkScope },
  { id: 'CG10', name: 'shared-host', summary: 'A host shared by groups has one endpoint type.', check: checkSharedHosts },
  { id: 'CG11', name: 'lock', summary: 'The lock file can be read; under CI it exists and matches the code.', check: checkLock },
  { id: 'CG12', name: 'addon-ownership', summary: 'Each add-on is installed once per host, by one group.', check: checkAddonOwnership },
  { id: 'CG13', name: 'address-pools', summary: 'MetalLB pools are valid, disjoint, large enough, and hold the pinned ingress address.', check: checkAddressPools },
  { id: 'CG14', name: 'wildcard-dns', summary: 'The wildcard DNS options are valid, and the strategy can create every host record.', check: checkWildcardDns },
  { id: 'CG15', name: 'chart-source', summary: 'A chart source directory holds every chart at the pinned version.', check: checkChartSources },
  { id: 'CG16', name: 'host-providers', summary: 'Each host cluster has a provider pair of its own.', check: checkHostProviders },
  { id: 'CG17', name: 'owned-values', summary: 'Raw values never undo the version pin, the distro, the exposure or the quota.', check: checkOwnedValues },
  { id: 'CG18', name: 'values-schema', summary: "Values are valid against the chart's own schema (when the chart is local).", check: checkValuesSchema },
  { id: 'CG20', name: 'access', summary: "The OIDC issuer and the role bindings are ones the API server accepts; OIDC is set before the group's first virtual cluster.", check: checkAccess },
  { id: 'CG21', name: 'licence', summary: 'No licensed vCluster key in values unless the group declares a licence.', check: checkLicence },
  { id: 'CG22', name: 'lifecycle', summary: 'Sleep schedules are valid cron in a real time zone, sleep and wake apart; a paused cluster has none, and no application stack deploys into it.', check: checkLifecycle },
  { id: 'CG23', name: 'backups', summary: 'Backups are valid cron in a real time zone, keep 1 to 30 snapshots, write to a well-formed target while their cluster is awake and not paused; a restore names a snapshot it can reach.', check: checkBackups },
  { id: 'CG24', name: 'moves', summary: "A move goes to another group of its stack through S3 or OCI, and its snapshot is taken from a running control plane.", check: checkMoves },
];

/** Every violation of every rule, in rule order. */
export function checkPlatform(model: PlatformModel, catalog: CatalogFacts): Violation[] {
  return RULES.flatMap((r) => r.check(model, catalog));
}
