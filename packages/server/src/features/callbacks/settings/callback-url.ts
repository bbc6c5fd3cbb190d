/**
 * What a callback URL may be. Pure, so the rule is tested without HTTP. Where it points (private
 * addresses and the like) is decided later, at connect time, by the delivery agent's address policy.
 */
export type CallbackUrlCheck = { ok: true; url: string } | { ok: false; message: string };

export function checkCallbackUrl(input: string, allowHttp: boolean): CallbackUrlCheck {
  const value = input.trim();
  if (value.length > 2048) return { ok: false, message: 'must be at most 2048 characters' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: 'must be an absolute URL such as https://example.com/callbacks' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: 'must use https' };
  if (url.protocol === 'http:' && !allowHttp)
    return { ok: false, message: 'must use https (http is allowed only in sandbox mode)' };
  if (url.username || url.password) return { ok: false, message: 'must not contain a user name or password' };
  if (url.hash) return { ok: false, message: 'must not contain a #fragment' };
  if (!url.hostname) return { ok: false, message: 'must name a host' };
  return { ok: true, url: url.toString() };
}
