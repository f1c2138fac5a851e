/**
 * Templates: strings holding any number of `${…}`. A string that is exactly one placeholder
 * evaluates to that expression's value, keeping its type; any other text renders each placeholder
 * with interpolationText (null and undefined as nothing, objects as JSON) and returns a string.
 */
import { BoundedCache } from './compile/bounded-cache';
import { type CompiledExpression, compiledExpression } from './compile/compiled-expression';
import { concatText, interpolationText } from './evaluate/conversions';
import { Evaluation } from './evaluate/evaluation';
import { ExpressionError, asExpressionError } from './expression-error';
import { findExpressions } from './find-expressions';
import type { EvaluateOptions, Expression, Scope, Template } from './types';

const CACHE_LIMIT = 20_000;

export class CompiledTemplate implements Template {
  readonly dynamic: boolean;
  readonly expressions: readonly Expression[];
  // Literal text and placeholders, in order; `whole` when the text is exactly one placeholder.
  private readonly parts: readonly (string | CompiledExpression)[];
  private readonly whole: CompiledExpression | null;

  constructor(readonly source: string) {
    const parts: (string | CompiledExpression)[] = [];
    let copiedUpTo = 0;
    for (const span of findExpressions(source)) {
      if (span.start > copiedUpTo) parts.push(source.slice(copiedUpTo, span.start));
      parts.push(compileAt(span.source, span.start + 2));
      copiedUpTo = span.end;
    }
    if (copiedUpTo < source.length) parts.push(source.slice(copiedUpTo));
    this.parts = parts;
    this.expressions = parts.filter((part): part is CompiledExpression => typeof part !== 'string');
    this.dynamic = this.expressions.length > 0;
    this.whole = parts.length === 1 && typeof parts[0] !== 'string' ? parts[0] : null;
  }

  evaluate(scope: Scope, options?: EvaluateOptions): unknown {
    if (!this.dynamic) return this.source;
    if (this.whole !== null) return this.whole.evaluate(scope, options);
    return this.evaluateIn(new Evaluation(scope, options));
  }

  /** Evaluates within an evaluation shared with other templates (a deep value's). */
  evaluateIn(evaluation: Evaluation): unknown {
    if (this.whole !== null) return this.whole.evaluateIn(evaluation);
    let text = '';
    for (const part of this.parts) {
      if (typeof part === 'string') text = concatText(text, part, evaluation);
      else {
        const value = part.evaluateIn(evaluation);
        try {
          text = concatText(text, interpolationText(value, evaluation), evaluation);
        } catch (error) {
          throw asExpressionError(error);
        }
      }
    }
    return text;
  }
}

// Compiles one placeholder, moving an error's offset from the expression to the template text.
function compileAt(source: string, offset: number): CompiledExpression {
  try {
    return compiledExpression(source);
  } catch (error) {
    if (error instanceof ExpressionError) throw error.shifted(offset);
    throw error;
  }
}

const cache = new BoundedCache<CompiledTemplate>(CACHE_LIMIT);

export function compiledTemplate(text: string): CompiledTemplate {
  return cache.get(text, (source) => new CompiledTemplate(source));
}
