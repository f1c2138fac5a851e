/**
 * The program a sandbox process runs: it loads one ensemble revision's code and runs one `code`
 * step at a time for the worker, which started it under Node's permission model (see
 * sandbox-process.ts for the flags and limits). Nothing of the worker is here: its environment was
 * not inherited, and `init` sets `process.env` to exactly the variables the ensemble's expressions
 * name, so even code that reaches `process` (`constructor.constructor('return process')()`) finds
 * only those.
 *
 * This file runs on its own: compiled to CommonJS in the build, and straight from TypeScript (Node's
 * type stripping) in the repository's tests. So it imports nothing but Node built-ins (and types),
 * and uses only erasable TypeScript.
 */
import type {
  HostMessage,
  InitMessage,
  RunMessage,
  SandboxFailureCode,
  SandboxModule,
} from './sandbox-protocol';

const { compileFunction } = require('node:vm') as typeof import('node:vm');
const { createRequire, isBuiltin } = require('node:module') as typeof import('node:module');
const path = require('node:path') as typeof import('node:path');
const os = require('node:os') as typeof import('node:os');
const v8 = require('node:v8') as typeof import('node:v8');

const RELATIVE_EXTENSIONS = ['', '.ts', '.js', '.json', '/index.ts', '/index.js'];

// Taken before any code of the revision runs, which may replace `process.send`.
const reply = process.send?.bind(process) as (message: HostMessage, callback?: () => void) => boolean;
const requireBuiltin = createRequire(path.join(process.cwd(), 'sandbox.js'));

// Plain fields, not parameter properties: those are TypeScript that type stripping cannot erase.
class SandboxFailure extends Error {
  readonly code: SandboxFailureCode;
  readonly retryable: boolean;

  constructor(code: SandboxFailureCode, message: string, retryable: boolean) {
    super(message);
    this.code = code;
    this.retryable = retryable;
  }
}

/**
 * What the permission model leaves open that reaches beyond this process: signals to other
 * processes (the worker is one) and their scheduling priority; V8 flags that could lift limits.
 */
function closeOutwardApis(): void {
  const refuse = (name: string) => () => {
    throw Object.assign(new Error(`${name} is not available to code steps`), { code: 'ERR_ACCESS_DENIED' });
  };
  const lock = (target: object, name: string, label: string) =>
    Object.defineProperty(target, name, { value: refuse(label), writable: false, configurable: false });
  lock(process, 'kill', 'process.kill');
  lock(process, '_kill', 'process.kill');
  lock(os, 'setPriority', 'os.setPriority');
  lock(v8, 'setFlagsFromString', 'v8.setFlagsFromString');
}

function messageOf(error: unknown): string {
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  ) {
    return (error as { message: string }).message;
  }
  return String(error);
}

let revision: InitMessage | undefined;
const loaded = new Map<string, { exports: unknown }>();
/** The call in progress: an uncaught error while it runs is its failure. */
let current: number | undefined;

function start(init: InitMessage): void {
  revision = init;
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, init.env);
  reply({ type: 'ready' });
}

function loadModule(file: string): unknown {
  const known = loaded.get(file);
  if (known !== undefined) return known.exports;
  const source: SandboxModule | undefined = revision?.modules[file];
  if (source === undefined) {
    throw new SandboxFailure('script-not-found', `'${file}' is not part of the revision`, false);
  }
  if (source.kind === 'broken') throw new SandboxFailure('script-compile-error', source.message, false);
  const module: { exports: unknown } = { exports: {} };
  if (source.kind === 'json') {
    module.exports = JSON.parse(source.text);
    loaded.set(file, module);
    return module.exports;
  }
  const filename = `/baton-ensembles/${revision?.ensemble}@${revision?.revision}/${file}`;
  // Cached before it runs so that circular requires see the partial exports, as in Node.
  loaded.set(file, module);
  try {
    const wrapper = compileFunction(
      source.code,
      ['exports', 'require', 'module', '__filename', '__dirname'],
      {
        filename,
      },
    );
    wrapper.call(
      module.exports,
      module.exports,
      scriptRequire(file),
      module,
      filename,
      path.posix.dirname(filename),
    );
  } catch (error) {
    loaded.delete(file);
    if (error instanceof SandboxFailure) throw error;
    throw new SandboxFailure('script-error', `loading script '${file}' failed: ${messageOf(error)}`, false);
  }
  return module.exports;
}

/** `./x` and `../x` from the revision's files; Node built-ins (`crypto`, `node:fs`) as usual; nothing else. */
function scriptRequire(file: string): (request: string) => unknown {
  return (request: string) => {
    if (isBuiltin(request)) return requireBuiltin(request);
    if (!request.startsWith('./') && !request.startsWith('../')) {
      throw new SandboxFailure(
        'script-not-found',
        `script '${file}' requires '${request}': code steps may require Node built-ins and the revision's own files only`,
        false,
      );
    }
    const base = path.posix.join(path.posix.dirname(file), request);
    const target = RELATIVE_EXTENSIONS.map((extension) => base + extension).find(
      (candidate) => revision !== undefined && candidate in revision.modules,
    );
    if (target === undefined) {
      throw new SandboxFailure(
        'script-not-found',
        `script '${file}' requires '${request}', which is not part of the revision`,
        false,
      );
    }
    return loadModule(target);
  };
}

type Entry = (context: unknown, input: unknown, state: unknown) => unknown;

function entryOf(message: RunMessage): Entry {
  const { entry } = message;
  if (entry.kind === 'script') {
    const exported = loadModule(entry.file);
    const candidate =
      typeof exported === 'function' ? exported : (exported as { default?: unknown } | null)?.default;
    if (typeof candidate !== 'function') {
      throw new SandboxFailure(
        'invalid-config',
        `script '${entry.file}' does not export a default function (export default (context) => result)`,
        false,
      );
    }
    return (context) => (candidate as (context: unknown) => unknown)(context);
  }
  try {
    // The body starts on line 2 of the compiled text: stack traces are off by one line.
    const factory = compileFunction(
      `return async function inline(context, input, state) {\n${entry.body}\n}`,
      [],
      {
        filename: `/baton-ensembles/${revision?.ensemble}@${revision?.revision}/agents/${entry.agent}.code.js`,
      },
    );
    return factory() as Entry;
  } catch (error) {
    throw new SandboxFailure(
      'script-compile-error',
      `inline code of agent '${entry.agent}' does not compile: ${messageOf(error)}`,
      false,
    );
  }
}

/** The result as JSON text: `undefined` → null, bigints → numbers when safe (else text). */
function jsonText(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_key, item: unknown) => {
      if (typeof item !== 'bigint') return item;
      const number = Number(item);
      return Number.isSafeInteger(number) ? number : item.toString();
    });
  } catch (error) {
    throw new SandboxFailure(
      'invalid-output',
      `the output cannot be stored as JSON: ${messageOf(error)}`,
      false,
    );
  }
  return text === undefined ? 'null' : text;
}

async function run(message: RunMessage): Promise<void> {
  current = message.id;
  let answer: HostMessage;
  try {
    const context: Record<string, unknown> = { ...message.context, env: Object.freeze({ ...revision?.env }) };
    const value = await entryOf(message)(context, context.input, context.state);
    answer = { type: 'result', id: message.id, ok: true, json: jsonText(value) };
  } catch (error) {
    answer =
      error instanceof SandboxFailure
        ? {
            type: 'result',
            id: message.id,
            ok: false,
            code: error.code,
            message: error.message,
            retryable: error.retryable,
          }
        : {
            type: 'result',
            id: message.id,
            ok: false,
            code: 'script-error',
            message: messageOf(error),
            retryable: true,
          };
  }
  current = undefined;
  reply(answer);
}

/** Code that throws after its step returned, or outside any promise, ends the process: it may be in any state. */
function failCurrentAndExit(error: unknown): void {
  const exit = () => process.exit(70);
  if (current === undefined) return exit();
  reply(
    {
      type: 'result',
      id: current,
      ok: false,
      code: 'script-error',
      message: messageOf(error),
      retryable: true,
      final: true,
    },
    exit,
  );
}

closeOutwardApis();
process.on('uncaughtException', failCurrentAndExit);
process.on('unhandledRejection', failCurrentAndExit);
// The worker went away (or closed the channel): nothing more will come.
process.on('disconnect', () => process.exit(0));
process.on('message', (message: InitMessage | RunMessage) => {
  if (message.type === 'init') start(message);
  else if (message.type === 'run') void run(message);
});
