export interface Job {
  id: number;
  run(): Promise<void>;
}
