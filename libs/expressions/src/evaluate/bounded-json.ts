/**
 * JSON.stringify with the evaluation's limits: depth, output length and steps are checked as it
 * goes, so a deep or self-multiplying structure is refused instead of exhausting the process.
 * Output is identical to JSON.stringify for JSON-like data (own enumerable keys, dates through
 * toJSON, undefined and functions omitted in objects and null in arrays, non-finite numbers null).
 */
import type { Evaluation } from './evaluation';
import { SandboxFunction } from './sandbox-function';

export function stringifyJson(value: unknown, gap: string, evaluation: Evaluation): string | undefined {
  const out = new JsonWriter(gap, evaluation);
  return out.write(value, '') ? out.text : undefined;
}

function omitted(value: unknown): boolean {
  return (
    value === undefined ||
    typeof value === 'function' ||
    typeof value === 'symbol' ||
    value instanceof SandboxFunction
  );
}

class JsonWriter {
  text = '';

  constructor(
    private readonly gap: string,
    private readonly evaluation: Evaluation,
  ) {}

  // Writes `value`; false when JSON has no text for it (undefined, functions).
  write(value: unknown, indent: string): boolean {
    if (omitted(value)) return false;
    this.evaluation.chargeText(typeof value === 'string' ? value.length : 0);
    if (value === null) this.append('null');
    else if (typeof value === 'string') this.append(JSON.stringify(value));
    else if (typeof value === 'number') this.append(Number.isFinite(value) ? String(value) : 'null');
    else if (typeof value === 'boolean') this.append(String(value));
    else if (typeof value === 'bigint') this.append(String(value));
    else if (value instanceof Date)
      this.append(Number.isNaN(value.getTime()) ? 'null' : JSON.stringify(value.toISOString()));
    else if (Array.isArray(value)) this.writeArray(value, indent);
    else this.writeObject(value as Record<string, unknown>, indent);
    return true;
  }

  private writeArray(array: readonly unknown[], indent: string): void {
    if (array.length === 0) return this.append('[]');
    this.evaluation.enter();
    const inner = indent + this.gap;
    this.append('[');
    for (let i = 0; i < array.length; i++) {
      if (i > 0) this.append(',');
      if (this.gap !== '') this.append(`\n${inner}`);
      if (!this.write(array[i], inner)) this.append('null');
    }
    if (this.gap !== '') this.append(`\n${indent}`);
    this.append(']');
    this.evaluation.leave();
  }

  private writeObject(object: Record<string, unknown>, indent: string): void {
    this.evaluation.enter();
    const inner = indent + this.gap;
    let first = true;
    this.append('{');
    for (const key of Object.keys(object)) {
      const member = object[key];
      if (omitted(member)) continue;
      if (!first) this.append(',');
      first = false;
      if (this.gap !== '') this.append(`\n${inner}`);
      this.append(JSON.stringify(key) + (this.gap === '' ? ':' : ': '));
      this.write(member, inner);
    }
    if (!first && this.gap !== '') this.append(`\n${indent}`);
    this.append('}');
    this.evaluation.leave();
  }

  private append(piece: string): void {
    this.evaluation.checkString(this.text.length + piece.length);
    this.text += piece;
  }
}
