/**
 * `config.code`: an inline function body with `context`, `input` and `state` in scope, compiled
 * once per (ensemble, revision, agent) as an async function so that it may `await`. Trusted code,
 * like scripts (see script-modules.ts).
 */
import { compileFunction } from 'node:vm';
import { BoundedCache } from '../bounded-cache';
import { failed, messageOf, OperationFailure } from '../outcome';

export type InlineFunction = (context: unknown, input: unknown, state: unknown) => Promise<unknown>;

const INLINE_CACHE_CAPACITY = 1000;
const compiled = new BoundedCache<string, { source: string; fn: InlineFunction }>(INLINE_CACHE_CAPACITY);

export function inlineFunction(
  ensemble: string,
  revision: number,
  agent: string,
  body: string,
): InlineFunction {
  const key = `${ensemble}\u0000${revision}\u0000${agent}`;
  const cached = compiled.get(key);
  if (cached && cached.source === body) return cached.fn;
  let fn: InlineFunction;
  try {
    // The body starts on line 2 of the compiled text: stack traces are off by one line.
    const factory = compileFunction(`return async function inline(context, input, state) {\n${body}\n}`, [], {
      filename: `/baton-ensembles/${ensemble}@${revision}/agents/${agent}.code.js`,
    });
    fn = factory() as InlineFunction;
  } catch (error) {
    throw new OperationFailure(
      failed(
        'script-compile-error',
        `inline code of agent '${agent}' does not compile: ${messageOf(error)}`,
        { retryable: false },
      ),
    );
  }
  compiled.set(key, { source: body, fn });
  return fn;
}
