/**
 * Where the page keeps the API key it was given: for this tab only (sessionStorage) unless the user
 * asks to be remembered on this device (localStorage). Never in the URL, never in a cookie.
 */
const KEY = 'baton.apiKey';

export interface StoredKey {
  readonly key: string;
  readonly remembered: boolean;
}

export function storedApiKey(): StoredKey | undefined {
  const session = sessionStorage.getItem(KEY);
  if (session) return { key: session, remembered: false };
  const local = localStorage.getItem(KEY);
  return local ? { key: local, remembered: true } : undefined;
}

export function storeApiKey(key: string, remember: boolean): void {
  forgetApiKey();
  (remember ? localStorage : sessionStorage).setItem(KEY, key);
}

export function forgetApiKey(): void {
  sessionStorage.removeItem(KEY);
  localStorage.removeItem(KEY);
}
