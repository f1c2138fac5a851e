/**
 * The link to a run's trace: `BATON_TRACE_URL` with `{traceId}` replaced, or a Jaeger UI base with
 * `/trace/<id>` added; none without a configured URL or a trace id.
 */
export function traceLink(template: string | null, traceId: string | null): string | undefined {
  if (!template || !traceId) return undefined;
  const id = encodeURIComponent(traceId);
  return template.includes('{traceId}')
    ? template.replaceAll('{traceId}', id)
    : `${template.replace(/\/+$/, '')}/trace/${id}`;
}
