import { useMemo, useState } from 'preact/hooks';
import { useApi } from '../api/api-context';
import type { EnsembleDetail } from '../api/types';
import { useResource } from '../api/use-resource';
import { ErrorNotice, Loading } from '../ui/States';
import { definitionYaml, lineDiff } from './definition-text';

/** What changed between two revisions (the previous and the latest unless others are picked). */
export function RevisionDiff({ name, revisions }: { name: string; revisions: readonly number[] }) {
  const api = useApi();
  const latest = revisions.at(-1) ?? 0;
  const [from, setFrom] = useState(revisions.at(-2) ?? latest);
  const [to, setTo] = useState(latest);
  const fetchRevision = (revision: number, signal: AbortSignal) =>
    api.get<EnsembleDetail>(`/api/ensembles/${encodeURIComponent(name)}/revisions/${revision}`, signal);
  const pair = useResource(`diff:${name}:${from}:${to}`, async (signal) =>
    Promise.all([fetchRevision(from, signal), fetchRevision(to, signal)]),
  );
  const rows = useMemo(
    () =>
      pair.data
        ? lineDiff(definitionYaml(pair.data[0].definition), definitionYaml(pair.data[1].definition))
        : [],
    [pair.data],
  );

  if (revisions.length < 2) {
    return (
      <p class="muted">Only one revision so far ({latest}): a change to the definition adds the next.</p>
    );
  }
  const picker = (label: string, value: number, set: (n: number) => void) => (
    <label class="field field-inline">
      <span class="field-label">{label}</span>
      <select value={String(value)} onChange={(event) => set(Number(event.currentTarget.value))}>
        {revisions.map((r) => (
          <option key={r} value={String(r)}>
            {r}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <>
      <div class="filters filters-flat">
        {picker('Compare revision', from, setFrom)}
        {picker('with', to, setTo)}
        <span class="muted small">
          {revisions.length} revisions: {revisions.join(', ')}
        </span>
      </div>
      {pair.error && (
        <ErrorNotice title="Could not load the revisions" failure={pair.error} onRetry={pair.reload} />
      )}
      {!pair.data && !pair.error && <Loading what="the revisions" />}
      {pair.data &&
        (rows.length === 0 ? (
          <p class="muted">
            Revisions {from} and {to} define the same ensemble.
          </p>
        ) : (
          <div class="diff" role="table" aria-label={`Changes from revision ${from} to ${to}`}>
            {rows.map((row, index) =>
              row.kind === 'gap' ? (
                <div key={index} class="diff-row diff-gap" role="row">
                  <span role="cell">{row.text}</span>
                </div>
              ) : (
                <div key={index} class={`diff-row diff-${row.kind}`} role="row">
                  <span class="diff-no" role="cell">
                    {row.oldLine ?? ''}
                  </span>
                  <span class="diff-no" role="cell">
                    {row.newLine ?? ''}
                  </span>
                  <span class="diff-sign" role="cell" aria-label={row.kind}>
                    {row.kind === 'added' ? '+' : row.kind === 'removed' ? '−' : ' '}
                  </span>
                  <span class="diff-text" role="cell">
                    {row.text}
                  </span>
                </div>
              ),
            )}
          </div>
        ))}
    </>
  );
}
