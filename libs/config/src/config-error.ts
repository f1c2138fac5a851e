/** One variable that cannot be used, and why. */
export interface ConfigIssue {
  readonly variable: string;
  /** e.g. "INGRESS_PORT must be an integer between 1 and 65535 (got 'abc')" */
  readonly message: string;
}

/** Thrown at start-up (the only place configuration is read) with every invalid variable at once. */
export class ConfigError extends Error {
  readonly code = 'invalid-config' as const;

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
