// BIND9 from Debian on loopback, with one zone that accepts TSIG-signed updates, for tier 2.
import { ChildProcess, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { freePort } from './cluster';
import { startServer, stopServer, until } from './harness';

export const TSIG_KEY = 'cluster-groups.';

export class Bind9 {
  public static available(): string | undefined {
    for (const bin of ['/usr/sbin/named', '/usr/bin/dig']) if (!fs.existsSync(bin)) return `${bin} is missing (Debian packages bind9 and bind9-dnsutils)`;
    return undefined;
  }

  public static async start(dir: string, zone: string): Promise<Bind9> {
    fs.mkdirSync(dir, { recursive: true });
    const port = await freePort();
    const secret = randomBytes(32).toString('base64');
    fs.writeFileSync(path.join(dir, `${zone}.zone`), [
      '$TTL 300',
      `@ IN SOA ns.${zone}. hostmaster.${zone}. 1 3600 600 86400 60`,
      `@ IN NS ns.${zone}.`,
      'ns IN A 127.0.0.1',
      '',
    ].join('\n'));
    const conf = path.join(dir, 'named.conf');
    fs.writeFileSync(conf, [
      `options { directory "${dir}"; pid-file "${dir}/named.pid"; listen-on port ${port} { 127.0.0.1; }; listen-on-v6 { none; };`,
      '  recursion no; dnssec-validation no; notify no; };',
      `key "${TSIG_KEY}" { algorithm hmac-sha256; secret "${secret}"; };`,
      `zone "${zone}" { type primary; file "${dir}/${zone}.zone"; allow-update { key "${TSIG_KEY}"; }; allow-transfer { key "${TSIG_KEY}"; }; };`,
      'controls { };',
      '',
    ].join('\n'));
    const check = spawnSync('/usr/bin/named-checkconf', [conf], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`named.conf: ${check.stdout}${check.stderr}`);
    const child = startServer(dir, 'named', '/usr/sbin/named', ['-g', '-c', conf]);
    const bind = new Bind9(child, port, secret, zone, dir);
    try {
      await until('named to answer', 30_000, () => {
        if (child.exitCode !== null) throw new Error(`named exited ${child.exitCode}`);
        return bind.query(`ns.${zone}`, 'A') === '127.0.0.1' ? true : undefined;
      });
    } catch (e) {
      await bind.stop();
      throw new Error(`${(e as Error).message}\n${bind.log()}`);
    }
    return bind;
  }

  private constructor(private readonly child: ChildProcess, public readonly port: number, public readonly secret: string, public readonly zone: string, private readonly dir: string) {}

  /** The answer section of `dig`, one value per line (empty when there is none). */
  public query(name: string, type: string): string {
    const r = spawnSync('/usr/bin/dig', ['@127.0.0.1', '-p', String(this.port), '+short', '+time=2', '+tries=1', name, type], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : '';
  }

  public log(): string {
    return fs.readFileSync(path.join(this.dir, 'named.log'), 'utf8').slice(-3000);
  }

  public async stop(): Promise<void> {
    await stopServer(this.child);
  }
}
