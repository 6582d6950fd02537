import { AccessBindingModel, GroupModel, OidcModel, PlatformModel, Violation } from '../model/platform-model';
import { isDnsLabel, isDnsSubdomain } from './naming';

/** CG20: the OIDC issuer and the role bindings are ones the API server accepts. */
export function checkAccess(model: PlatformModel): Violation[] {
  const out: Violation[] = [];
  for (const g of model.groups) {
    if (g.oidc) out.push(...checkOidc(g.path, g.oidc));
    out.push(...checkOidcUnchanged(g));
    for (const vc of g.virtualClusters) {
      (vc.access ?? []).forEach((b, i) => out.push(...checkBinding(vc.path, `access[${i}]`, b)));
      const sa = vc.serviceAccountKubeconfig;
      if (sa && !isServiceAccount(sa.serviceAccount)) {
        out.push({ rule: 'CG20', path: vc.path, prop: 'serviceAccountKubeconfig.serviceAccount', value: sa.serviceAccount, message: 'not a service account as namespace/name', fix: 'write it as "<namespace>/<name>", such as "kube-system/ci"' });
      }
      if (sa && !isPathSegmentName(sa.clusterRole)) {
        out.push({ rule: 'CG20', path: vc.path, prop: 'serviceAccountKubeconfig.clusterRole', value: sa.clusterRole, message: 'not a ClusterRole name', fix: 'name a ClusterRole, such as "view", "edit" or "cluster-admin"' });
      }
    }
  }
  return out;
}

/**
 * OIDC is set when the group is created, as Palette requires: once the lock records virtual
 * clusters, the issuer and client id stay (every member's API server restarts with new flags, and
 * kubeconfigs handed out stop working).
 */
function checkOidcUnchanged(g: GroupModel): Violation[] {
  const locked = g.lockedOidc;
  if (!locked || locked.oidc === undefined || locked.virtualClusters.length === 0) return [];
  const before = locked.oidc;
  const now = g.oidc;
  if ((before?.issuerUrl ?? null) === (now?.issuerUrl ?? null) && (before?.clientId ?? null) === (now?.clientId ?? null)) return [];
  const shown = (o: { issuerUrl: string; clientId: string } | null | undefined) => (o ? `${o.issuerUrl} (client ${o.clientId})` : 'none');
  return [{
    rule: 'CG20',
    path: g.path,
    prop: 'oidc',
    value: now ? { issuerUrl: now.issuerUrl, clientId: now.clientId } : null,
    message: `the lock file records ${shown(before)} for group "${g.name}", which already has virtual clusters (${locked.virtualClusters.join(', ')}): OIDC is set before the first one exists, as Palette requires`,
    fix: before ? `keep oidc at ${shown(before)}, or create a new group with the new issuer and move the virtual clusters to it` : 'leave oidc out of this group, or create a new group with it and move the virtual clusters to it',
  }];
}

function checkOidc(path: string, o: OidcModel): Violation[] {
  const out: Violation[] = [];
  const bad = (prop: string, value: unknown, message: string, fix: string) => out.push({ rule: 'CG20', path, prop: `oidc.${prop}`, value, message, fix });
  const problem = issuerProblem(o.issuerUrl);
  if (problem) bad('issuerUrl', o.issuerUrl, problem, 'give the issuer exactly as its discovery document names it, such as "https://login.example.com/realms/dev"');
  if (o.clientId === '') bad('clientId', '', 'empty: the API server accepts only ID tokens issued for a client id', 'give the client id your identity provider issues the tokens for');
  for (const k of ['usernameClaim', 'groupsClaim'] as const) {
    if (o[k] === '') bad(k, '', 'an empty claim name', `name the claim, or leave ${k} out`);
  }
  return out;
}

/** What the API server says of an issuer URL it refuses, or undefined. */
function issuerProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:') return 'the API server accepts only an https:// issuer';
  if (url.search || url.hash || text.includes('?') || text.includes('#')) return 'an issuer URL has no query or fragment';
  if (url.username || url.password) return 'an issuer URL has no user or password';
  return undefined;
}

// RBAC object names are path segments: anything but "/" and "%", and not "." or "..".
const isPathSegmentName = (n: string) => n !== '' && n !== '.' && n !== '..' && !/[/%]/.test(n);

function checkBinding(path: string, at: string, b: AccessBindingModel): Violation[] {
  const out: Violation[] = [];
  const bad = (prop: string, value: unknown, message: string, fix: string) => out.push({ rule: 'CG20', path, prop: `${at}.${prop}`, value, message, fix });
  if (!isPathSegmentName(b.clusterRole)) bad('clusterRole', b.clusterRole, 'not a ClusterRole name', 'name a ClusterRole, such as "view", "edit", "admin" or "cluster-admin"');
  if (b.namespace !== undefined && !isDnsLabel(b.namespace)) bad('namespace', b.namespace, 'not a namespace name (a DNS-1123 label)', 'name a namespace of the virtual cluster, or leave namespace out to bind cluster-wide');
  if (b.users.length + b.groups.length + b.serviceAccounts.length === 0) {
    bad('users', [], 'a binding without users, groups or service accounts gives no one anything', 'name at least one user, group or service account');
  }
  for (const [k, list] of [['users', b.users], ['groups', b.groups]] as const) {
    list.forEach((name, j) => {
      if (name.trim() === '') bad(`${k}[${j}]`, name, 'an empty name', `remove it, or name the ${k === 'users' ? 'user' : 'group'}`);
    });
  }
  b.serviceAccounts.forEach((sa, j) => {
    if (!isServiceAccount(sa)) bad(`serviceAccounts[${j}]`, sa, 'not a service account as namespace/name', 'write it as "<namespace>/<name>", such as "ci/deployer"');
  });
  return out;
}

function isServiceAccount(text: string): boolean {
  const [ns, name, ...rest] = text.split('/');
  return rest.length === 0 && name !== undefined && isDnsLabel(ns) && isDnsSubdomain(name);
}
