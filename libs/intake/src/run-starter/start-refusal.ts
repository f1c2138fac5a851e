/**
 * Why a start was refused, as a value with a code: the caller maps it to its own answer (ingress:
 * 404, 422, 503 with Retry-After; a worker's queue send: a failed attempt that is not retried).
 * Nothing was claimed or published when a start is refused.
 */
import type { AdmissionRefusal, InputProblem } from './start-ports';

export type StartRefusal =
  | { readonly code: 'unknown-ensemble'; readonly message: string; readonly ensemble: string }
  | {
      readonly code: 'invalid-input';
      readonly message: string;
      readonly ensemble: string;
      readonly problems: readonly InputProblem[];
    }
  | ({ readonly code: 'backlog-full'; readonly message: string } & AdmissionRefusal);

export function unknownEnsemble(ensemble: string): StartRefusal {
  return { code: 'unknown-ensemble', message: `no ensemble named '${ensemble}'`, ensemble };
}

export function invalidInput(ensemble: string, problems: readonly InputProblem[]): StartRefusal {
  const listed = problems.map((problem) => `${problem.path} ${problem.message}`).join('; ');
  return {
    code: 'invalid-input',
    message: `input does not match the input schema of '${ensemble}': ${listed}`,
    ensemble,
    problems,
  };
}

export function backlogFull(refusal: AdmissionRefusal): StartRefusal {
  return {
    code: 'backlog-full',
    message:
      `too many runs are waiting to start (${refusal.backlog}, the limit is ${refusal.limit}): ` +
      `nothing was accepted; send it again in ${refusal.retryAfterSeconds} s`,
    ...refusal,
  };
}
