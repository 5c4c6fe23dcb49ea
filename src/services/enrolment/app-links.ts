import { qrCodeDataUri } from '../totp/qr-code';

/** Where to get Microsoft Authenticator. aka.ms/authapp sends each phone to its own store. */
export const AUTHENTICATOR_LINKS = {
  appStore: 'https://apps.apple.com/app/microsoft-authenticator/id983156458',
  googlePlay: 'https://play.google.com/store/apps/details?id=com.azure.authenticator',
  anyPhone: 'https://aka.ms/authapp',
} as const;

let installQr: Promise<string> | undefined;

/** The QR code of the store link, made once per process. */
export function installQrDataUri(): Promise<string> {
  installQr ??= qrCodeDataUri(AUTHENTICATOR_LINKS.anyPhone);
  return installQr;
}
