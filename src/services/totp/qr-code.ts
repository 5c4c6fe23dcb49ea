/**
 * A PNG data URI of a QR code, small enough for an Adaptive Card Image element. qrcode (and pngjs under it)
 * is loaded on the first QR code, not at start-up: an idle bot does not need it (bench: idle memory).
 */
export async function qrCodeDataUri(text: string): Promise<string> {
  const { toDataURL } = await import('qrcode');
  return toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, scale: 4, type: 'image/png' });
}
