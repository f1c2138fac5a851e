import type { ComponentChildren } from 'preact';

/** A titled card of a page; `actions` sit at the right of its title. */
export function Section({
  title,
  id,
  actions,
  children,
  flush = false,
}: {
  title: string;
  id?: string;
  actions?: ComponentChildren;
  children: ComponentChildren;
  /** Content that runs to the card's edges (tables). */
  flush?: boolean;
}) {
  const headingId = `${id ?? title.toLowerCase().replace(/\W+/g, '-')}-title`;
  return (
    <section class="card" id={id} aria-labelledby={headingId}>
      <header class="card-header">
        <h2 id={headingId}>{title}</h2>
        {actions && <div class="card-actions">{actions}</div>}
      </header>
      <div class={flush ? 'card-body card-body-flush' : 'card-body'}>{children}</div>
    </section>
  );
}

/** The title row of a page. */
export function PageHeader({
  title,
  eyebrow,
  children,
  actions,
}: {
  title: ComponentChildren;
  eyebrow?: ComponentChildren;
  children?: ComponentChildren;
  actions?: ComponentChildren;
}) {
  return (
    <header class="page-header">
      <div class="page-title">
        {eyebrow && <div class="eyebrow">{eyebrow}</div>}
        <h1>{title}</h1>
        {children && <div class="page-subtitle">{children}</div>}
      </div>
      {actions && <div class="page-actions">{actions}</div>}
    </header>
  );
}
