import type { ComponentType } from 'preact';

/**
 * What a screen receives and what a lazy screen chunk exports. Kept apart from the route table
 * (src/ui/routes.tsx), which imports the screens: screens import these types from here, so no screen imports
 * the route table and the two never import each other.
 */
export interface ScreenProps {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
}
export type ScreenModule = { default: ComponentType<ScreenProps> };
export type TabId = 'home' | 'persons' | 'records' | 'me';
