import type { ComponentChildren } from 'preact';
import type { ApiFailure } from '../api/client';

export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty" role="status">
      <svg class="empty-icon" viewBox="0 0 24 24" aria-hidden="true">
        <path d="M4 6h16M4 12h10M4 18h7" />
      </svg>
      <p class="empty-title">{title}</p>
      {children && <div class="empty-text">{children}</div>}
    </div>
  );
}

/** An error said plainly, with what the server answered and a way to try again. */
export function ErrorNotice({
  failure,
  title = 'Something went wrong',
  onRetry,
}: {
  failure: ApiFailure | string;
  title?: string;
  onRetry?: () => void;
}) {
  const text = typeof failure === 'string' ? failure : failure.describe();
  return (
    <div class="notice notice-error" role="alert">
      <div>
        <strong>{title}</strong>
        <p>{text}</p>
      </div>
      {onRetry && (
        <button type="button" class="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <div class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      Loading {what}…
    </div>
  );
}
