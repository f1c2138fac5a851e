/** A labelled select whose first option means "any"; `keep` stays listed even when not offered. */
export function Select({
  label,
  value,
  options,
  onChange,
  anyLabel = 'All',
  keep,
}: {
  label: string;
  value: string | undefined;
  options: ReadonlyArray<readonly [string, string]>;
  onChange: (value: string | undefined) => void;
  anyLabel?: string;
  keep?: string;
}) {
  const listed = keep && !options.some(([v]) => v === keep) ? [[keep, keep] as const, ...options] : options;
  return (
    <label class="field field-inline">
      <span class="field-label">{label}</span>
      <select
        value={value ?? ''}
        onChange={(event) =>
          onChange(event.currentTarget.value === '' ? undefined : event.currentTarget.value)
        }
      >
        <option value="">{anyLabel}</option>
        {listed.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
