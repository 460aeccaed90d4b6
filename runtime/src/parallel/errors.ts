// Errors of the parallel runtime. Panics are the scheduler's PanicError (../panic.ts).

/** A value that structured clone cannot copy faithfully was offered to another thread. */
export class UnclonableError extends TypeError {
  override name = 'UnclonableError';
}
