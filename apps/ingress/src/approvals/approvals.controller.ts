import { Controller, Get, Logger, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RunEvent } from '@baton/engine';
import { JetStreamEventLog } from '@baton/messaging';
import { verifyApprovalToken, type ApprovalGrant } from '@baton/signatures';
import { WaitResolver } from '../waits/wait-resolver';
import { ApprovalKeys } from './approval-keys';
import { approvalPages, type ApprovalPage } from './approval-pages';

/**
 * `GET /approvals/<token>`: the links a wait's notice carries. The token says which wait of which
 * run, which decision, and until when, signed with the installation's key; the decision is taken
 * once (the wait resolver's claim), so a second click, the other link, or a scanner that follows
 * it later gets "already decided". Every answer is a page saying what happened, never a bare error.
 */
@Controller()
export class ApprovalsController {
  private readonly logger = new Logger(ApprovalsController.name);

  constructor(
    private readonly keys: ApprovalKeys,
    private readonly resolver: WaitResolver,
    private readonly log: JetStreamEventLog,
  ) {}

  // A wildcard, not `:token`: Fastify refuses path parameters over 100 characters with a bare 404,
  // and a token that names a wait key is longer.
  @Get('approvals/*')
  async approve(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const shown = await this.decide(tokenOf(request.url)).catch((error: unknown) => {
      this.logger.warn(
        `approval link not answered: ${error instanceof Error ? error.message : String(error)}`,
      );
      return approvalPages.unavailable();
    });
    reply
      .status(shown.status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      // The token is a credential: no page this one links to may learn it from a Referer.
      .header('referrer-policy', 'no-referrer')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    return shown.html;
  }

  private async decide(token: string): Promise<ApprovalPage> {
    const check = verifyApprovalToken(await this.keys.keys(), token, Date.now());
    if (!check.ok) {
      if (check.code === 'malformed') return approvalPages.malformed();
      if (check.code === 'forged') return approvalPages.notOurs();
      return approvalPages.expired(check.grant.waitKey);
    }
    const { grant } = check;
    const outcome = await this.resolver.resolve(
      grant.waitKey,
      { action: grant.action, via: 'approval-link' },
      { expectRunId: grant.runId },
    );
    switch (outcome.kind) {
      case 'resolved':
        return approvalPages.decided(grant.action, grant.waitKey);
      case 'already-resolved':
        return approvalPages.alreadyDecided(grant.waitKey, outcome.first.value, outcome.first.claimedAt);
      case 'other-run':
        return approvalPages.foreign(grant.waitKey);
      case 'not-open':
        return this.afterTheFact(grant);
    }
  }

  /** The wait is closed: the run's log tells how, so the page can say it. */
  private async afterTheFact(grant: ApprovalGrant): Promise<ApprovalPage> {
    const { events } = await this.log.read(grant.runId);
    const about = (event: RunEvent) =>
      (event.type === 'WaitResolved' || event.type === 'WaitTimedOut') && event.data.key === grant.waitKey;
    const last = events.filter(about).at(-1);
    if (last?.type === 'WaitResolved')
      return approvalPages.alreadyDecided(grant.waitKey, last.data.value, last.at);
    if (last?.type === 'WaitTimedOut') return approvalPages.expired(grant.waitKey);
    const end = events.find((event) =>
      ['RunCompleted', 'RunFailed', 'RunTimedOut', 'RunCancelled'].includes(event.type),
    );
    if (end !== undefined)
      return approvalPages.closed(grant.waitKey, `its run has ended (${end.type.slice(3).toLowerCase()})`);
    return approvalPages.notWaiting(grant.waitKey);
  }
}

/** `/approvals/<token>?…` → the token as sent (a token never holds `%`, `/` or `?`). */
function tokenOf(url: string): string {
  const path = url.split('?')[0];
  return path.slice(path.indexOf('/approvals/') + '/approvals/'.length);
}
