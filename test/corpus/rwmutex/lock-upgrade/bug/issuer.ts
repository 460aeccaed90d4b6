// Issues tokens (a stand-in for a call to an identity service).
export interface Token {
  readonly user: string;
  readonly expires: number;
}

export async function issue(user: string, now: number): Promise<Token> {
  await Promise.resolve();
  return { user, expires: now + 60_000 };
}
