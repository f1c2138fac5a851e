import { IsIntegerBetween } from '../config-validators';

/** Where each service without an HTTP edge answers /healthz, /readyz and /metrics (ingress uses INGRESS_PORT). */
export const HEALTH_PORT_DEFAULTS = {
  scheduler: 8081,
  orchestrator: 8082,
  worker: 8083,
  notifier: 8084,
  projector: 8085,
} as const;

export type ServiceWithHealthPort = keyof typeof HEALTH_PORT_DEFAULTS;

export class HealthConfig {
  @IsIntegerBetween(1, 65535)
  HEALTH_PORT!: number;
}

const healthConfigs = new Map<ServiceWithHealthPort, new () => HealthConfig>();

/**
 * The HealthConfig of one service, defaulting HEALTH_PORT to that service's port. The same class is
 * returned on every call, so it can serve as a dependency-injection token.
 */
export function healthConfigFor(service: ServiceWithHealthPort): new () => HealthConfig {
  let configClass = healthConfigs.get(service);
  if (configClass === undefined) {
    configClass = class extends HealthConfig {
      constructor() {
        super();
        this.HEALTH_PORT = HEALTH_PORT_DEFAULTS[service];
      }
    };
    Object.defineProperty(configClass, 'name', {
      value: `${service[0].toUpperCase()}${service.slice(1)}HealthConfig`,
    });
    healthConfigs.set(service, configClass);
  }
  return configClass;
}
