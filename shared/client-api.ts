// What the renderer sees of a host: one function per call of shared/api.ts,
// each resolving to the Result envelope (never throwing), plus push events.
// The Electron preload and the web client in renderer/ both implement it, so
// the renderer never knows which host it has.
import type { CallInput, CallName, CallOutputs, CoreEvent, Result } from './api.ts';

export type RaadsmapCalls = { [C in CallName]: (input: CallInput<C>) => Promise<Result<CallOutputs[C]>> };

export interface RaadsmapClient extends RaadsmapCalls {
  /** Subscribes to core events (progress, library changed); returns the unsubscribe function. */
  onEvent(listener: (event: CoreEvent) => void): () => void;
}
