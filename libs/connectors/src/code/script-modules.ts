/**
 * Loads the `scripts/…` files of an ensemble revision as CommonJS modules, in this process.
 *
 * Scripts are trusted code written by the ensemble's author (as in Conductor or Inngest): they run
 * with the worker's privileges, unlike expressions, which are sandboxed. Each file's text comes from
 * the revision (`definition.files`), never from the disk, so a run executes exactly the code it
 * was registered with. TypeScript is transpiled by SWC (type-only syntax such as `import type` is
 * erased, so the types' package need not exist) and compiled with `vm.compileFunction` in the
 * main context, once per (ensemble, revision, path).
 *
 * `require` inside a script resolves `./x` and `../x` against the revision's other files (`.ts`,
 * `.js`, `/index.ts`, `/index.js` tried in turn) and anything else as the worker itself would
 * (Node built-ins and the worker's installed packages).
 */
import { transformSync } from '@swc/core';
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import { compileFunction } from 'node:vm';
import { BoundedCache } from '../bounded-cache';
import { failed, messageOf, OperationFailure } from '../outcome';

export interface ScriptRevision {
  readonly ensemble: string;
  readonly revision: number;
  /** Path (relative to the ensembles directory) → text. */
  readonly files: { readonly [path: string]: string };
}

interface LoadedModule {
  readonly source: string;
  readonly module: { exports: unknown };
}

const MODULE_CACHE_CAPACITY = 1000;
const modules = new BoundedCache<string, LoadedModule>(MODULE_CACHE_CAPACITY);
const requireFromWorker = createRequire(__filename);
const SCRIPT_EXTENSIONS = ['', '.ts', '.js'];
const RELATIVE_EXTENSIONS = ['', '.ts', '.js', '/index.ts', '/index.js'];

/** The file a `config.script` names: exactly, then with `.ts`, then with `.js`. */
export function resolveScriptFile(files: ScriptRevision['files'], path: string): string | undefined {
  const normalised = posix.normalize(path).replace(/^\.\//, '');
  return SCRIPT_EXTENSIONS.map((extension) => normalised + extension).find((candidate) => candidate in files);
}

/** The default export of the script at `path` (a function, or the failure that explains why not). */
export function scriptEntryPoint(revision: ScriptRevision, path: string): (context: unknown) => unknown {
  const file = resolveScriptFile(revision.files, path);
  if (file === undefined) {
    throw new OperationFailure(
      failed(
        'script-not-found',
        `script '${path}' is not part of ensemble '${revision.ensemble}' revision ${revision.revision} (tried ${SCRIPT_EXTENSIONS.map((e) => path + e).join(', ')})`,
        {
          retryable: false,
        },
      ),
    );
  }
  const exported = loadModule(revision, file);
  const entry = defaultExport(exported);
  if (typeof entry !== 'function') {
    throw new OperationFailure(
      failed(
        'invalid-config',
        `script '${file}' does not export a default function (export default (context) => result)`,
        {
          retryable: false,
        },
      ),
    );
  }
  return entry as (context: unknown) => unknown;
}

function defaultExport(exported: unknown): unknown {
  if (typeof exported === 'function') return exported; // module.exports = (context) => …
  return (exported as { default?: unknown } | null)?.default;
}

function loadModule(revision: ScriptRevision, file: string): unknown {
  const source = revision.files[file] ?? '';
  const key = `${revision.ensemble}\u0000${revision.revision}\u0000${file}`;
  const cached = modules.get(key);
  // The source check only matters when two definitions claim the same revision (tests, a reset store).
  if (cached && cached.source === source) return cached.module.exports;

  const code = transpile(file, source);
  const filename = `/baton-ensembles/${revision.ensemble}@${revision.revision}/${file}`;
  const module: { exports: unknown } = { exports: {} };
  // Cached before it runs so that circular requires see the partial exports, as in Node.
  modules.set(key, { source, module });
  try {
    const wrapper = compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], {
      filename,
    });
    wrapper.call(
      module.exports,
      module.exports,
      scriptRequire(revision, file),
      module,
      filename,
      posix.dirname(filename),
    );
  } catch (error) {
    modules.delete(key);
    if (error instanceof OperationFailure) throw error;
    throw new OperationFailure(
      failed('script-error', `loading script '${file}' failed: ${messageOf(error)}`, { retryable: false }),
    );
  }
  return module.exports;
}

function transpile(file: string, source: string): string {
  try {
    return transformSync(source, {
      filename: file,
      swcrc: false,
      configFile: false,
      jsc: {
        parser: file.endsWith('.js') ? { syntax: 'ecmascript' } : { syntax: 'typescript' },
        target: 'es2023',
      },
      module: { type: 'commonjs' },
    }).code;
  } catch (error) {
    throw new OperationFailure(
      failed('script-compile-error', `script '${file}' does not compile: ${messageOf(error)}`, {
        retryable: false,
      }),
    );
  }
}

function scriptRequire(revision: ScriptRevision, file: string): (request: string) => unknown {
  return (request: string) => {
    if (!request.startsWith('./') && !request.startsWith('../')) return requireFromWorker(request);
    const base = posix.join(posix.dirname(file), request);
    const target = RELATIVE_EXTENSIONS.map((extension) => base + extension).find(
      (candidate) => candidate in revision.files,
    );
    if (target === undefined) {
      throw new OperationFailure(
        failed(
          'script-not-found',
          `script '${file}' requires '${request}', which is not part of the revision`,
          { retryable: false },
        ),
      );
    }
    return loadModule(revision, target);
  };
}
