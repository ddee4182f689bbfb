import { createStore } from 'zustand/vanilla';

/**
 * What the update prompt shows (data, rendered by ReloadPrompt):
 *
 *   none ──new worker waiting──▶ available ──更新──▶ updating ──controlling──▶ (page reloads)
 *                                   ▲    └──稍后──▶ dismissed          │
 *                                   └──────────── no control in time ──┘
 *   none/available ──another tab took the update──▶ reload-needed
 */
export type UpdateState =
  | { readonly kind: 'none' }
  | { readonly kind: 'available' }
  | { readonly kind: 'dismissed' }
  | { readonly kind: 'updating' }
  /** Another tab accepted the update: this page runs the old code under the new worker until reloaded. */
  | { readonly kind: 'reload-needed' };

export const updateStore = createStore<UpdateState>(() => ({ kind: 'none' }));

export function setUpdateState(state: UpdateState): void {
  updateStore.setState(state, true);
}
