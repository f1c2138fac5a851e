import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure } from './client';

export interface Resource<T> {
  readonly data: T | undefined;
  readonly error: ApiFailure | undefined;
  readonly loading: boolean;
  /** When the data was last fetched successfully. */
  readonly updatedAt: Date | undefined;
  readonly reload: () => void;
}

export interface ResourceOptions<T> {
  /** Fetch again every `pollMs` while the tab is visible (live updates). */
  readonly pollMs?: number;
  /** Stop polling once this holds (a run that has ended no longer changes). */
  readonly settled?: (data: T) => boolean;
  /**
   * While a new `key` loads, keep showing the data of the previous one (a longer list of the same
   * runs, say) instead of nothing, so the page neither flickers nor loses its scroll position.
   */
  readonly keepPrevious?: boolean;
}

/**
 * Data from the API for a component: fetched when `key` changes, polled while wanted and the tab
 * is visible, the last good data kept while a refresh fails (the error is shown beside it).
 */
export function useResource<T>(
  key: string,
  fetcher: (signal: AbortSignal) => Promise<T>,
  options: ResourceOptions<T> = {},
): Resource<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: ApiFailure; updatedAt?: Date }>({
    key,
  });
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const optionsRef = useRef(options);
  optionsRef.current = options;

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;

    const load = async () => {
      setLoading(true);
      try {
        const data = await fetcherRef.current(controller.signal);
        if (controller.signal.aborted) return;
        settled = optionsRef.current.settled?.(data) ?? false;
        setState({ key, data, updatedAt: new Date() });
      } catch (error) {
        if (controller.signal.aborted) return;
        const failure = error instanceof ApiFailure ? error : new ApiFailure(0, 'client', String(error));
        // A 4xx will not change by asking again (no such run, a bad key): stop until "Try again".
        if (failure.status >= 400 && failure.status < 500 && failure.status !== 429) settled = true;
        setState((previous) => ({ ...(previous.key === key ? previous : { key }), error: failure }));
      } finally {
        if (!controller.signal.aborted) {
          setLoading(false);
          schedule();
        }
      }
    };
    const schedule = () => {
      const pollMs = optionsRef.current.pollMs;
      if (pollMs === undefined || settled) return;
      timer = setTimeout(() => {
        timer = undefined;
        if (document.hidden) schedule();
        else void load();
      }, pollMs);
    };
    // Back on the tab: refresh at once rather than at the end of the current interval.
    const onVisible = () => {
      if (!document.hidden && timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
        void load();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    void load();
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const current = state.key === key || options.keepPrevious ? state : { key };
  return { data: current.data, error: current.error, updatedAt: current.updatedAt, loading, reload };
}
