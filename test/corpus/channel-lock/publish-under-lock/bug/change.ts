// What the bus publishes, and who listens.
export interface Change {
  readonly key: string;
  readonly value: string;
  readonly version: number;
}

export type Listener = (c: Change) => void;
