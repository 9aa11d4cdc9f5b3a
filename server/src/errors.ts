/**
 * A failure the client can act on. The code is stable and matched by the UI and tests;
 * the message is English for developers, the UI shows its own translation of the code.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message ?? code);
    this.name = 'AppError';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
