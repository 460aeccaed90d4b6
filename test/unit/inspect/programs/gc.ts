// Shared by the bug programs: let the goroutines park, collect garbage, then give finalizers a turn.
export async function collect(): Promise<void> {
  await new Promise((r) => setTimeout(r, 20));
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 10));
  }
}
