export { ensureAdminPassword, setAdminPassword } from './bootstrap';
export { checkAdminPassword, login } from './login';
export { generatePassword, hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from './password';
export { clearLoginFailures, loginBlockedFor, MAX_FAILURES, WINDOW_MS } from './rate-limit';
export { createSession, endAllSessions, endSession, readSession, type Session } from './sessions';
