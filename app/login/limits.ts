/** Longer than any password a person types; a longer one is refused before it is hashed or sent. */
export const MAX_PASSWORD_LENGTH = 4096;

export const PASSWORD_TOO_LONG = `The password is too long (over ${MAX_PASSWORD_LENGTH.toLocaleString('en')} characters).`;
