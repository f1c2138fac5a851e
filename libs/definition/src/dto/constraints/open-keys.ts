/**
 * Marks a DTO whose other keys are not checked: a construct whose `type` is unknown (its keys depend
 * on the type), or a connection type Baton has no fixed shape for.
 */
const open = new WeakSet<object>();

export function OpenKeys(): ClassDecorator {
  return (target) => {
    open.add(target);
  };
}

export function hasOpenKeys(dto: object): boolean {
  return open.has(dto.constructor);
}
