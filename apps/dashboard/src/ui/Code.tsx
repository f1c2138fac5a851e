import { highlighted, type Language } from './highlight';

/** Highlighted source text (highlight.js escapes the text before it adds its spans). */
export function Code({ text, language, label }: { text: string; language: Language; label?: string }) {
  return (
    <pre class="code" tabIndex={0} aria-label={label}>
      <code
        class={`hljs language-${language}`}
        dangerouslySetInnerHTML={{ __html: highlighted(text, language) }}
      />
    </pre>
  );
}

/** A JSON value, pretty-printed; `null` and absent values say so. */
export function JsonView({
  value,
  label,
  empty = 'none',
}: {
  value: unknown;
  label?: string;
  empty?: string;
}) {
  if (value === undefined || value === null) return <p class="muted">{empty}</p>;
  return <Code text={JSON.stringify(value, null, 2)} language="json" label={label} />;
}
