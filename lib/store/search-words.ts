/**
 * The words of a monitor's name as stored in the search index: lower-cased, split on anything that is
 * not a letter or digit, plus the whole name, so "prod-redis eu" is found by "prod", "redis", "eu"
 * and "prod-redis e". Members are "word\0id", so a prefix search is one ZRANGEBYLEX.
 */
export function nameWords(name: string): string[] {
  const lower = name.toLowerCase();
  const words = lower.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return [...new Set([lower, ...words])];
}

export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}
