export { checkPassword, login } from './login';
export { generatePassword, hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from './password';
export { clearLoginFailures, loginBlockedFor, MAX_FAILURES, WINDOW_MS } from './rate-limit';
export { createSession, endSession, readSession, type Session, type SessionUser } from './sessions';
