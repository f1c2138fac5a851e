import { createPayloadCodec, type PayloadCodec } from './payload-codec';
import { parsePayloadKeys } from './payload-keys';

/**
 * The process's codec. Like the logger, it is configuration read once at start (`BATON_PAYLOAD_KEY`,
 * validated by @baton/config) and used by every edge that writes or reads payloads: the event log,
 * inbox and task messages, the notifier, the API's read path. One install point per process
 * (`runConsumerService`, ingress's bootstrap, the CLI), so adapters need no new constructor argument.
 */
let installed: PayloadCodec = createPayloadCodec();

export function installPayloadCodec(codec: PayloadCodec): void {
  installed = codec;
}

/** Installs the codec `BATON_PAYLOAD_KEY` describes (none: payloads in clear). Throws PayloadKeyError. */
export function installPayloadCodecFromKeys(text: string | undefined): PayloadCodec {
  const codec = createPayloadCodec(text === undefined || text.trim() === '' ? [] : parsePayloadKeys(text));
  installPayloadCodec(codec);
  return codec;
}

export function payloadCodec(): PayloadCodec {
  return installed;
}

/** A whole message (an inbox command, a task) as it is published: one envelope when a key is set. */
export function sealMessage(value: unknown): unknown {
  return installed.seal(value);
}

/** A consumed message's JSON → the value it carries (a sealed message decrypted). */
export function openMessage(value: unknown): unknown {
  return installed.openValue(value);
}
