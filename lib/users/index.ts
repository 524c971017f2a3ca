export { ensureFirstAdmin, FIRST_ADMIN, resetPassword } from './bootstrap';
export { INVITE_GONE_MESSAGE, INVITE_TTL_MS, inviteUser, issueInvite, readInvite, redeemInvite, type IssuedInvite } from './invites';
export { inviteInputSchema, lowerRole, parseInput, roleAtLeast, roleSchema, ROLES, toUserView, userChangeSchema, userNameSchema, type Role, type StoredUser, type UserView } from './schema';
export { changeRole, countUsers, createUser, deleteUser, findUserByName, getUser, listUsers, setUserDisabled, type UsersContext } from './users';
