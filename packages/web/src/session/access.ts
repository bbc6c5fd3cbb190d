import type { Capabilities, Capability } from '../api/types';
import { useAuthed } from './SessionContext';

/** What the web does with one of the server's capability verdicts (GET /me `capabilities`). */
export interface Access {
  /**
   * The page, nav entry or control is shown: only the role hides it. A pending account still sees
   * what it will be allowed once activated (with its activation banner), just not enabled.
   */
  shown: boolean;
  /** Actions are enabled: the server would accept them now. */
  allowed: boolean;
}

/** The server alone decides; the web never compares roles or account states for access. */
export function accessOf(capabilities: Capabilities, name: Capability): Access {
  const verdict = capabilities[name];
  return { shown: verdict.reason !== 'role', allowed: verdict.allowed };
}

export function useAccess(name: Capability): Access {
  return accessOf(useAuthed().capabilities, name);
}
