import type { Readable } from 'node:stream';
import * as yauzl from 'yauzl';

function open(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (err, zip) => (err ? reject(err) : resolve(zip))),
  );
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every entry of a zip file, read fully into memory (app packages are a few kilobytes). */
export async function unzip(file: string): Promise<Map<string, Buffer>> {
  const zip = await open(file);
  const entries = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      entries.set(entry.fileName, await readAll(await zip.openReadStreamPromise(entry)));
    }
  } finally {
    zip.close();
  }
  return entries;
}
