/**
 * The messages between the worker and a sandbox process (Node IPC, JSON). The host only imports
 * these as types, so it stays a file Node can run on its own.
 */

/** A file of the revision as the sandbox loads it: JavaScript (scripts are transpiled by the worker), JSON, or why it does not compile. */
export type SandboxModule =
  | { readonly kind: 'js'; readonly code: string }
  | { readonly kind: 'json'; readonly text: string }
  | { readonly kind: 'broken'; readonly message: string };

/** Sent once, right after the process starts: what every call of this revision may use. */
export interface InitMessage {
  readonly type: 'init';
  readonly ensemble: string;
  readonly revision: number;
  /** Exactly the variables the ensemble's expressions name: the process environment becomes this. */
  readonly env: Readonly<Record<string, string>>;
  readonly modules: Readonly<Record<string, SandboxModule>>;
}

export type SandboxEntry =
  | { readonly kind: 'script'; readonly file: string }
  | { readonly kind: 'inline'; readonly agent: string; readonly body: string };

export interface RunMessage {
  readonly type: 'run';
  readonly id: number;
  readonly entry: SandboxEntry;
  /** `input`, `state`, `execution`, `ensemble`; the host adds `env`. */
  readonly context: Readonly<Record<string, unknown>>;
}

export type SandboxFailureCode =
  'script-error' | 'script-compile-error' | 'script-not-found' | 'invalid-config' | 'invalid-output';

export type ResultMessage =
  | { readonly type: 'result'; readonly id: number; readonly ok: true; readonly json: string }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly ok: false;
      readonly code: SandboxFailureCode;
      readonly message: string;
      readonly retryable: boolean;
      /** The process ends after this answer (the code left it in an unknown state). */
      readonly final?: boolean;
    };

export type HostMessage = { readonly type: 'ready' } | ResultMessage;
export type WorkerMessage = InitMessage | RunMessage;
