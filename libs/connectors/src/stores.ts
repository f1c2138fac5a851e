/**
 * The stores of the `kv` and `blob` operations, as ports: the worker app implements them over
 * JetStream (libs/messaging: the `baton_kv` bucket and the `baton_artifacts` object store), so this
 * library never imports NATS.
 */
export interface KeyValueStore {
  /** The value, or undefined when the key is absent or its TTL has passed. */
  get(key: string): Promise<unknown>;
  /** Stores the JSON value; with `ttlSeconds` it reads as absent once that many seconds have passed. */
  put(key: string, value: unknown, ttlSeconds?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Largest value (as JSON, in bytes) the store takes. */
  readonly maxValueBytes: number;
}

export interface StoredBlob {
  readonly data: Uint8Array;
  readonly contentType: string;
}

export interface BlobStore {
  put(name: string, blob: StoredBlob): Promise<void>;
  /** Undefined when there is no object of that name. */
  get(name: string): Promise<StoredBlob | undefined>;
  /** Largest object the store takes, in bytes. */
  readonly maxBytes: number;
}
