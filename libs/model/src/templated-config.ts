import type { Value } from './model';

/**
 * The part of an agent's `config` that holds `${…}` templates: all of it, except a `code` agent's
 * inline `code` body, which is JavaScript (its `${…}` are template literals, not Baton expressions).
 * The loader, the engine and the worker all read an agent's config through this.
 */
export function templatedConfig(agent: {
  readonly operation?: string;
  readonly config: { readonly [key: string]: Value };
}): { readonly [key: string]: Value } {
  if (agent.operation !== 'code' || agent.config.code === undefined) return agent.config;
  const { code: _inlineBody, ...templated } = agent.config;
  return templated;
}
