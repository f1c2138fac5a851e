import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { API_CODES, hasApiCode } from './api-error-codes';

export interface SubjectMessage {
  readonly seq: number;
  readonly data: Uint8Array;
}

export interface SubjectContents {
  readonly messages: readonly SubjectMessage[];
  /** Stream sequence of the subject's last message when the read began; 0 when it has none. */
  readonly lastSubjectSequence: number;
}

/** Past this many messages an ordered consumer (one stream of messages) beats one direct get each. */
const DIRECT_GET_LIMIT = 32;

/**
 * Reads every message of one subject of a stream, in order, up to the subject's last message at
 * the time of the call (later appends are left for the next read, so the result and its sequence
 * token always agree). Short subjects, the usual run, cost a few direct gets and leave no server
 * state; long ones continue through an ephemeral ordered consumer.
 */
export async function readRunSubject(
  jsm: JetStreamManager,
  js: JetStreamClient,
  stream: string,
  subject: string,
): Promise<SubjectContents> {
  const last = await jsm.direct.getMessage(stream, { last_by_subj: subject });
  if (last === null) return { messages: [], lastSubjectSequence: 0 };

  const messages: SubjectMessage[] = [];
  let seq = 0;
  while (seq < last.seq && messages.length < DIRECT_GET_LIMIT) {
    const next = await jsm.direct.getMessage(stream, { seq: seq + 1, next_by_subj: subject });
    // Only possible when the stream's max age removed the run's messages while we read.
    if (next === null) break;
    messages.push({ seq: next.seq, data: next.data });
    seq = next.seq;
  }
  if (seq < last.seq && messages.length === DIRECT_GET_LIMIT) {
    messages.push(...(await readWithOrderedConsumer(js, stream, subject, seq + 1, last.seq)));
  }
  return { messages, lastSubjectSequence: last.seq };
}

async function readWithOrderedConsumer(
  js: JetStreamClient,
  stream: string,
  subject: string,
  fromSeq: number,
  toSeq: number,
): Promise<SubjectMessage[]> {
  const consumer = await js.consumers.get(stream, {
    filter_subjects: subject,
    opt_start_seq: fromSeq,
    inactive_threshold: 30_000,
  });
  const read: SubjectMessage[] = [];
  const messages = await consumer.consume({ max_messages: 256 });
  for await (const msg of messages) {
    read.push({ seq: msg.seq, data: msg.data });
    if (msg.seq >= toSeq) break;
  }
  // The server would reap it once idle; deleting now frees it sooner. Already gone is fine.
  await consumer.delete().catch((error: unknown) => {
    if (!hasApiCode(error, API_CODES.ConsumerNotFound)) throw error;
  });
  return read;
}
