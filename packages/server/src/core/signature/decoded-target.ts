// The request target as the official Java SDK signs it (PROTOCOL.md §1, "Percent-encoded targets").
// The Java SDK percent-encodes path parameters and query values with URLEncoder, sends that, and
// signs `URI.getPath()` + `?` + `URI.getQuery()`, which are the percent-DECODED forms. The other
// SDKs sign the bytes they send. A merchant scope may take the decoded form as a second candidate.
//
// Decoding maps many raw targets to one string. It is only safe when every raw target that decodes
// to a given string means the same request to the router and the query parser as that string does
// when sent raw. So only escapes that cannot change structure are decoded:
//   - refused: the delimiters `/ ? # & = ; +` (`%2F` vs `/` is another route, `%26`/`%3D` another
//     query, `%2B` is `+` which the query parser reads as a space), `%` itself (double decoding),
//     `\`, `.` (dot segments), control bytes, and escapes of characters the Java SDK never encodes
//     (letters, digits, `-`, `_`, `*`): nothing needs them, so nothing accepts them;
//   - accepted: the other printable ASCII punctuation and space (`@`, `:`, `~`, `%20`, …) and bytes
//     of UTF-8 sequences, the whole decoding strict UTF-8.
// A raw target with anything else (a malformed escape, a raw byte outside visible ASCII) has no
// decoded candidate. The function is pure and allocates only when the target holds a `%`.

// Printable ASCII whose escape is decoded: not a letter or digit, not `- _ . *` (URLEncoder keeps
// them), not a delimiter nor `%` or `\`.
const DECODABLE_ASCII = new Set(Array.from(' !"$\'(),:<>@[]^`{|}~', (c) => c.charCodeAt(0)));

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/**
 * The percent-decoded form of `rawTarget` (path and query) when it is a safe second candidate, as
 * described above; null when the target holds no `%` or anything outside what may be decoded.
 */
export function decodedRequestTarget(rawTarget: string): string | null {
  if (!rawTarget.includes('%')) return null;
  const bytes = new Uint8Array(rawTarget.length);
  let length = 0;
  for (let i = 0; i < rawTarget.length; i++) {
    const code = rawTarget.charCodeAt(i);
    if (code !== 0x25 /* % */) {
      // A raw target is visible ASCII; anything else has no single meaning.
      if (code < 0x21 || code > 0x7e) return null;
      bytes[length++] = code;
      continue;
    }
    const high = hexValue(rawTarget.charCodeAt(i + 1));
    const low = hexValue(rawTarget.charCodeAt(i + 2));
    if (high < 0 || low < 0) return null;
    const byte = high * 16 + low;
    if (byte < 0x80 && !DECODABLE_ASCII.has(byte)) return null;
    bytes[length++] = byte;
    i += 2;
  }
  try {
    // fatal: an invalid, overlong or surrogate sequence refuses the candidate; ignoreBOM keeps a BOM.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, length));
  } catch {
    return null;
  }
}
