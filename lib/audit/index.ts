export { AUDIT_MAX_AGE_MS, AUDIT_MAX_ENTRIES, readAudit, recordAudit } from './audit';
export { AUDIT_ACTIONS, AUDIT_GROUPS, parseAuditQuery, type AuditAction, type AuditEntry, type AuditEntryInput, type AuditQuery } from './schema';
