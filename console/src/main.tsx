import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { BoardPage } from './board';
import { AuditPage } from './audit';
import { CasePage } from './case';
import { OfficerPage } from './officer';
import { OperationsPage } from './operations';
import { StatisticsPage } from './statistics';
import { allowedPurposes, clearSession, loadSession, saveSession, type Session } from './session';
import { completeSignIn, isSignInCallback } from './oidc';
import { SignInPage, type ConsoleSettings } from './sign-in';

type Route = 'officer' | 'board' | 'statistics' | 'case' | 'audit' | 'operations';

const ROUTES: Record<string, Route> = {
  '#/board': 'board',
  '#/statistics': 'statistics',
  '#/case': 'case',
  '#/audit': 'audit',
  '#/operations': 'operations',
};
const routeOf = (hash: string): Route => ROUTES[hash] ?? 'officer';

/** Where a person lands when no screen is named: the one their role is for. */
function landingRoute(session: Session): Route {
  const roles = session.claims.roles ?? [];
  if (roles.includes('analyst')) return 'statistics';
  if (roles.includes('control-room')) return 'board';
  if (roles.includes('prosecutor')) return 'case';
  if (roles.includes('auditor')) return 'audit';
  if (roles.includes('operator')) return 'operations';
  return 'officer';
}

const SCREENS: [Route, string, string][] = [
  ['officer', '#/', 'Officer search'],
  ['board', '#/board', 'Control room'],
  ['case', '#/case', 'Case'],
  ['statistics', '#/statistics', 'Statistics'],
  ['audit', '#/audit', 'Audit'],
  ['operations', '#/operations', 'Operations'],
];
const READERS = [
  'officer',
  'supervisor',
  'control-room',
  'custody-sergeant',
  'professional-standards',
  'ppda-investigator',
];

/**
 * The screens the menu offers a role: a convenience, so a phone's menu is short. It decides nothing —
 * every screen asks the gateway, which refuses what the token may not read.
 */
function screensFor(session: Session): [Route, string, string][] {
  const roles = session.claims.roles ?? [];
  const has = (...wanted: string[]) => wanted.some((r) => roles.includes(r));
  const offered = new Set<Route>();
  if (has(...READERS, 'prosecutor', 'idva')) offered.add('officer');
  if (has(...READERS)) offered.add('board');
  if (has(...READERS, 'prosecutor')) offered.add('case');
  if (has('analyst', 'supervisor', 'control-room')) offered.add('statistics');
  if (has('auditor')) offered.add('audit');
  if (has('operator')) offered.add('operations');
  return SCREENS.filter(([route]) => offered.has(route));
}

function signedIn(session: Session): Route {
  const named = location.hash && location.hash !== '#/' ? routeOf(location.hash) : null;
  return named ?? landingRoute(session);
}

function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [route, setRoute] = useState<Route>(() => {
    const stored = loadSession();
    return stored ? signedIn(stored) : routeOf(location.hash);
  });
  const [signedOutReason, setSignedOutReason] = useState<string | null>(null);
  const [settings, setSettings] = useState<ConsoleSettings | null>(null);

  useEffect(() => {
    fetch('/console/settings.json')
      .then((r) => r.json() as Promise<ConsoleSettings>)
      .then(setSettings)
      .catch(() => setSettings({ demo: false, demoSignIn: false, oidc: null }));
  }, []);

  // Back from the provider: finish the code exchange, then sign in with the access token it issued.
  useEffect(() => {
    if (!settings?.oidc || !isSignInCallback()) return;
    completeSignIn(settings.oidc).then(
      (token) => {
        setSignedOutReason(null);
        const started = saveSession(token);
        setSession(started);
        setRoute(signedIn(started));
      },
      (err: unknown) =>
        setSignedOutReason(`Sign-in did not complete: ${err instanceof Error ? err.message : String(err)}`),
    );
  }, [settings]);

  useEffect(() => {
    const onHash = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const signOut = (reason: string | null) => {
    clearSession();
    setSignedOutReason(reason);
    setSession(null);
  };

  const changePurpose = (purpose: string) => {
    if (session) setSession(saveSession(session.token, purpose));
  };

  return (
    <>
      <a href="#main-content" class="govuk-skip-link">
        Skip to main content
      </a>
      {/* Not the GOV.UK header: its crown and logotype are for GOV.UK services only. The Design System's
          service navigation names the service and its screens. */}
      <section aria-label="Service information" class="govuk-service-navigation">
        <div class="govuk-width-container">
          <div class="govuk-service-navigation__container">
            <span class="govuk-service-navigation__service-name">
              <a href="#/" class="govuk-service-navigation__link">
                Shieldline
              </a>
            </span>
            {session && (
              <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                <ul class="govuk-service-navigation__list">
                  {screensFor(session).map(([screen, href, label]) => (
                    <NavItem key={screen} href={href} label={label} active={route === screen} />
                  ))}
                </ul>
              </nav>
            )}
          </div>
        </div>
      </section>
      <div class="govuk-width-container">
        {settings?.demo && <DemoBanner />}
        {session && (
          <div class="shieldline-identity govuk-body-s">
            Signed in as <strong>{session.claims.name ?? session.claims.sub}</strong> ({session.claims.agency}
            {session.claims.area ? `, ${session.claims.area}` : ''}) ·{' '}
            <PurposeSelect session={session} onChange={changePurpose} /> ·{' '}
            <button type="button" class="govuk-link shieldline-link-button" onClick={() => signOut(null)}>
              Sign out
            </button>
          </div>
        )}
        <main class="govuk-main-wrapper" id="main-content" role="main">
          {!session ? (
            <SignInPage
              settings={settings}
              reason={signedOutReason}
              onSignedIn={(token) => {
                setSignedOutReason(null);
                const started = saveSession(token);
                setSession(started);
                setRoute(signedIn(started));
              }}
            />
          ) : route === 'board' ? (
            <BoardPage session={session} onSignedOut={signOut} />
          ) : route === 'statistics' ? (
            <StatisticsPage session={session} onSignedOut={signOut} />
          ) : route === 'case' ? (
            <CasePage session={session} onSignedOut={signOut} />
          ) : route === 'audit' ? (
            <AuditPage session={session} onSignedOut={signOut} />
          ) : route === 'operations' ? (
            <OperationsPage session={session} onSignedOut={signOut} />
          ) : (
            <OfficerPage session={session} onSignedOut={signOut} />
          )}
        </main>
      </div>
    </>
  );
}

function NavItem({ href, label, active }: { href: string; label: string; active: boolean }) {
  return (
    <li class={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}>
      <a class="govuk-service-navigation__link" href={href} aria-current={active ? 'page' : undefined}>
        {active ? <strong class="govuk-service-navigation__active-fallback">{label}</strong> : label}
      </a>
    </li>
  );
}

function PurposeSelect({ session, onChange }: { session: Session; onChange: (purpose: string) => void }) {
  const purposes = allowedPurposes(session.claims);
  return (
    <label class="shieldline-inline-label">
      acting for{' '}
      <select
        class="govuk-select shieldline-select-s"
        value={session.purpose}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        {purposes.map((p) => (
          <option value={p} key={p}>
            {p}
          </option>
        ))}
      </select>
    </label>
  );
}

/** In the embedded demo the hub says so on every screen: synthetic people, demo identities. */
function DemoBanner() {
  return (
    <div class="govuk-phase-banner">
      <p class="govuk-phase-banner__content">
        <strong class="govuk-tag govuk-phase-banner__content__tag">Demo</strong>
        <span class="govuk-phase-banner__text">
          Embedded demonstration: synthetic people and demo identities. Not for real data.
        </span>
      </p>
    </div>
  );
}

document.body.classList.add('govuk-frontend-supported');
const root = document.getElementById('app');
if (root) render(<App />, root);
