/**
 * The manual key shown on the register card (the Base32 secret in a monospace TextBlock), read from the raw
 * reply JSON of a turn over HTTP, without spaces. Throws with the start of the reply when there is none.
 */
export function manualKeyIn(reply: string): string {
  const key =
    /"text":"([A-Z2-7 ]{20,})","fontType":"Monospace"|"fontType":"Monospace"[^}]*?"text":"([A-Z2-7 ]+)"/
      .exec(reply)
      ?.slice(1)
      .find((k) => k !== undefined);
  if (!key) throw new Error(`no manual key in ${reply.slice(0, 300)}`);
  return key.replace(/\s/g, '');
}
