// What every host holds: a vault Session (vault/session.ts) that opens its
// store with createCore (index.ts). Joined here, not in the session, so the
// vault depends on the core's types only and the core never on the vault.
import { createCore } from './index.ts';
import { createSession, type Session, type SessionPorts } from './vault/session.ts';

export type { Session, SessionPorts };

export function openSession(ports: SessionPorts): Session {
  return createSession(ports, createCore);
}
