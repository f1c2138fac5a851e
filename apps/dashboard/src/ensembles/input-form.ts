/**
 * The "start a run" form, planned from the ensemble's input JSON Schema: one field per top-level
 * property the page can edit as a plain control, JSON text for the rest, and all-JSON when the
 * schema does not describe an object. The server validates the input again (422 with details).
 */

export type FieldKind = 'text' | 'number' | 'integer' | 'boolean' | 'choice' | 'json';

export interface FormField {
  readonly name: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly description?: string;
  /** `email`, `date`, `uri`, … for text fields (the browser's own input types where they exist). */
  readonly format?: string;
  /** A choice's values, as JSON text. */
  readonly choices?: readonly string[];
  /** The field's starting value: the schema's default, as the control holds it. */
  readonly initial: string | boolean;
}

export type FormPlan =
  | { readonly mode: 'fields'; readonly fields: readonly FormField[] }
  | { readonly mode: 'json'; readonly initial: string };

type Schema = Record<string, unknown>;

export function formPlan(schema: unknown): FormPlan {
  const root = asSchema(schema);
  const properties = asSchema(root?.properties);
  if (!root || typeOf(root) !== 'object' || !properties || Object.keys(properties).length === 0) {
    const initial = root && 'default' in root ? root.default : {};
    return { mode: 'json', initial: JSON.stringify(initial, null, 2) };
  }
  const required = new Set(Array.isArray(root.required) ? root.required.map(String) : []);
  const fields = Object.entries(properties).map(([name, raw]) =>
    field(name, asSchema(raw) ?? {}, required.has(name)),
  );
  return { mode: 'fields', fields };
}

export type FormValues = Readonly<Record<string, string | boolean>>;

export type InputResult =
  | { readonly ok: true; readonly input: Record<string, unknown> }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/** The run input from the controls' values, or what is wrong with each field. */
export function inputFromFields(fields: readonly FormField[], values: FormValues): InputResult {
  const input: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = values[field.name] ?? field.initial;
    if (field.kind === 'boolean') {
      input[field.name] = value === true;
      continue;
    }
    const text = String(value);
    if (text.trim() === '') {
      if (field.required) errors[field.name] = 'required';
      continue;
    }
    const parsed = parseField(field, field.kind === 'text' ? text : text.trim());
    if (parsed.ok) input[field.name] = parsed.value;
    else errors[field.name] = parsed.message;
  }
  return Object.keys(errors).length === 0 ? { ok: true, input } : { ok: false, errors };
}

/** The whole input as JSON text. */
export function inputFromJson(text: string): { ok: true; input: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, input: JSON.parse(text.trim() === '' ? '{}' : text) };
  } catch (error) {
    return { ok: false, message: `not valid JSON: ${(error as Error).message}` };
  }
}

function field(name: string, schema: Schema, required: boolean): FormField {
  const description = typeof schema.description === 'string' ? schema.description : undefined;
  const base = { name, required, ...(description ? { description } : {}) };
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const choices = schema.enum.map((value) => JSON.stringify(value));
    return {
      ...base,
      kind: 'choice',
      choices,
      initial: 'default' in schema ? JSON.stringify(schema.default) : '',
    };
  }
  const type = typeOf(schema);
  const initial = (value: unknown) => (value === undefined || value === null ? '' : String(value));
  switch (type) {
    case 'string':
      return {
        ...base,
        kind: 'text',
        ...(typeof schema.format === 'string' ? { format: schema.format } : {}),
        initial: initial(schema.default),
      };
    case 'number':
    case 'integer':
      return { ...base, kind: type, initial: initial(schema.default) };
    case 'boolean':
      return { ...base, kind: 'boolean', initial: schema.default === true };
    default:
      return {
        ...base,
        kind: 'json',
        initial: 'default' in schema ? JSON.stringify(schema.default, null, 2) : '',
      };
  }
}

function parseField(
  field: FormField,
  text: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  switch (field.kind) {
    case 'number':
    case 'integer': {
      const value = Number(text);
      if (!Number.isFinite(value)) return { ok: false, message: 'must be a number' };
      if (field.kind === 'integer' && !Number.isInteger(value))
        return { ok: false, message: 'must be a whole number' };
      return { ok: true, value };
    }
    case 'choice':
    case 'json': {
      const parsed = inputFromJson(text);
      return parsed.ok ? { ok: true, value: parsed.input } : { ok: false, message: parsed.message };
    }
    default:
      return { ok: true, value: text };
  }
}

/** `type`, or the first non-null of a `type` list (`["string", "null"]`). */
function typeOf(schema: Schema): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null') as string | undefined;
  return schema.properties ? 'object' : undefined;
}

function asSchema(value: unknown): Schema | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : undefined;
}
