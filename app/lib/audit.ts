import { recordAudit, type AuditAction } from '@/lib/audit';
import type { SessionUser } from '@/lib/auth';
import { sharedContext } from '@/lib/context';
import { callerOf } from './api';

/** One audit line for a change made through a page (server action) by the logged-in user. */
export function auditWeb(user: SessionUser, action: AuditAction, target = '', detail = ''): Promise<void> {
  return recordAudit(sharedContext(), { actor: user.name, actorId: user.id, action, target, detail, via: 'web' });
}

/** One audit line for a change made through the API, by a session or a token. */
export function auditApi(request: Request, action: AuditAction, target = '', detail = ''): Promise<void> {
  const caller = callerOf(request);
  return recordAudit(sharedContext(), { actor: caller.user.name, actorId: caller.user.id, action, target, detail, via: caller.via === 'token' ? 'token' : 'api' });
}
