export {
  createPayloadCodec,
  isPayloadEnvelope,
  PayloadDecryptError,
  type PayloadCodec,
  type PayloadDecryptErrorCode,
  type PayloadEnvelope,
} from './payload-codec';
export { PAYLOAD_KEY_BYTES, parsePayloadKeys, PayloadKeyError, type PayloadKey } from './payload-keys';
export { openRunEvent, RUN_EVENT_PAYLOAD_FIELDS, sealRunEvent } from './run-event-payloads';
export {
  installPayloadCodec,
  installPayloadCodecFromKeys,
  openMessage,
  payloadCodec,
  sealMessage,
} from './process-codec';
