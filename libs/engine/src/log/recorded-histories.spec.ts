/**
 * Replay of recorded histories (as Temporal replays recorded workflow histories against today's
 * code): every history in __fixtures__/recorded-histories.yaml is decoded as the services decode the
 * log, and each recorded decision must equal what today's `decide` makes of the same command from
 * the state the log had reached. So an event shape changed without a new version and an upcaster,
 * an upcaster that is wrong, or a change in what a command decides fails here; the summary the log
 * folds to is frozen too, so a change in `evolve` that reads old events differently fails as well.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentDefinition, EnsembleDefinition, Operation } from '@baton/model';
import { stringify, parse } from 'yaml';
import type { Command } from '../commands';
import { decide } from '../decide/decide';
import { EVENT_TYPES, EVENT_VERSIONS, type RunEvent } from '../events';
import { foldEvents } from '../evolve';
import { initialRunState, type RunState } from '../run-state';
import { runSummary, type RunSummary } from '../run-summary';
import { agent, ensemble } from '../testing/definition-builder';
import { decodeRunLog } from './run-log-codec';

type AgentInput = Partial<Omit<AgentDefinition, 'name' | 'operation'>> & {
  name: string;
  operation: Operation;
};

interface RecordedHistory {
  readonly name: string;
  readonly layout: 'decisions' | 'first';
  readonly ensemble: Partial<Omit<EnsembleDefinition, 'agents'>> & { readonly agents: readonly AgentInput[] };
  readonly commands: readonly Command[];
  readonly log?: readonly unknown[];
  readonly summary?: RunSummary;
}

const histories = parse(
  readFileSync(join(__dirname, '__fixtures__', 'recorded-histories.yaml'), 'utf8'),
) as RecordedHistory[];

const normalised = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function definitionOf({ agents, ...options }: RecordedHistory['ensemble']): EnsembleDefinition {
  return ensemble(
    agents.map(({ name, operation, ...rest }) => agent(name, operation, rest)),
    options,
  );
}

/** What today's code decides from a history's commands, in today's layout: to paste as a new history's log. */
function recorded(history: RecordedHistory): string {
  const definition = definitionOf(history.ensemble);
  let state: RunState = initialRunState();
  const log = history.commands.map((command) => {
    const { events } = decide(definition, state, command);
    state = foldEvents(events, state);
    return { commandId: command.commandId, events };
  });
  return stringify(normalised({ log, summary: runSummary(state) }), { lineWidth: 0 });
}

/** The (type, version) of every event as stored, before any upcasting. */
function storedVersions(history: RecordedHistory): string[] {
  return (history.log ?? []).flatMap((message) => {
    const { events } = message as { events?: Array<{ type: string; version: number }> };
    const stored = events ?? [message as { type: string; version: number }];
    return stored.map((event) => `${event.type} v${event.version}`);
  });
}

describe('replay of recorded histories', () => {
  it.each(histories.map((history) => [history.name, history] as const))(
    '%s: its decoded log is what today’s code decides from its commands, and folds to its summary',
    (_name, history) => {
      if (history.log === undefined || history.summary === undefined) {
        throw new Error(
          `A history without a recorded log. Today's code records it as:\n${recorded(history)}`,
        );
      }
      const definition = definitionOf(history.ensemble);
      const { decisions, events } = decodeRunLog(history.log);
      expect(decisions.map((decision) => decision.commandId)).toEqual(
        history.commands.map((command) => command.commandId),
      );
      let state: RunState = initialRunState();
      history.commands.forEach((command, index) => {
        const decided = decide(definition, state, command).events;
        const stored: readonly RunEvent[] = decisions[index].events;
        expect({ command: command.commandId, events: normalised(stored) }).toEqual({
          command: command.commandId,
          events: normalised(decided),
        });
        state = foldEvents(stored, state);
      });
      expect(normalised(runSummary(foldEvents(events)))).toEqual(history.summary);
    },
  );

  it('holds every event type, in every version a stored log may hold', () => {
    const stored = new Set(histories.flatMap(storedVersions));
    const expected = EVENT_TYPES.flatMap((type) =>
      Array.from({ length: EVENT_VERSIONS[type] }, (_, index) => `${type} v${index + 1}`),
    );
    expect(expected.filter((version) => !stored.has(version))).toEqual([]);
  });

  it('holds both layouts', () => {
    expect(new Set(histories.map((history) => history.layout))).toEqual(new Set(['decisions', 'first']));
  });
});
