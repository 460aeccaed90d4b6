// The runtime under measurement. run.mjs copies runtime/dist to a private directory before the first
// measurement and passes its location here, so that a rebuild during a long run (other work in the
// same tree) can neither change nor break what is measured. Run on its own, a case uses the package.
export function runtime() {
  const snapshot = process.env.GOROUTINES_BENCH_RUNTIME;
  return snapshot ? import(snapshot) : import('goroutines');
}
