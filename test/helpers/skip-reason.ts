// Test helper: a condition for it.skipIf/describe.skipIf that prints why the test is skipped, so a
// skip in CI output is never silent.

/** True when one of the conditions holds; prints the first one's reason as `skipped NAME: REASON`. */
export function skipBecause(name: string, conditions: ReadonlyArray<readonly [boolean, string]>): boolean {
  const reason = conditions.find(([holds]) => holds)?.[1];
  if (reason !== undefined) console.warn(`skipped "${name}": ${reason}`);
  return reason !== undefined;
}
