// What the app (Mijn gegevens → Beveiliging) sees of the vault gate: the
// store's status as the gate knows it, a way to hand it a newer status a call
// returned, and "lock now", which the gate does itself: it first closes the
// app (whose pending saves go out as it closes), then locks the store.
import { createContext, useContext } from 'react';
import type { VaultStatus } from '../../../shared/api.ts';

export interface Vault {
  status: VaultStatus;
  update(status: VaultStatus): void;
  lock(): void;
}

export const VaultContext = createContext<Vault | null>(null);

/** The gate's vault; null outside a gate. */
export const useVault = () => useContext(VaultContext);
