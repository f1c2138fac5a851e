import { PageHeader } from './ui/Section';
import { EmptyState } from './ui/States';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState title="There is no page at this address.">
        <a href="/runs">See the runs</a> or <a href="/ensembles">the ensembles</a>.
      </EmptyState>
    </>
  );
}
