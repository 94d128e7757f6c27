import { useState } from 'preact/hooks';
import { RequestFailed } from './graphql';

/**
 * A screen's problem, and what to do with a failed request: a token no longer accepted signs the person
 * out, saying why; anything else is shown on the screen in the GOV.UK error summary.
 */
export function useProblem(onSignedOut: (reason: string) => void) {
  const [problem, setProblem] = useState<string | null>(null);
  const failed = (err: unknown) => {
    if (err instanceof RequestFailed && err.signedOut)
      return onSignedOut('Your session has ended. Sign in again.');
    setProblem(err instanceof Error ? err.message : String(err));
  };
  return { problem, setProblem, failed };
}

export function ErrorSummary({ problem }: { problem: string | null }) {
  if (!problem) return null;
  return (
    <div class="govuk-error-summary" role="alert" tabIndex={-1}>
      <h2 class="govuk-error-summary__title">There is a problem</h2>
      <div class="govuk-error-summary__body">
        <p class="govuk-body">{problem}</p>
      </div>
    </div>
  );
}
