import { useLocation } from 'preact-iso';
import { useMemo, useState } from 'preact/hooks';
import { useApi } from '../api/api-context';
import { ApiFailure } from '../api/client';
import { formPlan, inputFromFields, inputFromJson, type FormField, type FormValues } from './input-form';

/** A form generated from the ensemble's input schema; JSON text for what a control cannot hold. */
export function StartRunForm({ ensemble, schema }: { ensemble: string; schema: unknown }) {
  const api = useApi();
  const location = useLocation();
  const plan = useMemo(() => formPlan(schema), [schema]);
  const [asJson, setAsJson] = useState(plan.mode === 'json');
  const [values, setValues] = useState<FormValues>({});
  const [json, setJson] = useState(plan.mode === 'json' ? plan.initial : '{}');
  const [fieldErrors, setFieldErrors] = useState<Readonly<Record<string, string>>>({});
  const [failure, setFailure] = useState<{ message: string; issues: string[] } | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    let input: unknown;
    if (asJson || plan.mode === 'json') {
      const parsed = inputFromJson(json);
      if (!parsed.ok) return setFailure({ message: parsed.message, issues: [] });
      input = parsed.input;
    } else {
      const built = inputFromFields(plan.fields, values);
      setFieldErrors(built.ok ? {} : built.errors);
      if (!built.ok) return;
      input = built.input;
    }
    setBusy(true);
    try {
      const { runId } = await api.post<{ runId: string }>(
        `/api/ensembles/${encodeURIComponent(ensemble)}/runs`,
        input,
      );
      location.route(`/runs/${encodeURIComponent(runId)}`);
    } catch (error) {
      const apiFailure = error as ApiFailure;
      const issues = issuesOf(apiFailure);
      const message =
        issues.length > 0 ? 'The input does not match the ensemble’s input schema:' : apiFailure.describe();
      setFailure({ message, issues });
    } finally {
      setBusy(false);
    }
  };

  const switchToJson = () => {
    if (plan.mode === 'fields') {
      const built = inputFromFields(plan.fields, values);
      if (built.ok) setJson(JSON.stringify(built.input, null, 2));
    }
    setAsJson(!asJson);
  };

  return (
    <form
      class="start-form"
      onSubmit={(event) => void submit(event)}
      aria-label={`Start a run of ${ensemble}`}
      noValidate
    >
      {plan.mode === 'fields' && !asJson ? (
        plan.fields.map((field) => (
          <Field
            key={field.name}
            field={field}
            value={values[field.name] ?? field.initial}
            error={fieldErrors[field.name]}
            onChange={(value) => setValues({ ...values, [field.name]: value })}
          />
        ))
      ) : (
        <label class="field">
          <span class="field-label">Input (JSON)</span>
          <textarea
            class="mono"
            rows={8}
            spellcheck={false}
            value={json}
            onInput={(event) => setJson(event.currentTarget.value)}
          />
        </label>
      )}
      {failure && (
        <div class="notice notice-error" role="alert">
          <div>
            <strong>The run was not started</strong>
            <p>{failure.message}</p>
            {failure.issues.length > 0 && (
              <ul class="issues">
                {failure.issues.map((issue) => (
                  <li key={issue}>{issue}</li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
      <div class="actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? 'Starting…' : 'Start run'}
        </button>
        {plan.mode === 'fields' && (
          <button type="button" class="button button-quiet" onClick={switchToJson}>
            {asJson ? 'Use the form' : 'Edit as JSON'}
          </button>
        )}
      </div>
    </form>
  );
}

function Field({
  field,
  value,
  error,
  onChange,
}: {
  field: FormField;
  value: string | boolean;
  error: string | undefined;
  onChange: (value: string | boolean) => void;
}) {
  const id = `input-${field.name}`;
  const described =
    [field.description ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') ||
    undefined;
  const common = {
    id,
    name: field.name,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': described,
  };
  let control;
  if (field.kind === 'boolean') {
    return (
      <div class="field">
        <label class="checkbox">
          <input
            type="checkbox"
            {...common}
            checked={value === true}
            onChange={(e) => onChange(e.currentTarget.checked)}
          />
          <span class="mono">{field.name}</span>
        </label>
        {field.description && (
          <span id={`${id}-help`} class="field-help">
            {field.description}
          </span>
        )}
      </div>
    );
  }
  if (field.kind === 'choice') {
    control = (
      <select {...common} value={String(value)} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{field.required ? 'Choose…' : '(none)'}</option>
        {field.choices?.map((choice) => (
          <option key={choice} value={choice}>
            {displayChoice(choice)}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === 'json') {
    control = (
      <textarea
        {...common}
        class="mono"
        rows={3}
        spellcheck={false}
        placeholder="JSON"
        value={String(value)}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
    );
  } else {
    control = (
      <input
        {...common}
        type="text"
        inputMode={inputMode(field)}
        value={String(value)}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
    );
  }
  return (
    <div class="field">
      <label class="field-label" for={id}>
        <span class="mono">{field.name}</span>
        {field.required && (
          <span class="required" aria-label="required">
            {' '}
            *
          </span>
        )}
        <span class="field-kind">{field.kind === 'json' ? 'JSON' : field.kind}</span>
      </label>
      {control}
      {field.description && (
        <span id={`${id}-help`} class="field-help">
          {field.description}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} class="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** The keyboard a phone shows; the value is checked here and again by the server. */
function inputMode(field: FormField): 'email' | 'url' | 'numeric' | 'decimal' | undefined {
  if (field.kind === 'integer') return 'numeric';
  if (field.kind === 'number') return 'decimal';
  return field.format === 'email' ? 'email' : field.format === 'uri' ? 'url' : undefined;
}

function displayChoice(json: string): string {
  const value = JSON.parse(json) as unknown;
  return typeof value === 'string' ? value : json;
}

/** The lines of a 422's details (schema errors with their paths), when the API sent any. */
function issuesOf(failure: ApiFailure): string[] {
  if (!(failure instanceof ApiFailure) || !failure.details) return [];
  const details = failure.details as { errors?: unknown; issues?: unknown };
  const list = Array.isArray(details.errors)
    ? details.errors
    : Array.isArray(details.issues)
      ? details.issues
      : [];
  return list.map((issue) => {
    const i = issue as { path?: unknown; instancePath?: unknown; message?: unknown; text?: unknown };
    if (typeof i.text === 'string') return i.text;
    const where =
      typeof i.path === 'string' ? i.path : typeof i.instancePath === 'string' ? i.instancePath : '';
    return `${where ? `${where}: ` : ''}${String(i.message ?? JSON.stringify(issue))}`;
  });
}
