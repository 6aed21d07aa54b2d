export interface Request {
  query: Record<string, string | undefined>;
  headers: Record<string, string>;
}

export interface Response {
  redirect(status: number, location: string): void;
  json(body: unknown): void;
}
