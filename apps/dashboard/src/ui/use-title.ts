import { useEffect } from 'preact/hooks';

/** The tab's title follows the page (history, bookmarks and screen readers name it). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Baton`;
  }, [title]);
}
