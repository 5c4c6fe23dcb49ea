import { AppError } from '../../errors';

/** The file as a whole cannot be imported (missing, unreadable, empty, or a header without the required columns). */
export class DirectoryFileError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('VALIDATION', message, true, options);
    this.name = 'DirectoryFileError';
  }
}
