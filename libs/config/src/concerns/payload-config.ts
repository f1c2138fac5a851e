import { parsePayloadKeys } from '@baton/payload-codec';
import { IsOptional, ValidateBy } from 'class-validator';
import { Sensitive } from '../config-metadata';

/** Parses as payload keys; the error names the entry and key id, never the key. */
function IsPayloadKeys(): PropertyDecorator {
  return ValidateBy({
    name: 'isPayloadKeys',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && payloadKeysProblem(value) === undefined,
      defaultMessage: (args) => payloadKeysProblem(String(args?.value)) ?? '$property is not a list of keys',
    },
  });
}

function payloadKeysProblem(text: string): string | undefined {
  try {
    parsePayloadKeys(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export class PayloadConfig {
  /**
   * Encryption of run payloads at rest (inputs, outputs, state, errors in the event log, inbox and
   * task messages and the read models): `<kid>:<base64 of 32 bytes>[,<kid>:<key>…]`. The first key
   * encrypts, every key decrypts (rotation: put the new key first, keep the old ones).
   */
  @Sensitive()
  @IsOptional()
  @IsPayloadKeys()
  BATON_PAYLOAD_KEY?: string;
}
