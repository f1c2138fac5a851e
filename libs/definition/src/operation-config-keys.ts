/**
 * The config keys of each operation (dsl.md "Operations"), which of them are required, and which
 * hold durations. Configs are open-ended (connectors grow options), so an unknown key is a warning.
 */
import type { Operation } from '@baton/model';

export interface OperationConfigSpec {
  readonly keys: readonly string[];
  /** Each entry is a set of alternatives, one of which must be written. */
  readonly required: readonly (readonly string[])[];
  readonly durations: readonly string[];
}

const spec = (keys: string[], required: string[][] = [], durations: string[] = []): OperationConfigSpec => ({
  keys,
  required,
  durations,
});

export const OPERATION_CONFIG: { readonly [operation in Operation]: OperationConfigSpec } = {
  code: spec(['script', 'code'], [['script', 'code']]),
  // the data and schema usually come through `input`; config spellings are accepted as well
  validate: spec(['schema', 'data']),
  http: spec(
    ['url', 'method', 'headers', 'query', 'body', 'connection', 'template', 'data', 'timeout'],
    [['url', 'template']],
    ['timeout'],
  ),
  data: spec(['connection', 'backend', 'binding', 'operation', 'sql', 'params'], [['sql']]),
  storage: spec(
    [
      'type',
      'action',
      'queue',
      'body',
      'key',
      'value',
      'expirationTtl',
      'ttl',
      'ref',
      'encoding',
      'contentType',
      'query',
      'params',
    ],
    [['type']],
  ),
  kv: spec(['operation', 'key', 'value', 'ttl'], [['operation'], ['key']]),
  blob: spec(['operation', 'value', 'ref', 'encoding', 'contentType'], [['operation']]),
  email: spec(
    [
      'provider',
      'to',
      'cc',
      'bcc',
      'from',
      'replyTo',
      'subject',
      'html',
      'text',
      'template',
      'data',
      'connection',
      'url',
      'apiKey',
      'baseUrl',
    ],
    [['to', 'template']],
  ),
  sms: spec(
    [
      'provider',
      'credentials',
      'accountSid',
      'authToken',
      'apiKey',
      'apiSecret',
      'accessKeyId',
      'secretAccessKey',
      'sessionToken',
      'region',
      'baseUrl',
      'from',
      'to',
      'body',
      'message',
      'connection',
    ],
    [['to']],
  ),
  think: spec(
    ['provider', 'model', 'prompt', 'system', 'max_tokens', 'maxTokens', 'baseUrl', 'apiKey', 'temperature'],
    [['prompt']],
  ),
  wait: spec(['key', 'timeout', 'onTimeout', 'default', 'notify'], [], ['timeout']),
  notify: spec(['channels', 'template', 'data'], [['channels', 'template']]),
  emit: spec(['event', 'data'], [['event']]),
  transform: spec(['value'], [['value']]),
  sleep: spec(['duration'], [['duration']], ['duration']),
  run: spec(['ensemble', 'input'], [['ensemble']]),
};
