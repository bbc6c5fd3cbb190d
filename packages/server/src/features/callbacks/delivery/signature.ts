/** X-Cryptopay-Signature: the client package's signer, so sender and verifier cannot drift apart. */
export { signCallback as signCallbackBody } from '@signet/client';
