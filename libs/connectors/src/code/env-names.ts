/**
 * The environment variables an ensemble's expressions name (`${env.STRIPE_KEY}` anywhere in its
 * agents, triggers, connections, templates, notifications or output): the only variables its code
 * steps see as `context.env` (dsl.md, the `code` operation). Read statically from the definition,
 * once per definition object. A name computed at run time (`env[name]`) is not among them.
 */
import { valueReferences } from '@baton/expressions';
import type { EnsembleDefinition } from '@baton/model';

/** Parts of a definition that hold no expressions: carried files, parsed components, JavaScript. */
const NOT_EXPRESSIONS = new Set(['files', 'components', 'source', 'inputSchema', 'location']);

const cache = new WeakMap<EnsembleDefinition, readonly string[]>();

export function namedEnvVariables(definition: EnsembleDefinition): readonly string[] {
  let names = cache.get(definition);
  if (names === undefined) {
    names = collect(definition);
    cache.set(definition, names);
  }
  return names;
}

function collect(definition: EnsembleDefinition): readonly string[] {
  const names = new Set<string>();
  const pending: unknown[] = [definition];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (typeof node === 'string') {
      for (const name of envNamesIn(node)) names.add(name);
    } else if (Array.isArray(node)) {
      pending.push(...(node as unknown[]));
    } else if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (NOT_EXPRESSIONS.has(key)) continue;
        // `config.code` of a code agent is JavaScript, where `${…}` is a template literal.
        if (key === 'code' && typeof record[key] === 'string') continue;
        pending.push(record[key]);
      }
    }
  }
  return [...names].sort();
}

function envNamesIn(text: string): string[] {
  if (!text.includes('${')) return [];
  try {
    return valueReferences(text)
      .filter((chain) => chain[0] === 'env' && typeof chain[1] === 'string')
      .map((chain) => chain[1]);
  } catch {
    // Not an expression the loader would accept (descriptions, free text): it names nothing.
    return [];
  }
}
