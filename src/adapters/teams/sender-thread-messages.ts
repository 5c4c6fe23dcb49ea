/** One HTTP request for the sender thread, to leave at `at` (ms since the epoch). */
export interface ToSenderThread {
  id: number;
  at: number;
  /** Refused (not sent) if the thread reaches it more than this long after `at`. */
  toleranceMs: number;
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** What the sender thread says: it is ready, or how a request went. */
export type FromSenderThread =
  | { kind: 'ready'; id?: undefined }
  | { kind: 'response'; id: number; status: number; headers: Record<string, string>; body: string }
  | { kind: 'late'; id: number; lateMs: number }
  | { kind: 'error'; id: number; name: string; message: string; code?: string };
