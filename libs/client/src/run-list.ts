import type { RunFilter, RunListItem, RunPage } from './api-types';

/**
 * `runs.list(filter)`: await it for one page, or iterate it for every run across pages (newest
 * first, each page fetched when the previous one is used up); `pages()` iterates page by page.
 */
export class RunList implements PromiseLike<RunPage>, AsyncIterable<RunListItem> {
  private first: Promise<RunPage> | undefined;

  constructor(
    private readonly filter: RunFilter,
    private readonly fetchPage: (filter: RunFilter) => Promise<RunPage>,
  ) {}

  // The first page is asked for once, when it is first needed (awaited or iterated).
  private firstPage(): Promise<RunPage> {
    this.first ??= this.fetchPage(this.filter);
    return this.first;
  }

  then<A = RunPage, B = never>(
    onFulfilled?: ((page: RunPage) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.firstPage().then(onFulfilled, onRejected);
  }

  async *pages(): AsyncGenerator<RunPage, void, undefined> {
    let page = await this.firstPage();
    yield page;
    while (page.nextCursor !== null) {
      page = await this.fetchPage({ ...this.filter, cursor: page.nextCursor });
      // A server may hand out a cursor to an empty page: there is nothing to yield there.
      if (page.runs.length === 0) return;
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<RunListItem, void, undefined> {
    for await (const page of this.pages()) yield* page.runs;
  }
}
