import { Injectable } from '@nestjs/common';
import { resolveWait } from '@baton/intake';
import {
  JetStreamInbox,
  WaitDirectory,
  WaitResolutionClaims,
  type WaitResolutionRecord,
} from '@baton/messaging';

export type WaitResolution =
  | { readonly kind: 'resolved'; readonly runId: string }
  /** No open wait under the key (never opened, or already closed). */
  | { readonly kind: 'not-open' }
  /** Open, but for another run than the caller expected (an approval link of an earlier run). */
  | { readonly kind: 'other-run'; readonly runId: string }
  /** Someone resolved this opening of the wait first. */
  | { readonly kind: 'already-resolved'; readonly first: WaitResolutionRecord };

/** A claim older than this whose wait is still open is driven again (its resolver stopped before sending). */
const STALE_CLAIM_MS = 15_000;

/**
 * Resolves a wait once, for `POST /api/waits/<key>` and approval links alike: the opening of the
 * wait (its `baton_waits` entry's revision) is claimed atomically before the ResolveWait is sent,
 * so a second resolution in quick succession learns at once that it came second. A resolver that
 * stopped between its claim and its send is made good by whoever finds the stale claim: the first
 * resolution is sent again (the same command, so at most once applied).
 */
@Injectable()
export class WaitResolver {
  constructor(
    private readonly waits: WaitDirectory,
    private readonly claims: WaitResolutionClaims,
    private readonly inbox: JetStreamInbox,
  ) {}

  async resolve(
    key: string,
    value: unknown,
    options: { expectRunId?: string } = {},
  ): Promise<WaitResolution> {
    const wait = await this.waits.find(key);
    if (wait === undefined) return { kind: 'not-open' };
    if (options.expectRunId !== undefined && options.expectRunId !== wait.runId)
      return { kind: 'other-run', runId: wait.runId };
    const record: WaitResolutionRecord = {
      runId: wait.runId,
      key,
      value,
      claimedAt: new Date().toISOString(),
    };
    const claim = await this.claims.claim(wait.revision, record);
    if (!claim.claimed) {
      if (Date.now() - Date.parse(claim.first.claimedAt) > STALE_CLAIM_MS)
        await this.send(wait.revision, claim.first);
      return { kind: 'already-resolved', first: claim.first };
    }
    await this.send(wait.revision, record);
    return { kind: 'resolved', runId: wait.runId };
  }

  private async send(revision: number, record: WaitResolutionRecord): Promise<void> {
    await this.inbox.send(
      resolveWait({
        runId: record.runId,
        at: new Date().toISOString(),
        key: record.key,
        opening: revision,
        value: record.value,
      }),
    );
  }
}
