import { createPrivateKey, X509Certificate } from 'node:crypto';

/**
 * Checks a force's mutual-TLS material before it is stored: a PEM certificate, the private key that
 * belongs to it, and optionally a CA certificate. Answers the problems (empty when usable) and the
 * certificate's subject, which is shown instead of the key.
 */
export function checkTls(input: {
  clientCertificate: string;
  clientKey: string;
  caCertificate: string | null;
}): { problems: string[]; subject: string | null } {
  const problems: string[] = [];
  let certificate: X509Certificate | null = null;
  try {
    certificate = new X509Certificate(input.clientCertificate);
  } catch {
    problems.push('clientCertificate is not a PEM certificate');
  }
  try {
    const key = createPrivateKey(input.clientKey);
    if (certificate && !certificate.checkPrivateKey(key))
      problems.push('clientKey is not the key of clientCertificate');
  } catch {
    problems.push('clientKey is not a PEM private key (unencrypted)');
  }
  if (certificate && Date.parse(certificate.validTo) < Date.now())
    problems.push('clientCertificate has expired');
  if (input.caCertificate !== null) {
    try {
      new X509Certificate(input.caCertificate);
    } catch {
      problems.push('caCertificate is not a PEM certificate');
    }
  }
  return { problems, subject: certificate?.subject.replaceAll('\n', ', ') ?? null };
}
