import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from './client';

export const ApiContext = createContext<ApiClient | undefined>(undefined);

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiContext.Provider>');
  return api;
}
