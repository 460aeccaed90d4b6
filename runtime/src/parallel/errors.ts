// Errors of the parallel runtime. Panics carry Go's own message text.

/** A runtime misuse that Go reports with panic (or a fatal error): Go's message, unchanged. */
export class SharedPanicError extends Error {
  override name = 'PanicError';
}

/** A value that structured clone cannot copy faithfully was offered to another thread. */
export class UnclonableError extends TypeError {
  override name = 'UnclonableError';
}
