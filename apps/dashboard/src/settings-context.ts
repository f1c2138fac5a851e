import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PageSettings } from './settings';

export const SettingsContext = createContext<PageSettings>({ publicUrl: '', traceUrl: null });

export function usePageSettings(): PageSettings {
  return useContext(SettingsContext);
}
