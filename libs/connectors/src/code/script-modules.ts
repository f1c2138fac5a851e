/**
 * The code of an ensemble revision as a sandbox process loads it (sandbox/sandbox-host.ts): every
 * script file of the revision transpiled to CommonJS here, in the worker, by SWC (type-only syntax
 * such as `import type` is erased, so the types' package need not exist), JSON files as text, and a
 * file that does not compile as the message that says so. Each file's text comes from the revision
 * (`definition.files`), never from the disk, so a run executes exactly the code it was registered
 * with. Computed once per definition object.
 */
import { transformSync } from '@swc/core';
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { EnsembleDefinition } from '@baton/model';
import { failed, messageOf, OperationFailure } from '../outcome';
import type { SandboxModule } from './sandbox/sandbox-protocol';

export interface RevisionCode {
  readonly modules: Readonly<Record<string, SandboxModule>>;
  /** Changes with any file of the revision. */
  readonly digest: string;
}

const SCRIPT_EXTENSIONS = ['', '.ts', '.js'];
const CODE_FILE = /\.(ts|js|cjs|mjs|cts|mts)$/;

const cache = new WeakMap<EnsembleDefinition, RevisionCode>();

/** The file a `config.script` names: exactly, then with `.ts`, then with `.js`. */
export function resolveScriptFile(files: EnsembleDefinition['files'], path: string): string | undefined {
  const normalised = posix.normalize(path).replace(/^\.\//, '');
  return SCRIPT_EXTENSIONS.map((extension) => normalised + extension).find((candidate) => candidate in files);
}

/** The file of `config.script` in the revision, or the failure that lists what was tried. */
export function scriptFile(definition: EnsembleDefinition, revision: number, path: string): string {
  const file = resolveScriptFile(definition.files, path);
  if (file !== undefined) return file;
  throw new OperationFailure(
    failed(
      'script-not-found',
      `script '${path}' is not part of ensemble '${definition.name}' revision ${revision} (tried ${SCRIPT_EXTENSIONS.map((e) => path + e).join(', ')})`,
      { retryable: false },
    ),
  );
}

export function revisionCode(definition: EnsembleDefinition): RevisionCode {
  let code = cache.get(definition);
  if (code === undefined) {
    const modules: Record<string, SandboxModule> = {};
    for (const [file, text] of Object.entries(definition.files)) {
      if (CODE_FILE.test(file)) modules[file] = transpiled(file, text);
      else if (file.endsWith('.json')) modules[file] = { kind: 'json', text };
    }
    const digest = createHash('sha256').update(JSON.stringify(definition.files)).digest('hex');
    code = { modules, digest };
    cache.set(definition, code);
  }
  return code;
}

function transpiled(file: string, source: string): SandboxModule {
  try {
    const code = transformSync(source, {
      filename: file,
      swcrc: false,
      configFile: false,
      jsc: {
        parser: /\.[cm]?js$/.test(file) ? { syntax: 'ecmascript' } : { syntax: 'typescript' },
        target: 'es2023',
      },
      module: { type: 'commonjs' },
    }).code;
    return { kind: 'js', code };
  } catch (error) {
    return { kind: 'broken', message: `script '${file}' does not compile: ${messageOf(error)}` };
  }
}
