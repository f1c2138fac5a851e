import { useMemo, useState } from 'preact/hooks';
import { useApi } from '../api/api-context';
import type { EnsembleDetail } from '../api/types';
import { useResource } from '../api/use-resource';
import { Code } from '../ui/Code';
import { Section } from '../ui/Section';
import { ErrorNotice, Loading } from '../ui/States';
import { languageOfPath } from '../ui/highlight';
import { carriedFiles, definitionYaml } from './definition-text';

/** The definition of one revision (the latest unless another is picked), highlighted, with its files. */
export function DefinitionView({
  name,
  latest,
  revisions,
}: {
  name: string;
  latest: EnsembleDetail;
  revisions: readonly number[];
}) {
  const api = useApi();
  const [revision, setRevision] = useState(latest.revision);
  const other = useResource(`revision:${name}:${revision}`, (signal) =>
    revision === latest.revision
      ? Promise.resolve(latest)
      : api.get<EnsembleDetail>(`/api/ensembles/${encodeURIComponent(name)}/revisions/${revision}`, signal),
  );
  const shown = other.data;
  const text = useMemo(() => (shown ? definitionYaml(shown.definition) : ''), [shown]);
  const files = useMemo(() => (shown ? carriedFiles(shown.definition) : []), [shown]);

  return (
    <Section
      title="Definition"
      id="definition"
      actions={
        revisions.length > 1 && (
          <label class="field field-inline">
            <span class="field-label">Revision</span>
            <select
              value={String(revision)}
              onChange={(event) => setRevision(Number(event.currentTarget.value))}
            >
              {[...revisions].reverse().map((r) => (
                <option key={r} value={String(r)}>
                  {r}
                  {r === latest.revision ? ' (latest)' : ''}
                </option>
              ))}
            </select>
          </label>
        )
      }
    >
      {other.error && (
        <ErrorNotice
          title={`Could not load revision ${revision}`}
          failure={other.error}
          onRetry={other.reload}
        />
      )}
      {!shown && !other.error && <Loading what={`revision ${revision}`} />}
      {shown && (
        <>
          {shown.definition.source && <p class="muted small">Loaded from {shown.definition.source}</p>}
          <Code text={text} language="yaml" label={`Definition of ${name}, revision ${revision}`} />
          {files.map((file) => (
            <details key={file.path} class="file">
              <summary class="mono">{file.path}</summary>
              <Code text={file.text} language={languageOfPath(file.path)} label={file.path} />
            </details>
          ))}
        </>
      )}
    </Section>
  );
}
