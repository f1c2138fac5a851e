/** The name rules of ensembles, agents and triggers, shared by the DTOs, the checks and ingress. */
import { Matches, MaxLength } from 'class-validator';
import { all, PATH } from './constraints/rule';

export const ENSEMBLE_NAME = /^[a-z0-9][a-z0-9-]*$/;
/** Agent names are identifiers in expressions: letters, digits and `_`, with single hyphens inside. */
export const AGENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*$/;

/**
 * Longest ensemble or agent name, queue or event name. An ensemble's name is a key of the
 * definitions bucket (a NATS subject, whose control line is bounded) and a path segment of the API
 * (Fastify's `maxParamLength` is 100), so longer names would be unreachable or fail deep in NATS.
 */
export const MAX_NAME_LENGTH = 100;
/** Longest webhook trigger path. */
export const MAX_PATH_LENGTH = 256;

/** Whether `name` can be an ensemble's name (so ingress answers 404 without asking the store). */
export function isEnsembleName(name: string): boolean {
  return name.length <= MAX_NAME_LENGTH && ENSEMBLE_NAME.test(name);
}

/** A value as an error message shows it: long values are cut, so a message never echoes kilobytes. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 50)}…" (${String(value).length} characters)` : text;
}

/** `MaxLength` with the definition's code and message. */
export function LengthAtMost(limit: number, what: string): PropertyDecorator {
  return MaxLength(limit, {
    message: (args) =>
      `${PATH} is ${String(args.value).length} characters long: ${what} may have at most ${limit}`,
    context: { code: 'too-long' },
  });
}

export function EnsembleName(): PropertyDecorator {
  return all(
    Matches(ENSEMBLE_NAME, {
      message: (args) =>
        `invalid ensemble name ${shown(args.value)}: use lowercase letters, digits and hyphens, starting with a letter or digit ([a-z0-9][a-z0-9-]*)`,
      context: { code: 'invalid-name' },
    }),
    LengthAtMost(MAX_NAME_LENGTH, 'an ensemble name'),
  );
}

export function AgentName(): PropertyDecorator {
  return all(
    Matches(AGENT_NAME, {
      message: (args) =>
        `invalid agent name ${shown(args.value)}: use letters, digits and '_', with single hyphens between them, starting with a letter or '_'`,
      context: { code: 'invalid-name' },
    }),
    LengthAtMost(MAX_NAME_LENGTH, 'an agent name'),
  );
}
