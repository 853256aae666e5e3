/**
 * Removes every occurrence of the given secrets from a text. Used on anything that may reach a
 * log or an error message, including what a remote API echoes back to us.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; they are not real keys anyway.
    if (!secret || secret.length < 4) continue;
    out = out.split(secret).join('[redacted]');
  }
  return out;
}
