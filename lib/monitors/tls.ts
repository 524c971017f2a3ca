import { checkbox, text } from './fields';

/** One or more PEM certificates, nothing else: a chain of a dozen fits. */
const PEM_CERTIFICATES = /^(?:-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*)+$/;

/**
 * TLS settings of a monitor that speaks HTTPS. The CA is pasted as PEM text rather than named as a
 * file: the record then reaches every worker on every host, with no file to copy beside each one.
 */
export const tlsFields = {
  caCert: text('CA certificate', 40_000, { multiLine: true })
    .refine((value) => value === '' || PEM_CERTIFICATES.test(value), 'CA certificate must be PEM text: -----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----')
    .default(''),
  tlsInsecure: checkbox,
};

export function refineTls(m: { caCert: string; tlsInsecure: boolean }, issue: (path: string, message: string) => void) {
  if (m.caCert && m.tlsInsecure) issue('tlsInsecure', 'Choose a CA certificate or no verification, not both');
}
