import type { TriggerInfo } from '@baton/engine';
import type { ExecutionTrigger } from './index';

// A script sees exactly what the engine records: assignable both ways, or this file does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const triggersAgree: Same<ExecutionTrigger, TriggerInfo> = true;

describe('ExecutionTrigger', () => {
  it('is the trigger the engine records for a run (checked by the compiler)', () => {
    expect(triggersAgree).toBe(true);
  });
});
