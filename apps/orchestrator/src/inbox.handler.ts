import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Command } from '@baton/engine';
import {
  LAYOUT_OPTIONS,
  misroutedCommand,
  natsLayout,
  type JetStreamContext,
  type LayoutOptions,
  type NatsLayout,
} from '@baton/messaging';
import { RunProcessor } from './run-processor';

/** `BATON_INBOX` (every partition's commands and starts) → the run processor; the transport acks once `handle` resolved. */
@Injectable()
export class InboxHandler {
  private readonly logger = new Logger('inbox');
  private readonly layout: NatsLayout;

  constructor(
    @Inject(RunProcessor) private readonly processor: RunProcessor,
    @Inject(LAYOUT_OPTIONS) layout: LayoutOptions,
  ) {
    this.layout = natsLayout(layout);
  }

  async handle(command: Command, context: JetStreamContext): Promise<void> {
    // Each service may publish only its own lane: a command off its lane is forged, never applied.
    const misrouted = misroutedCommand(this.layout, command, context.getSubject());
    if (misrouted !== undefined) {
      this.logger.warn(`${command.type} for run ${command.runId} ignored: ${misrouted}`);
      return;
    }
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
