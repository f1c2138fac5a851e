/**
 * Every root name an expression reads must exist where it is read: an agent (in agents' fields,
 * the output and notifications), a scope name valid at that place, or an allow-listed global.
 */
import { GLOBAL_NAMES, SCOPE_NAMES } from '@baton/expressions';
import type { IssueList } from '../issues/issue-list';
import type { EnsembleDraft } from '../normalise/draft';
import { didYouMean } from '../suggestions';
import { type ExpressionUse, nameIndex, type UseSite } from './expression-uses';

/** Scope names that exist only in some places, and what to say elsewhere. */
const PLACED_NAMES: {
  readonly [name: string]: { readonly allowed: (site: UseSite) => boolean; readonly where: string };
} = {
  loop: {
    allowed: (site) => site.kind === 'agent' && site.agent.loop !== undefined && site.field !== 'loop',
    where: 'inside an agent with loop: (loop.item, loop.index), not in its loop.items',
  },
  request: {
    allowed: (site) => site.kind === 'webhook-trigger',
    where: "in a webhook trigger's input and dedupe",
  },
  event: { allowed: (site) => site.kind === 'notification', where: 'in notifications' },
  data: { allowed: (site) => site.kind === 'notification', where: 'in notifications' },
  timestamp: { allowed: (site) => site.kind === 'notification', where: 'in notifications' },
};

/** Names a wait agent's `notify` (and the templates it may use) has in scope besides the run's. */
const APPROVAL_NAMES: ReadonlySet<string> = new Set(['approvalUrl', 'rejectionUrl']);

function approvalLinksInScope(use: ExpressionUse): boolean {
  if (use.site.kind === 'template') return true;
  if (use.site.kind !== 'agent' || use.site.agent.operation !== 'wait' || use.site.field !== 'config')
    return false;
  const configAt = use.site.agent.path.length;
  return use.path[configAt + 1] === 'notify';
}

const AGENT_SITES: ReadonlySet<UseSite['kind']> = new Set(['agent', 'output', 'notification']);

const SITE_NAMES: { readonly [kind in UseSite['kind']]: string } = {
  agent: 'an agent',
  output: 'the output',
  notification: 'a notification',
  'webhook-trigger': 'a trigger',
  'cron-trigger': 'a trigger',
  concurrency: 'concurrency.key',
  connection: 'a connection',
  template: 'a template',
  'input-schema': 'input.schema',
};

export function checkNames(draft: EnsembleDraft, uses: readonly ExpressionUse[], issues: IssueList): void {
  const agents = new Set(draft.defined.map((agent) => agent.name).filter((name) => name !== ''));
  for (const use of uses) {
    for (const root of use.expression.roots) {
      const at = {
        path: use.path,
        originalOffset: use.token.originalOffset(nameIndex(use.token.source, root)),
      };
      if (agents.has(root)) {
        if (!AGENT_SITES.has(use.site.kind)) {
          issues.error(
            'invalid-reference',
            at,
            `'${root}' is an agent, and no agent has run when ${SITE_NAMES[use.site.kind]} is evaluated`,
          );
        }
      } else if (SCOPE_NAMES.has(root)) {
        const placed = PLACED_NAMES[root];
        if (placed && !placed.allowed(use.site)) {
          issues.error('invalid-reference', at, `'${root}' is only defined ${placed.where}`);
        }
      } else if (APPROVAL_NAMES.has(root)) {
        if (!approvalLinksInScope(use)) {
          issues.error('invalid-reference', at, `'${root}' is only defined in the notify: of a wait agent`);
        }
      } else if (!GLOBAL_NAMES.has(root)) {
        const known = [...agents, ...SCOPE_NAMES];
        issues.error(
          'undefined-reference',
          at,
          `'${root}' is not defined: no agent has this name and it is not one of ${[...SCOPE_NAMES].join(', ')}${didYouMean(root, known)}`,
        );
      }
    }
  }
}
