import type { JsMsg } from '@nats-io/jetstream';
import type { Disposition } from '@baton/messaging';
import { parseWebhookLogLine, type WebhookLogLine, type WebhookLogs } from '@baton/persistence';

const text = new TextDecoder();

/**
 * `BATON_WEBHOOK_LOGS` → `webhook_logs`: every line of a batch of messages in one statement, each
 * message acknowledged once it is written (a line written twice is stored once). While PostgreSQL
 * is down the write fails and the lines stay in the stream. A message that holds no lines is
 * terminated; a line that is not one is dropped with an error.
 */
export async function writeWebhookLogMessages(
  webhookLogs: WebhookLogs,
  messages: readonly JsMsg[],
  log: { error(message: string): void },
): Promise<{ dispositions: Disposition[]; written: number }> {
  const lines: WebhookLogLine[] = [];
  const dispositions = messages.map((msg): Disposition => {
    let value: unknown;
    try {
      value = JSON.parse(text.decode(msg.data));
    } catch {
      value = undefined;
    }
    const candidates = (value as { lines?: unknown } | undefined)?.lines;
    if (!Array.isArray(candidates)) {
      log.error(`Terminating ${msg.subject} #${msg.seq}: not a message of webhook log lines`);
      return { kind: 'term', reason: 'not a message of webhook log lines' };
    }
    for (const candidate of candidates) {
      const line = parseWebhookLogLine(candidate);
      if (line === undefined)
        log.error(`Dropping a malformed webhook log line of ${msg.subject} #${msg.seq}`);
      else lines.push(line);
    }
    return { kind: 'ack' };
  });
  const written = await webhookLogs.write(lines);
  return { dispositions, written };
}
