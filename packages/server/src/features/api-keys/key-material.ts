import { randomBytes } from 'node:crypto';

/** 16 random bytes as base64url: 22 URL-safe characters, the public key id sent in every request. */
export const newApiKey = () => randomBytes(16).toString('base64url');

/** 32 random bytes as base64url (43 characters): the HMAC secret, shown once. */
export const newApiSecret = () => randomBytes(32).toString('base64url');

/**
 * The shape every stored key has. A presented key of any other shape is unknown without asking
 * the database, which keeps junk Authorization headers off the hot path.
 */
export const API_KEY_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export const isWellFormedApiKey = (value: string) => API_KEY_PATTERN.test(value);
