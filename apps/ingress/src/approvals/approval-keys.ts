import { Injectable } from '@nestjs/common';
import { ApprovalLinksConfig } from '@baton/config';
import { approvalKeys, KvSigningKeys } from '@baton/messaging';

/**
 * The keys ingress checks approval links with: BATON_APPROVAL_KEY's, else the generated key the
 * workers sign with (read from `baton_keys`, kept once found; until a worker has signed a link
 * there is none, and every link is refused as not ours).
 */
@Injectable()
export class ApprovalKeys {
  private found: string[] | undefined;

  constructor(
    private readonly config: ApprovalLinksConfig,
    private readonly store: KvSigningKeys,
  ) {}

  async keys(): Promise<string[]> {
    if (this.found !== undefined) return this.found;
    const keys = await approvalKeys(this.config.BATON_APPROVAL_KEY, this.store, false);
    if (keys.length > 0) this.found = keys;
    return keys;
  }
}
