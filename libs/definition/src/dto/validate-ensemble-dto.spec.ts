import { issuesOf, summary } from '../__fixtures__/fixtures';

describe('the shape of an ensemble file', () => {
  it('refuses an unknown key and suggests the closest known one', () => {
    expect(summary(issuesOf('invalid/unknown-key.yaml'))).toEqual([
      "6:14 error unknown-key unknown key 'max_attempt' in agents[0].retry (did you mean 'max_attempts'?)",
    ]);
  });

  it('points a config key written on the agent itself to config:', () => {
    expect(summary(issuesOf('invalid/config-key-on-agent.yaml'))).toEqual([
      '3:5 error missing-config operation http needs config.url or config.template',
      "5:5 error unknown-key unknown key 'url' in agents[0] (did you mean config.url?)",
    ]);
  });

  it('refuses an unknown operation and suggests the closest one', () => {
    expect(summary(issuesOf('invalid/unknown-operation.yaml'))).toEqual([
      "4:16 error unknown-operation unknown operation 'htpp' (did you mean 'http'?); expected one of code, validate, http, data, storage, kv, blob, email, sms, think, wait, notify, emit, transform, sleep, run",
    ]);
  });

  it('requires ensemble (or name) and agents at the top level', () => {
    expect(summary(issuesOf('invalid/missing-keys.yaml'))).toEqual([
      "1:1 error missing-key missing required key 'ensemble' (or its alias 'name')",
      "1:1 error missing-key missing required key 'agents'",
    ]);
  });

  it("requires each agent's name and operation, reported at the agent", () => {
    expect(summary(issuesOf('invalid/missing-agent-keys.yaml'))).toEqual([
      "3:5 error missing-key missing required key 'name' in agents[0]",
      "5:5 error missing-key missing required key 'operation' in agents[1]",
    ]);
  });

  it('refuses an ensemble name outside [a-z0-9][a-z0-9-]*', () => {
    expect(summary(issuesOf('invalid/ensemble-name.yaml'))).toEqual([
      '1:11 error invalid-name invalid ensemble name "Process_Order": use lowercase letters, digits and hyphens, starting with a letter or digit ([a-z0-9][a-z0-9-]*)',
    ]);
  });

  it('refuses names and paths longer than their limits, without echoing them whole', () => {
    expect(summary(issuesOf('invalid/long-names.yaml'))).toEqual([
      '1:11 error too-long ensemble is 101 characters long: an ensemble name may have at most 100',
      '4:11 error too-long trigger[0].path is 257 characters long: a webhook path may have at most 256',
      '7:11 error too-long agents[0].name is 101 characters long: an agent name may have at most 100',
    ]);
  });

  it('refuses a key written together with its alias', () => {
    expect(summary(issuesOf('invalid/conflicting-aliases.yaml'))).toEqual([
      "2:1 error conflicting-keys write either 'ensemble' or its alias 'name', not both",
      "7:31 error conflicting-keys write either 'max_attempts' or its alias 'maxAttempts', not both",
    ]);
  });

  it('refuses a cron expression without 5 or 6 fields, an invalid one, and an unknown time zone', () => {
    expect(summary(issuesOf('invalid/invalid-cron.yaml'))).toEqual([
      "4:11 error invalid-cron trigger[0].cron '0 */4 * *' must have 5 fields (minute hour day-of-month month day-of-week) or 6 (with seconds first), not 4",
      "6:11 error invalid-cron trigger[1].cron '0 25 * * *' is not valid: CronPattern: Invalid value for hour: 25",
      "7:15 error invalid-timezone unknown time zone 'Europe/Pariss' (did you mean 'Europe/Paris'?); expected an IANA zone such as Europe/Paris or UTC",
    ]);
  });

  it('refuses an unknown trigger type and suggests the closest one', () => {
    expect(summary(issuesOf('invalid/unknown-trigger-type.yaml'))).toEqual([
      "3:11 error unknown-trigger-type unknown trigger type 'crn' (did you mean 'cron'?); expected one of webhook, cron, manual, event, queue, database",
    ]);
  });

  it('requires a webhook trigger to say how it is signed, with a known scheme and its secret', () => {
    expect(summary(issuesOf('invalid/webhook-auth.yaml'))).toEqual([
      '3:5 error missing-auth a webhook trigger needs auth: { scheme, secret }, or auth: { scheme: none } to accept unsigned requests',
      "7:21 error unknown-scheme unknown signature scheme 'stripe-v2' (did you mean 'stripe'?); expected one of hmac-sha256, stripe, github, standard-webhooks, none",
      "10:11 error missing-key missing required key 'secret' in trigger[2].auth: every scheme but none signs with a shared secret",
    ]);
  });

  it('refuses values of the wrong kind, each at its own line', () => {
    expect(summary(issuesOf('invalid/wrong-types.yaml'))).toEqual([
      '2:10 error invalid-duration timeout must be a duration like 250ms, 30s, 5m or 1h, or a number of milliseconds, not "soon"',
      '6:14 error invalid-value notifications[0].retries must be at most 5',
      "7:13 error unknown-event unknown notification event 'execution.finished'; expected some of execution.started, execution.completed, execution.failed, execution.timeout, execution.cancelled, agent.completed, agent.failed, state.updated",
      '12:12 error invalid-value agents[0].retry must be a mapping of keys to values',
      '13:49 error invalid-value agents[0].loop.concurrency must be at least 1',
    ]);
  });

  it('refuses a parallel group inside another one', () => {
    expect(summary(issuesOf('invalid/nested-parallel.yaml'))).toEqual([
      '8:11 error nested-parallel agents[0].parallel[1].parallel: a parallel group cannot contain another parallel group',
    ]);
  });

  it('refuses an empty file and a file that is not a mapping', () => {
    expect(summary(issuesOf('invalid/empty.yaml'))).toEqual([
      '1:1 error empty-file the file is empty: an ensemble needs at least ensemble: and agents:',
    ]);
    expect(summary(issuesOf('invalid/not-a-mapping.yaml'))).toEqual([
      '1:1 error invalid-document an ensemble file must be a mapping with ensemble:, agents: and the other keys of dsl.md',
    ]);
  });

  it('refuses a state type outside string, number, boolean, object, array and any', () => {
    expect(summary(issuesOf('invalid/state-type.yaml'))).toEqual([
      "3:20 error unknown-state-type state key 'order' has unknown type 'obj' (did you mean 'object'?); expected one of string, number, boolean, object, array, any",
    ]);
  });
});
