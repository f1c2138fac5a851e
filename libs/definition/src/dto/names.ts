/** The name rules of ensembles and agents, shared by the DTOs and the checks. */
import { Matches } from 'class-validator';

export const ENSEMBLE_NAME = /^[a-z0-9][a-z0-9-]*$/;
/** Agent names are identifiers in expressions: letters, digits and `_`, with single hyphens inside. */
export const AGENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*$/;

export function EnsembleName(): PropertyDecorator {
  return Matches(ENSEMBLE_NAME, {
    message: (args) =>
      `invalid ensemble name ${JSON.stringify(args.value)}: use lowercase letters, digits and hyphens, starting with a letter or digit ([a-z0-9][a-z0-9-]*)`,
    context: { code: 'invalid-name' },
  });
}

export function AgentName(): PropertyDecorator {
  return Matches(AGENT_NAME, {
    message: (args) =>
      `invalid agent name ${JSON.stringify(args.value)}: use letters, digits and '_', with single hyphens between them, starting with a letter or '_'`,
    context: { code: 'invalid-name' },
  });
}
