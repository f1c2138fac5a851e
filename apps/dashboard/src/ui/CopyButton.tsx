import { useState } from 'preact/hooks';

/** Copies a value (a webhook URL, a run id) and says so for a moment. */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(value);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <button
      type="button"
      class="button button-small button-quiet"
      onClick={() => void copy().catch(() => setCopied(false))}
    >
      {copied ? 'Copied' : label}
    </button>
  );
}
