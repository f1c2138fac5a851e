/** Injection tokens of the notifier's module. */
export const NOTIFIER_LOGGER = Symbol('NOTIFIER_LOGGER');
export const NOTIFIER_ORM = Symbol('NOTIFIER_ORM');
export const NOTIFIER_OUTBOUND = Symbol('NOTIFIER_OUTBOUND');
export const NOTIFIER_DEPS = Symbol('NOTIFIER_DEPS');
