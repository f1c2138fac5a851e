import { PageHeader } from './ui/Section';
import { EmptyState } from './ui/States';
import { useTitle } from './ui/use-title';

export function NotFoundPage() {
  useTitle('Not found');
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState title="There is no page at this address.">
        <a href="/runs">See the runs</a> or <a href="/ensembles">the ensembles</a>.
      </EmptyState>
    </>
  );
}
