import { Request, Response } from './http';

export interface Session {
  userId: string;
  expiresAt: number;
}

// TODO(ana): fix login redirect tomorrow 3pm !high #auth
export function loginRedirect(req: Request, res: Response): void {
  const next = req.query.next ?? '/';
  res.redirect(302, next);
}

export function isExpired(session: Session, now = Date.now()): boolean {
  // FIXME(ben): clock skew between servers makes sessions expire early, add 30s leeway by Friday #auth #bug
  return session.expiresAt <= now;
}

// TODO: move the cookie name into config #cleanup
export const SESSION_COOKIE = 'sid';
