/** Orders and cycles of a dependency graph given as `name → names it depends on`. */

type Dependencies = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * A topological order that keeps the written order wherever the dependencies leave a choice.
 * Agents caught in a cycle (already reported) are appended in written order.
 */
export function planOrder(written: readonly string[], dependencies: Dependencies): string[] {
  const position = new Map(written.map((name, index) => [name, index]));
  const waiting = new Map(
    written.map((name) => [
      name,
      new Set([...(dependencies.get(name) ?? [])].filter((dependency) => position.has(dependency))),
    ]),
  );
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < written.length) {
    const next = written.find(
      (name) => !done.has(name) && [...(waiting.get(name) ?? [])].every((dependency) => done.has(dependency)),
    );
    if (next === undefined) {
      order.push(...written.filter((name) => !done.has(name)));
      break;
    }
    order.push(next);
    done.add(next);
  }
  return order;
}

/**
 * Every cycle, one per strongly connected component (Tarjan), each as a path `a → b → … → a`
 * starting at its earliest-written agent.
 */
export function findCycles(written: readonly string[], dependencies: Dependencies): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (name: string): void => {
    index.set(name, index.size);
    low.set(name, index.get(name) as number);
    stack.push(name);
    onStack.add(name);
    for (const next of dependencies.get(name) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(name, Math.min(low.get(name) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(name, Math.min(low.get(name) as number, index.get(next) as number));
      }
    }
    if (low.get(name) === index.get(name)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== name);
      if (component.length > 1) components.push(component);
    }
  };
  for (const name of written) if (!index.has(name)) visit(name);
  return components
    .map((component) => cyclePath(component, written, dependencies))
    .sort((a, b) => written.indexOf(a[0]) - written.indexOf(b[0]));
}

/** A shortest path from the component's earliest-written member back to itself. */
function cyclePath(
  component: readonly string[],
  written: readonly string[],
  dependencies: Dependencies,
): string[] {
  const members = new Set(component);
  const start = [...component].sort((a, b) => written.indexOf(a) - written.indexOf(b))[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    const nexts = [...(dependencies.get(current) ?? [])]
      .filter((next) => members.has(next))
      .sort((a, b) => written.indexOf(a) - written.indexOf(b));
    for (const next of nexts) {
      if (next === start) {
        const path = [current];
        while (path[0] !== start) path.unshift(previous.get(path[0]) as string);
        return path;
      }
      if (!previous.has(next)) {
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  return [start];
}
