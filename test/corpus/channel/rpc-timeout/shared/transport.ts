// A transport that performs one request/response exchange over a connection.
export interface Conn {
  write(frame: Uint8Array): Promise<void>;
  read(): Promise<Uint8Array>;
}

export async function roundTrip(conn: Conn, frame: Uint8Array): Promise<Uint8Array> {
  await conn.write(frame);
  return conn.read();
}
