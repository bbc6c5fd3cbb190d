import { createHash, randomBytes } from 'node:crypto';

export const INVITATION_TTL_MS = 6 * 60 * 60 * 1000;
export const newInvitationToken = () => randomBytes(32).toString('base64url');
/** Only the hash is stored: a database copy does not hold usable invitation links. */
export const hashInvitationToken = (token: string) => createHash('sha256').update(token).digest('hex');
