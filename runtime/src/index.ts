// goroutines: Go's concurrency model for TypeScript and JavaScript (see docs/runtime.md).
export const version = '0.1.0';
