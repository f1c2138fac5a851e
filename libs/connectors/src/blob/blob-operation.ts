/**
 * The `blob` operation (`operation: put|get`) and its `storage type: object` spelling: artifacts in
 * the `baton_artifacts` object store, named by reference `res://<run>/<agent>/<iteration>` so a
 * retried put writes the same object. put → `{ ref, size }`; get → the value (JSON parsed for JSON,
 * text for text, base64 for other bytes).
 */
import type { OperationRequest } from '../operation';
import { optionalString } from '../config-fields';
import { failed, invalidConfig, messageOf, OperationFailure, succeeded, type TaskOutcome } from '../outcome';
import type { BlobStore, StoredBlob } from '../stores';

export const BLOB_REF_SCHEME = 'res://';
const JSON_TYPE = 'application/json';
const TEXT_TYPE = 'text/plain; charset=utf-8';
const BYTES_TYPE = 'application/octet-stream';

export async function runBlob(request: OperationRequest): Promise<TaskOutcome> {
  const store = request.deps.blobs;
  if (store === undefined) {
    return failed('unsupported-operation', 'the artifact store is not available in this worker', {
      retryable: false,
    });
  }
  const { config } = request;
  const operation = config.operation ?? config.action;
  if (operation === 'put') return putBlob(request, store);
  if (operation === 'get') return getBlob(request, store);
  return invalidConfig(`operation must be put or get, not ${JSON.stringify(operation)}`);
}

async function putBlob(request: OperationRequest, store: BlobStore): Promise<TaskOutcome> {
  const blob = encodedBlob(request.config);
  if (blob.data.byteLength > store.maxBytes) {
    return failed(
      'too-large',
      `the value is ${blob.data.byteLength} bytes; blobs may be at most ${store.maxBytes}`,
      {
        retryable: false,
      },
    );
  }
  const { task } = request;
  const name = `${task.runId}/${task.agent}/${task.iteration}`;
  try {
    await store.put(name, blob);
  } catch (error) {
    return failed('store-unavailable', `storing blob ${name} failed: ${messageOf(error)}`, {
      retryable: true,
    });
  }
  return succeeded({ ref: `${BLOB_REF_SCHEME}${name}`, size: blob.data.byteLength });
}

async function getBlob(request: OperationRequest, store: BlobStore): Promise<TaskOutcome> {
  const ref = optionalString(request.config.ref, 'ref');
  if (ref === undefined || !ref.startsWith(BLOB_REF_SCHEME) || ref.length === BLOB_REF_SCHEME.length)
    invalidConfig(`ref must be a ${BLOB_REF_SCHEME}… reference from a blob put, not ${JSON.stringify(ref)}`);
  let blob: StoredBlob | undefined;
  try {
    blob = await store.get(ref.slice(BLOB_REF_SCHEME.length));
  } catch (error) {
    return failed('store-unavailable', `reading blob ${ref} failed: ${messageOf(error)}`, {
      retryable: true,
    });
  }
  if (blob === undefined) return failed('not-found', `there is no blob ${ref}`, { retryable: false });
  return succeeded(decodedValue(blob));
}

/** Text as UTF-8, other values as JSON; `encoding: base64` takes a base64 string as the bytes. */
function encodedBlob(config: OperationRequest['config']): StoredBlob {
  const { value } = config;
  if (value === undefined) invalidConfig('a put needs value');
  const contentType = optionalString(config.contentType, 'contentType');
  const encoding = optionalString(config.encoding, 'encoding');
  if (encoding !== undefined && encoding !== 'base64' && encoding !== 'utf8')
    invalidConfig(`encoding must be base64 or utf8, not '${encoding}'`);
  if (encoding === 'base64') {
    if (typeof value !== 'string') invalidConfig('with encoding: base64, value must be a base64 string');
    return { data: Buffer.from(value, 'base64'), contentType: contentType ?? BYTES_TYPE };
  }
  if (typeof value === 'string')
    return { data: Buffer.from(value, 'utf8'), contentType: contentType ?? TEXT_TYPE };
  return { data: Buffer.from(JSON.stringify(value), 'utf8'), contentType: contentType ?? JSON_TYPE };
}

function decodedValue(blob: StoredBlob): unknown {
  const text = () => Buffer.from(blob.data).toString('utf8');
  if (/[/+]json\b/i.test(blob.contentType)) {
    try {
      return JSON.parse(text()) as unknown;
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      throw new OperationFailure(
        failed('invalid-output', `the blob is labelled JSON but is not: ${error.message}`, {
          retryable: false,
        }),
      );
    }
  }
  if (blob.contentType.startsWith('text/')) return text();
  return Buffer.from(blob.data).toString('base64');
}
