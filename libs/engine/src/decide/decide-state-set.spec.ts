import type { AgentDefinition, EnsembleDefinition, StateType } from '@baton/model';
import { agent, ensemble, inSequence } from '../testing/definition-builder';
import { startRun, taskFailed, taskSucceeded } from '../testing/commands';
import { given } from '../testing/given';

const withState = (
  setter: AgentDefinition,
  stateSchema: Record<string, StateType> = {},
): EnsembleDefinition =>
  ensemble(inSequence(setter, agent('reader', 'code', { input: '${state}' })), { stateSchema });

describe('state.set', () => {
  it('the map form evaluates each expression after the agent succeeds', () => {
    const def = withState(
      agent('validate', 'code', {
        state: {
          use: [],
          set: {
            form: 'map',
            values: { order: '${validate.output.order}', count: '${validate.output.items.length}' },
          },
        },
      }),
      { order: 'object', count: 'number' },
    );
    given(def, [startRun()])
      .when(taskSucceeded('validate', { order: { id: 1 }, items: [1, 2, 3] }))
      .then({
        events: [
          { type: 'AgentSucceeded' },
          { type: 'StateUpdated', data: { agent: 'validate', changes: { order: { id: 1 }, count: 3 } } },
          { type: 'AgentScheduled' },
        ],
        tasks: [
          { agent: 'reader', scope: expect.objectContaining({ state: { order: { id: 1 }, count: 3 } }) },
        ],
      });
  });

  it('the list form takes output[key] when the output is an object that has it', () => {
    const def = withState(
      agent('validate', 'code', { state: { use: [], set: { form: 'list', keys: ['order'] } } }),
    );
    given(def, [startRun()])
      .when(taskSucceeded('validate', { order: { id: 9 }, other: true }))
      .then({
        events: [
          { type: 'AgentSucceeded' },
          { type: 'StateUpdated', data: { agent: 'validate', changes: { order: { id: 9 } } } },
          { type: 'AgentScheduled' },
        ],
      });
  });

  it("the list form takes the agent's success for a key declared boolean that the output lacks", () => {
    const def = withState(
      agent('reserve', 'code', { state: { use: [], set: { form: 'list', keys: ['reserved'] } } }),
      {
        reserved: 'boolean',
      },
    );
    given(def, [startRun()])
      .when(taskSucceeded('reserve', { rows: 1 }))
      .then({
        events: [
          { type: 'AgentSucceeded' },
          { type: 'StateUpdated', data: { agent: 'reserve', changes: { reserved: true } } },
          { type: 'AgentScheduled' },
        ],
      });
  });

  it('the list form sets a boolean key to false when the agent finally fails and the run goes on', () => {
    const def = withState(
      agent('reserve', 'code', {
        onError: 'continue',
        state: { use: [], set: { form: 'list', keys: ['reserved'] } },
      }),
      { reserved: 'boolean' },
    );
    given(def, [startRun()])
      .when(taskFailed('reserve'))
      .then({
        events: [
          { type: 'AgentFailed' },
          { type: 'StateUpdated', data: { agent: 'reserve', changes: { reserved: false } } },
          { type: 'AgentScheduled' },
        ],
      });
  });

  it('the list form takes the whole output otherwise', () => {
    const def = withState(
      agent('rows', 'data', { state: { use: [], set: { form: 'list', keys: ['rows'] } } }),
    );
    given(def, [startRun()])
      .when(taskSucceeded('rows', [{ id: 1 }]))
      .then({
        events: [
          { type: 'AgentSucceeded' },
          { type: 'StateUpdated', data: { agent: 'rows', changes: { rows: [{ id: 1 }] } } },
          { type: 'AgentScheduled' },
        ],
      });
  });

  it('a value of the wrong type for state.schema fails the agent with code state-type', () => {
    const def = withState(
      agent('validate', 'code', { state: { use: [], set: { form: 'list', keys: ['order'] } } }),
      {
        order: 'object',
      },
    );
    given(def, [startRun()])
      .when(taskSucceeded('validate', 'not an object'))
      .then({
        events: [
          { type: 'AgentSucceeded' },
          {
            type: 'AgentFailed',
            data: {
              agent: 'validate',
              level: 'agent',
              final: true,
              error: {
                code: 'state-type',
                message: "'validate' sets state key 'order' to a string, but state.schema declares it object",
              },
            },
          },
          { type: 'AgentSkipped', data: { agent: 'reader', reason: 'run-ended' } },
          {
            type: 'RunFailed',
            data: { error: expect.objectContaining({ code: 'state-type', agent: 'validate' }) },
          },
        ],
      });
  });

  it.each([
    ['string', 5],
    ['number', '5'],
    ['boolean', 'yes'],
    ['array', { a: 1 }],
    ['object', [1]],
  ] as const)('a %s key refuses %j', (type, value) => {
    const def = withState(
      agent('setter', 'code', {
        state: { use: [], set: { form: 'map', values: { k: '${setter.output}' } } },
      }),
      { k: type },
    );
    const { state } = given(def, [startRun()]).when(taskSucceeded('setter', value));
    expect(state.agents.setter.error?.code).toBe('state-type');
  });

  it('a key state.schema does not declare is refused when a schema is declared', () => {
    const def = withState(
      agent('setter', 'code', { state: { use: [], set: { form: 'map', values: { other: '${1}' } } } }),
      { k: 'any' },
    );
    const { state } = given(def, [startRun()]).when(taskSucceeded('setter', 1));
    expect(state.agents.setter.error?.code).toBe('state-undeclared');
  });

  it('a state value is read by later agents as state.<key>', () => {
    const def = ensemble(
      inSequence(
        agent('first', 'code', {
          state: { use: [], set: { form: 'map', values: { n: '${first.output}' } } },
        }),
        agent('second', 'transform', { config: { value: '${state.n + 1}' } }),
      ),
    );
    const { state } = given(def, [startRun()]).when(taskSucceeded('first', 41));
    expect(state.agents.second.output).toBe(42);
    expect(state.state).toEqual({ n: 41 });
  });
});
