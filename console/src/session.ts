/**
 * The signed-in person, as the console holds them: the token the identity provider (or, in the demo, the
 * hub's demo sign-in) issued, and the purpose they stated. Kept in sessionStorage — one tab, gone when it
 * closes — never in localStorage. The claims are read for display only: the gateway verifies the token on
 * every request and decides every access; nothing here is trusted for a decision.
 */
export interface Session {
  token: string;
  purpose: string;
  claims: Claims;
}

export interface Claims {
  sub: string;
  name?: string;
  agency: string;
  area?: string;
  roles: string[];
  purpose?: string;
  purposes?: string[];
  exp?: number;
}

const KEY = 'shieldline.session';

export function decodeClaims(token: string): Claims {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Claims;
}

/** Purposes the token allows, its own first. */
export function allowedPurposes(claims: Claims): string[] {
  return [...new Set([claims.purpose, ...(claims.purposes ?? [])].filter((p): p is string => !!p))];
}

export function loadSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const stored = JSON.parse(raw) as { token: string; purpose: string };
    const claims = decodeClaims(stored.token);
    if (claims.exp !== undefined && claims.exp * 1000 <= Date.now()) return clearSession();
    return { token: stored.token, purpose: stored.purpose, claims };
  } catch {
    return clearSession();
  }
}

export function saveSession(token: string, purpose?: string): Session {
  const claims = decodeClaims(token);
  const chosen = purpose ?? allowedPurposes(claims)[0] ?? '';
  sessionStorage.setItem(KEY, JSON.stringify({ token, purpose: chosen }));
  return { token, purpose: chosen, claims };
}

export function clearSession(): null {
  sessionStorage.removeItem(KEY);
  return null;
}
