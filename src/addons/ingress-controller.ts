import { deepMerge } from '../model/values';
import { InputError, inputError } from '../private/errors';
import { checkProps, SpecOf } from '../private/props';

/** Options for the ingress-nginx controller the library installs. */
export interface NginxIngressOptions {
  /**
   * The ingress class it serves; the virtual clusters' Ingresses name it.
   * @default 'nginx'
   */
  readonly className?: string;
  /**
   * Also listen on TCP 6443 and pass it to the controller's own HTTPS port, so that API clients
   * used to port 6443 reach the virtual clusters through the same load balancer as the apps.
   * @default false
   */
  readonly mapApiPort?: boolean;
  /**
   * Raw ingress-nginx values, deep-merged last.
   * @default - none
   */
  readonly values?: { [key: string]: any };
}

/** A controller that already runs on the host. */
export interface ExistingIngressOptions {
  /** The ingress class it serves. */
  readonly className: string;
  /** Whether SSL passthrough is on; it must be, or kubectl sees the controller's certificate. */
  readonly sslPassthrough: boolean;
}

/** A Gateway API Gateway, with a TLS listener in Passthrough mode, that TLSRoutes attach to. */
export interface GatewayTlsRouteOptions {
  readonly gatewayName: string;
  readonly gatewayNamespace: string;
  /**
   * The Gateway listener to attach to.
   * @default - every listener that accepts the route
   */
  readonly sectionName?: string;
}

export type IngressKind = 'nginx' | 'existing' | 'gateway';

const NGINX_PROPS: SpecOf<NginxIngressOptions> = { className: { type: 'string' }, mapApiPort: { type: 'boolean' }, values: { type: 'object' } };
const EXISTING_PROPS: SpecOf<ExistingIngressOptions> = { className: { type: 'string', required: true }, sslPassthrough: { type: 'boolean', required: true } };
const GATEWAY_PROPS: SpecOf<GatewayTlsRouteOptions> = {
  gatewayName: { type: 'string', required: true },
  gatewayNamespace: { type: 'string', required: true },
  sectionName: { type: 'string' },
};

/**
 * How an ingress group's hosts route `https://<name>.<suffix>` to each virtual cluster: an
 * ingress-nginx the library installs, a controller already there, or a Gateway API TLSRoute.
 */
export class IngressController {
  /** Install ingress-nginx (catalog version) with SSL passthrough on. */
  public static nginx(options: NginxIngressOptions = {}): IngressController {
    const error = inputError(() => checkProps('IngressController.nginx', 'options', options, NGINX_PROPS));
    if (error) return new IngressController('nginx', 'nginx', true, {}, undefined, error);
    return new IngressController('nginx', options.className ?? 'nginx', true, options);
  }

  /** Use a passthrough-capable controller the host already runs. */
  public static existing(options: ExistingIngressOptions): IngressController {
    const error = inputError(() => checkProps('IngressController.existing', 'options', options, EXISTING_PROPS));
    if (error) return new IngressController('existing', 'existing', true, {}, undefined, error);
    return new IngressController('existing', options.className, options.sslPassthrough, {});
  }

  /**
   * Expose through a Gateway API TLSRoute (vCluster `controlPlane.tlsRoute`) attached to your
   * Gateway: the successor of ingress-nginx, which was retired in March 2026.
   */
  public static gatewayTlsRoute(options: GatewayTlsRouteOptions): IngressController {
    const error = inputError(() => checkProps('IngressController.gatewayTlsRoute', 'options', options, GATEWAY_PROPS));
    if (error) return new IngressController('gateway', '', true, {}, { gatewayName: 'gateway', gatewayNamespace: 'default' }, error);
    return new IngressController('gateway', '', true, {}, options);
  }

  private constructor(
    public readonly kind: IngressKind,
    /** The ingress class (empty for a Gateway). */
    public readonly className: string,
    public readonly sslPassthrough: boolean,
    /** @internal */ public readonly _nginx: NginxIngressOptions,
    /** @internal */ public readonly _gateway?: GatewayTlsRouteOptions,
    /**
     * @internal What was wrong with the options, for the group that uses it to report with
     * everything else at synth (a factory has no construct to report to).
     */
    public readonly _inputError?: InputError,
  ) {}
}

/** An IngressController as a prop. */
export const INGRESS_CONTROLLER = { is: (v: unknown) => v instanceof IngressController, what: 'an IngressController (IngressController.nginx(), .existing() or .gatewayTlsRoute())' };

export const NGINX_NAMESPACE = 'ingress-nginx';
export const NGINX_RELEASE = 'ingress-nginx';
/** The chart names the controller Service `<release>-controller`. */
export const NGINX_SERVICE = `${NGINX_RELEASE}-controller`;

/** ingress-nginx values: SSL passthrough on, an explicit class, the given Service annotations. */
export function nginxValues(c: IngressController, serviceAnnotations: Record<string, string>): Record<string, unknown> {
  const controller: Record<string, unknown> = {
    extraArgs: { 'enable-ssl-passthrough': 'true' },
    ingressClassResource: {
      name: c.className,
      // One controller value per class, so that two controllers on a host do not fight.
      controllerValue: c.className === 'nginx' ? 'k8s.io/ingress-nginx' : `k8s.io/ingress-nginx-${c.className}`,
    },
    ingressClass: c.className,
  };
  if (Object.keys(serviceAnnotations).length) controller.service = { annotations: serviceAnnotations };
  const values: Record<string, unknown> = { controller };
  // Raw TCP on 6443, handed to the controller's own HTTPS port, where passthrough reads the SNI.
  if (c._nginx.mapApiPort) values.tcp = { '6443': `${NGINX_NAMESPACE}/${NGINX_SERVICE}:443` };
  return deepMerge(values, c._nginx.values ?? {});
}
