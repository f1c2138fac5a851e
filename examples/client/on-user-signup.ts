/**
 * The playbook's signup handler (its "Database Triggers" and "Queue-Based Processing" sections),
 * written with @baton/client: where the application creates a user, it runs `on-user-signup`
 * (examples/ensembles/on-user-signup.yaml) and waits for the outcome.
 *
 *   const welcome = await onUserSignup({ id: 'u-42', email: 'Ada@Example.com', name: 'Ada' });
 */
import { Baton } from '@baton/client';

export interface NewUser {
  readonly id: string;
  readonly email: string;
  readonly name?: string;
}

/** The ensemble's `output`. */
export interface Welcome {
  readonly userId: string;
  readonly email: string;
  /** false when this user's signup had already been recorded (the handler ran twice). */
  readonly firstSignup: boolean;
  readonly welcome: string;
}

const baton = new Baton({
  url: process.env.BATON_URL ?? 'http://127.0.0.1:8080',
  apiKey: process.env.BATON_API_KEY,
});

export async function onUserSignup(user: NewUser, client: Baton = baton): Promise<Welcome> {
  const result = await client.execute<Welcome>(
    'on-user-signup',
    { user, source: 'web' },
    // One run per user however often the application reports the signup; 503s are sent again.
    { timeout: '30s', idempotencyKey: `signup-${user.id}`, retry: true },
  );
  if (!result.success || result.output === null) {
    throw new Error(
      `on-user-signup ${result.status} for user ${user.id}: ${result.error?.message ?? 'no output'}`,
    );
  }
  return result.output;
}
