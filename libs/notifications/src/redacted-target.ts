import { REDACTED, type SecretSet } from '@baton/expressions';

/** Query parameters whose values are credentials often enough to never store them. */
const CREDENTIAL_PARAMETER = /token|key|secret|sig|password|passwd|auth|credential|session/i;

/**
 * Where a webhook went, as the delivery log may keep it: no user info, credential-like query values
 * replaced, and every secret the notification read (a URL from `${env.X}`) redacted.
 */
export function redactedTarget(url: string, secrets: SecretSet): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return secrets.redact(url);
  }
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (CREDENTIAL_PARAMETER.test(name)) parsed.searchParams.set(name, REDACTED);
  }
  return secrets.redact(parsed.toString());
}
