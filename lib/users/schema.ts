import { z } from 'zod';
import { CorruptRecordError, UserError } from '../errors';
import { fieldErrorsOf } from '../monitors/schema';

/** Roles in rising order: a viewer reads, an editor also changes monitors, an admin does everything. */
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const roleSchema = z.enum(ROLES, { error: 'The role must be viewer, editor or admin' });

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** The lower of two roles: what a token may do when its owner's role has since been lowered. */
export function lowerRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}

/** Lower-case letters, digits and . _ - : safe in a URL, a log line and a shell, and unambiguous. */
export const userNameSchema = z
  .string({ error: 'The user name is required' })
  .trim()
  .toLowerCase()
  .min(1, 'The user name is required')
  .max(40, 'The user name is at most 40 characters')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'The user name takes letters, digits and . _ - (starting with a letter or digit)');

/** A user as stored in its hash (lib/users/lua writes the same fields). */
export const storedUserSchema = z.object({
  v: z.literal('1'),
  id: z.string().regex(/^u[0-9a-f]{10}$/),
  name: userNameSchema,
  role: roleSchema,
  /** Empty until the invitee has set a password. */
  passwordHash: z.string(),
  disabled: z.enum(['0', '1']).transform((value) => value === '1'),
  createdAt: z.coerce.number().int(),
  createdBy: z.string(),
  /** Bumped to end every session of the user at once. */
  epoch: z.coerce.number().int(),
  inviteHash: z.string().default(''),
  inviteExpiresAt: z.coerce.number().int().default(0),
});

export type StoredUser = z.infer<typeof storedUserSchema>;

/** A user as pages and the API show it: never a hash. */
export interface UserView {
  id: string;
  name: string;
  role: Role;
  status: 'active' | 'invited' | 'disabled';
  createdAt: number;
  createdBy: string;
  /** When the open invite (or password link) stops working; null without one. */
  inviteExpiresAt: number | null;
}

export function parseStoredUser(hash: Record<string, string>): StoredUser {
  const result = storedUserSchema.safeParse(hash);
  if (!result.success) throw new CorruptRecordError(`user ${hash.id ?? '?'}`, result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return result.data;
}

export function toUserView(user: StoredUser, now = Date.now()): UserView {
  const status = user.disabled ? 'disabled' : user.passwordHash ? 'active' : 'invited';
  const inviteOpen = user.inviteHash !== '' && user.inviteExpiresAt > now;
  return { id: user.id, name: user.name, role: user.role, status, createdAt: user.createdAt, createdBy: user.createdBy, inviteExpiresAt: inviteOpen ? user.inviteExpiresAt : null };
}

/** What an admin sends to invite someone (form and API alike). */
export const inviteInputSchema = z.strictObject({ name: userNameSchema, role: roleSchema });

/** What an admin may change of a user through the API: the role, and whether they are disabled. */
export const userChangeSchema = z.strictObject({
  role: roleSchema.optional(),
  disabled: z.boolean({ error: 'disabled must be true or false' }).optional(),
});

/** Parses input with one of these schemas; a failure is a UserError naming each bad field. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, message: string): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new UserError(message, fieldErrorsOf(result.error));
  return result.data;
}
