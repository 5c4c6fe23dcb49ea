import { toDataURL } from 'qrcode';

/** A PNG data URI of a QR code, small enough for an Adaptive Card Image element. */
export async function qrCodeDataUri(text: string): Promise<string> {
  return toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, scale: 4, type: 'image/png' });
}
