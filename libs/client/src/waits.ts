import type { WaitResolved } from './api-types';
import type { Transport } from './transport';

/** What resolves a wait: its `action` and any other fields; the object becomes the wait agent's output. */
export interface WaitResolution {
  readonly action: string;
  readonly [field: string]: unknown;
}

export class WaitsApi {
  constructor(private readonly transport: Transport) {}

  /** Resolves the open wait with this key; 404 BatonApiError when none is open. */
  async resolve(
    key: string,
    body: WaitResolution,
    options: { signal?: AbortSignal } = {},
  ): Promise<WaitResolved> {
    const answer = await this.transport.request<WaitResolved>({
      method: 'POST',
      path: `/api/waits/${encodeURIComponent(key)}`,
      body: { json: body },
      apiKey: true,
      signal: options.signal,
    });
    return answer.body;
  }
}
