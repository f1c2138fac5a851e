/**
 * dsl.md's default for `onError`: an agent whose failure some expression handles (it reads the
 * agent's `.success`, `.failed` or `.error`) continues on failure; any other agent fails the run.
 */
import type { OnError } from '@baton/model';
import type { ExpressionUse } from './references/expression-uses';

const FAILURE_MEMBERS = new Set(['success', 'failed', 'error']);

/** Agents whose failure is read by any expression of the ensemble (agents, output, notifications). */
export function agentsWithHandledFailure(
  uses: readonly ExpressionUse[],
  agents: ReadonlySet<string>,
): Set<string> {
  const handled = new Set<string>();
  for (const use of uses) {
    for (const chain of use.expression.references) {
      if (agents.has(chain[0]) && chain.length > 1 && FAILURE_MEMBERS.has(chain[1])) handled.add(chain[0]);
    }
  }
  return handled;
}

export function defaultOnError(
  written: OnError | undefined,
  name: string,
  handled: ReadonlySet<string>,
): OnError {
  return written ?? (handled.has(name) ? 'continue' : 'fail');
}
