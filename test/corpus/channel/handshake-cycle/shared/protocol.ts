export interface Hello {
  from: string;
  version: number;
}

export function hello(from: string): Hello {
  return { from, version: 2 };
}
