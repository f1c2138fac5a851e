/**
 * The store of `blob` agents (and `storage type: object`) over the `baton_artifacts` object store:
 * objects by name, their content type in the object's metadata. A put of an existing name replaces
 * it (a retried attempt writes the same object).
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { Objm, type ObjectStore } from '@nats-io/obj';
import { type LayoutOptions, natsLayout } from './nats-layout';

export interface ArtifactStoreOptions extends LayoutOptions {
  /** Largest object in bytes (default 5 MiB). */
  readonly maxBytes?: number;
}

export const DEFAULT_ARTIFACT_MAX_BYTES = 5 * 1024 * 1024;
const CONTENT_TYPE = 'content-type';
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export interface Artifact {
  readonly data: Uint8Array;
  readonly contentType: string;
}

export class ArtifactStore {
  readonly maxBytes: number;
  private readonly store: Promise<ObjectStore>;

  constructor(nc: NatsConnection, options: ArtifactStoreOptions = {}) {
    this.store = new Objm(nc).open(natsLayout(options).buckets.artifacts);
    // a rejection here surfaces on first use; do not let it go unhandled before that
    this.store.catch(() => undefined);
    this.maxBytes = options.maxBytes ?? DEFAULT_ARTIFACT_MAX_BYTES;
  }

  async put(name: string, artifact: Artifact): Promise<void> {
    await (
      await this.store
    ).putBlob({ name, metadata: { [CONTENT_TYPE]: artifact.contentType } }, artifact.data);
  }

  async get(name: string): Promise<Artifact | undefined> {
    const store = await this.store;
    const info = await store.info(name);
    if (info === null || info.deleted) return undefined;
    const data = await store.getBlob(name);
    if (data === null) return undefined;
    return { data, contentType: info.metadata?.[CONTENT_TYPE] ?? DEFAULT_CONTENT_TYPE };
  }
}
