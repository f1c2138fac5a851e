/** Raised by the signers when the secret cannot sign (the message never holds the secret). */
export class WebhookSigningError extends Error {
  readonly code = 'bad-secret' as const;

  constructor(message: string) {
    super(message);
    this.name = 'WebhookSigningError';
  }
}
