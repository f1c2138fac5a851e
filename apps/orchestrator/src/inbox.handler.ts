import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Command } from '@baton/engine';
import type { JetStreamContext } from '@baton/messaging';
import { RunProcessor } from './run-processor';

/** `BATON_INBOX` (every partition's commands and starts) → the run processor; the transport acks once `handle` resolved. */
@Injectable()
export class InboxHandler {
  private readonly logger = new Logger('inbox');

  constructor(@Inject(RunProcessor) private readonly processor: RunProcessor) {}

  async handle(command: Command, context: JetStreamContext): Promise<void> {
    const outcome = await this.processor.handle(command);
    if (outcome.kind === 'ignored') {
      this.logger.warn(`${command.type} for run ${command.runId} ignored: ${outcome.reason}`);
    } else if (outcome.kind === 'replayed' || context.getRedeliveryCount() > 0) {
      this.logger.log(
        `${command.type} for run ${command.runId} ${outcome.kind} (${outcome.events} events appended)`,
      );
    }
  }
}
