import type { EnsembleDetail, EnsembleRegistered, EnsembleRemoved, EnsembleSummary } from './api-types';
import type { Transport } from './transport';

/** A file on the server's disk to register (its scripts and schemas are read beside it). */
export interface EnsemblePath {
  readonly name?: string;
  readonly config_path: string;
}

export class EnsemblesApi {
  constructor(private readonly transport: Transport) {}

  /** Every registered ensemble at its latest revision. */
  async list(options: { signal?: AbortSignal } = {}): Promise<EnsembleSummary[]> {
    const answer = await this.transport.request<{ ensembles: EnsembleSummary[] }>({
      method: 'GET',
      path: '/api/ensembles',
      apiKey: true,
      signal: options.signal,
    });
    return answer.body.ensembles;
  }

  /** The latest revision with its definition and the list of revisions; 404 BatonApiError when unknown. */
  async get(name: string, options: { signal?: AbortSignal } = {}): Promise<EnsembleDetail> {
    const answer = await this.transport.request<EnsembleDetail>({
      method: 'GET',
      path: `/api/ensembles/${encodeURIComponent(name)}`,
      apiKey: true,
      signal: options.signal,
    });
    return answer.body;
  }

  /**
   * Registers or updates an ensemble from its YAML text, or from a file on the server
   * (`{ name?, config_path }`). An invalid definition throws BatonApiError 422 whose `details.issues`
   * list each problem with line and column.
   */
  async register(
    definition: string | EnsemblePath,
    options: { signal?: AbortSignal } = {},
  ): Promise<EnsembleRegistered> {
    const answer = await this.transport.request<EnsembleRegistered>({
      method: 'POST',
      path: '/api/ensembles',
      body:
        typeof definition === 'string' ? { raw: definition, type: 'application/yaml' } : { json: definition },
      apiKey: true,
      signal: options.signal,
    });
    return answer.body;
  }

  /**
   * Removes an ensemble: its triggers stop, its history and its runs in flight are kept. 404
   * BatonApiError when no such ensemble is registered.
   */
  async remove(name: string, options: { signal?: AbortSignal } = {}): Promise<EnsembleRemoved> {
    const answer = await this.transport.request<EnsembleRemoved>({
      method: 'DELETE',
      path: `/api/ensembles/${encodeURIComponent(name)}`,
      apiKey: true,
      signal: options.signal,
    });
    return answer.body;
  }
}
