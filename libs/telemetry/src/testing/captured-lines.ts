import type { SecretRedactor } from '../logging/secret-redaction';

/** A pino destination that keeps every line, for specs. */
export class CapturedLines {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  get records(): Array<Record<string, unknown>> {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  get text(): string {
    return this.lines.join('');
  }
}

/** A minimal SecretSet stand-in: masks each registered value wherever it occurs in a text. */
export class KnownSecrets implements SecretRedactor {
  private readonly values = new Set<string>();

  add(value: string): this {
    this.values.add(value);
    return this;
  }

  redact(text: string): string {
    let masked = text;
    for (const value of this.values) masked = masked.split(value).join('[redacted]');
    return masked;
  }
}
