import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { RunEvent } from '@baton/engine';
import type { JetStreamContext } from '@baton/messaging';
import { RunProjector } from '@baton/persistence';

/**
 * `BATON_RUNS` → the read models. An event whose predecessor has not been projected yet (a
 * redelivery overtook it) is refused, so JetStream redelivers it after the one it waits for.
 */
@Controller()
export class RunEventsHandler {
  constructor(@Inject(RunProjector) private readonly projector: RunProjector) {}

  @EventPattern<string>('projector')
  async project(@Payload() event: RunEvent, @Ctx() context: JetStreamContext): Promise<void> {
    const outcome = await this.projector.apply(event, context.getMessage().seq);
    if (outcome.result === 'gap') {
      throw new Error(`run ${event.runId}: event ${event.seq} arrived before an earlier one; waiting for it`);
    }
  }
}
