import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { decodeRunEvents } from '@baton/engine';
import type { JetStreamContext } from '@baton/messaging';
import { RunProjector } from '@baton/persistence';

/**
 * `BATON_RUNS` → the read models. Each message is one decision; its events are applied in order, in
 * one transaction. An event whose predecessor has not been projected yet (a redelivery overtook
 * it) is refused, so JetStream redelivers the message after the one it waits for.
 */
@Controller()
export class RunEventsHandler {
  constructor(@Inject(RunProjector) private readonly projector: RunProjector) {}

  @EventPattern<string>('projector')
  async project(@Payload() message: unknown, @Ctx() context: JetStreamContext): Promise<void> {
    const streamSeq = context.getMessage().seq;
    const events = decodeRunEvents(message);
    const outcomes = await this.projector.applyBatch(events.map((event) => ({ event, streamSeq })));
    const gap = outcomes.find((outcome) => outcome.result === 'gap');
    if (gap !== undefined) {
      throw new Error(`run ${gap.runId}: event ${gap.seq} arrived before an earlier one; waiting for it`);
    }
  }
}
