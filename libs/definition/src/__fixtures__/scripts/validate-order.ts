// Stub script of dsl.md's complete example: the loader only carries it with the revision.
export default function validateOrder(context: { input: { items?: unknown[] } }): { valid: boolean } {
  return { valid: Array.isArray(context.input.items) && context.input.items.length > 0 };
}
