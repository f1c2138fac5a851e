/**
 * The `kv` operation (`operation: get|set|delete`, `key`, `value`, `ttl` in seconds) and its
 * `storage type: kv` spelling (`action: get|put|delete`, `expirationTtl` or `ttl`): one store, two
 * output shapes (dsl.md): kv get → the value or null; storage get → `{ value }`; writes → `{ ok }`.
 */
import { parseDuration } from '@baton/model';
import type { OperationRequest } from '../operation';
import { failed, invalidConfig, messageOf, OperationFailure, succeeded, type TaskOutcome } from '../outcome';
import type { KeyValueStore } from '../stores';

/** Longest key: keys become NATS subjects, which must stay well inside the control line. */
export const MAX_KV_KEY_LENGTH = 512;

type KvAction = 'get' | 'put' | 'delete';

const ACTIONS: { readonly [written: string]: KvAction } = {
  get: 'get',
  set: 'put',
  put: 'put',
  delete: 'delete',
};

export async function runKv(request: OperationRequest): Promise<TaskOutcome> {
  const { config } = request;
  const action = kvAction(config.operation ?? config.action, 'operation');
  return kvStep(request, action, config.ttl, (value) => value ?? null);
}

/** `storage` with `type: kv`. */
export async function runStorageKv(request: OperationRequest): Promise<TaskOutcome> {
  const { config } = request;
  const action = kvAction(config.action ?? config.operation, 'action');
  return kvStep(request, action, config.expirationTtl ?? config.ttl, (value) => ({ value: value ?? null }));
}

async function kvStep(
  request: OperationRequest,
  action: KvAction,
  ttl: unknown,
  readOutput: (value: unknown) => unknown,
): Promise<TaskOutcome> {
  const store = request.deps.kv;
  if (store === undefined) {
    return failed('unsupported-operation', 'the key-value store is not available in this worker', {
      retryable: false,
    });
  }
  const key = kvKey(request.config.key);
  // the config is checked before the store is touched: a bad config is no store failure
  const write =
    action === 'put' ? { value: storedValue(request.config.value, store), ttl: ttlSeconds(ttl) } : undefined;
  try {
    if (action === 'get') return succeeded(readOutput(await store.get(key)));
    if (write !== undefined) await store.put(key, write.value, write.ttl);
    else await store.delete(key);
    return succeeded({ ok: true });
  } catch (error) {
    return failed('store-unavailable', `key-value ${action} of '${key}' failed: ${messageOf(error)}`, {
      retryable: true,
    });
  }
}

function kvAction(value: unknown, field: string): KvAction {
  const action = typeof value === 'string' ? ACTIONS[value] : undefined;
  if (action === undefined)
    invalidConfig(`${field} must be get, set (or put) or delete, not ${JSON.stringify(value)}`);
  return action;
}

function kvKey(value: unknown): string {
  const key = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof key !== 'string' || key === '') invalidConfig('key must be a non-empty string');
  if (key.length > MAX_KV_KEY_LENGTH)
    invalidConfig(`key is ${key.length} characters long; at most ${MAX_KV_KEY_LENGTH} are allowed`);
  return key;
}

function storedValue(value: unknown, store: KeyValueStore): unknown {
  if (value === undefined) invalidConfig('a put needs value (null is a value; use delete to remove a key)');
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? 'null');
  if (bytes > store.maxValueBytes) {
    throw new OperationFailure(
      failed(
        'too-large',
        `value is ${bytes} bytes as JSON; the key-value store takes at most ${store.maxValueBytes}`,
        {
          retryable: false,
        },
      ),
    );
  }
  return value;
}

/** Seconds: a number, a numeric string, or a duration (`7d`, `90m`). */
function ttlSeconds(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const seconds =
    typeof value === 'number' || /^\s*\d+(\.\d+)?\s*$/.test(String(value))
      ? Number(value)
      : (parseDuration(value) ?? NaN) / 1000;
  if (!Number.isFinite(seconds) || seconds <= 0)
    invalidConfig(
      `ttl must be a positive number of seconds or a duration like 7d, not ${JSON.stringify(value)}`,
    );
  return seconds;
}
