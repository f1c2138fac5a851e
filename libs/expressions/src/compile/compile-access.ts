/**
 * Compiles member reads and calls: reads of data (lenient, own properties), of `env` (recorded as
 * secrets), of the allow-listed globals (resolved now, so an unknown one fails at compile time), and
 * calls of allow-listed methods, global functions and the language's own functions.
 */
import {
  isDirectlyReadable,
  propertyKey,
  readComputedMember,
  readLength,
  readMember,
} from '../evaluate/member-access';
import { callFunction } from '../evaluate/sandbox-function';
import { taintCall } from '../evaluate/taint';
import { ExpressionError } from '../expression-error';
import { GLOBALS, type GlobalMember } from '../globals/global-table';
import { METHOD_NAMES, callMethod, hasMethod, unknownMethod } from '../methods/method-call';
import { ENV_ROOT } from '../syntax/resolve-names';
import type { CallNode, ExpressionNode, IdentifierNode, MemberNode } from '../syntax/syntax-tree';
import { type ListRun, compileList } from './compile-arguments';
import { type Compile, type Run, SHORT_CIRCUIT, mayShortCircuit } from './run';

type Bag = Record<string, unknown>;

// The identifier of an allow-listed global, or null.
function globalIdentifier(node: ExpressionNode): IdentifierNode | null {
  return node.type === 'Identifier' && node.binding?.kind === 'global' ? node : null;
}

// The identifier of a global with members of its own (Math, JSON, Number…), whose members are
// resolved now; members of the other globals (`undefined.x`, `NaN.toFixed()`) are read at run time.
function namespaceIdentifier(node: ExpressionNode): IdentifierNode | null {
  const global = globalIdentifier(node);
  return global !== null && (GLOBALS.get(global.name)?.members.size ?? 0) > 0 ? global : null;
}

export function compileMember(node: MemberNode, compile: Compile): Run {
  const { object, property, optional } = node;
  const namespace = namespaceIdentifier(object);
  if (namespace !== null) return constantRun(globalMember(namespace, node));
  if (object.type === 'Identifier' && object.binding?.kind === 'free' && object.name === ENV_ROOT)
    return compileEnvRead(node, compile);
  const read = compile(object);
  const guarded = optional || mayShortCircuit(object);
  if (typeof property !== 'string') {
    const key = compile(property);
    return (evaluation, frame) => {
      const value = read(evaluation, frame);
      if (guarded && (value === SHORT_CIRCUIT || (optional && (value === null || value === undefined))))
        return SHORT_CIRCUIT;
      const member = readComputedMember(value, key(evaluation, frame), evaluation);
      if (evaluation.taint !== null && evaluation.taint.holdsPrimitive(value)) evaluation.taint.mark(member);
      return member;
    };
  }
  const direct = isDirectlyReadable(property);
  if (!guarded) {
    return direct
      ? (evaluation, frame) => {
          const value = read(evaluation, frame) as Bag | null | undefined;
          return value === null || value === undefined ? undefined : value[property];
        }
      : property === 'length'
        ? (evaluation, frame) => {
            const value = read(evaluation, frame);
            const length = readLength(value);
            if (evaluation.taint !== null && evaluation.taint.holdsPrimitive(value))
              evaluation.taint.mark(length);
            return length;
          }
        : (evaluation, frame) => readMember(read(evaluation, frame), property);
  }
  return (evaluation, frame) => {
    const value = read(evaluation, frame);
    if (value === SHORT_CIRCUIT || (optional && (value === null || value === undefined)))
      return SHORT_CIRCUIT;
    return direct
      ? value === null || value === undefined
        ? undefined
        : (value as Bag)[property]
      : readMember(value, property);
  };
}

// `env.NAME` and `env[name]`: every string read is reported as a secret.
function compileEnvRead(node: MemberNode, compile: Compile): Run {
  const { property, optional } = node;
  const key = typeof property === 'string' ? null : compile(property);
  return (evaluation, frame) => {
    const env = readMember(evaluation.scope, ENV_ROOT);
    if (env === null || env === undefined) return optional ? SHORT_CIRCUIT : undefined;
    const value = readMember(
      env,
      key === null ? (property as string) : propertyKey(key(evaluation, frame), evaluation),
    );
    if (typeof value === 'string') evaluation.readSecret(value);
    return value;
  };
}

function globalMember(object: IdentifierNode, node: MemberNode): GlobalMember {
  if (typeof node.property !== 'string') {
    throw new ExpressionError(
      'unknown-global',
      `members of ${object.name} must be named, as in ${object.name}.name`,
      node.start,
    );
  }
  const member = GLOBALS.get(object.name)?.members.get(node.property);
  if (member === undefined) {
    throw new ExpressionError(
      'unknown-global',
      `${object.name}.${node.property} is not available in expressions`,
      node.start,
    );
  }
  return member;
}

/** The value of a bare global name (`undefined`, `Number` as a callback); a namespace like Math has none. */
export function globalValue(node: IdentifierNode): GlobalMember {
  const self = GLOBALS.get(node.name)?.self;
  if (self === undefined) {
    throw new ExpressionError(
      'unknown-global',
      `${node.name} is not a value; use its members, as in ${node.name}.name`,
      node.start,
    );
  }
  return self;
}

function constantRun(member: GlobalMember): Run {
  const value = member.value;
  return () => value;
}

export function compileCall(node: CallNode, compile: Compile): Run {
  const args = compileList(node.arguments, compile);
  const { callee } = node;
  const global = globalIdentifier(callee);
  if (global !== null) return nativeCall(globalValue(global), callee, args);
  if (callee.type === 'Identifier' && callee.binding?.kind === 'free') {
    throw new ExpressionError('unknown-global', `'${callee.name}' is not an allowed function`, callee.start);
  }
  if (callee.type === 'Member') {
    const namespace = namespaceIdentifier(callee.object);
    if (namespace !== null) return nativeCall(globalMember(namespace, callee), callee, args);
    return compileMethodCall(node, callee, args, compile);
  }
  const target = compile(callee);
  const guarded = node.optional || mayShortCircuit(callee);
  return (evaluation, frame) => {
    const fn = target(evaluation, frame);
    if (guarded && (fn === SHORT_CIRCUIT || (node.optional && (fn === null || fn === undefined))))
      return SHORT_CIRCUIT;
    return callFunction(fn, evaluation, args(evaluation, frame), 'the called value');
  };
}

function nativeCall(member: GlobalMember, callee: ExpressionNode, args: ListRun): Run {
  if (member.kind !== 'function')
    throw new ExpressionError('unknown-global', 'this global is not a function', callee.start);
  const call = member.call;
  return (evaluation, frame) => {
    const values = args(evaluation, frame);
    const result = call(values, evaluation);
    if (evaluation.taint !== null) taintCall(evaluation.taint, values, [], result);
    return result;
  };
}

function compileMethodCall(node: CallNode, callee: MemberNode, args: ListRun, compile: Compile): Run {
  const { property } = callee;
  if (typeof property === 'string' && !METHOD_NAMES.has(property))
    throw unknownMethod(property, callee.end - property.length);
  const receiver = compile(callee.object);
  const name = typeof property === 'string' ? null : compile(property);
  const guarded = callee.optional || node.optional || mayShortCircuit(callee.object);
  return (evaluation, frame) => {
    const value = receiver(evaluation, frame);
    if (guarded && (value === SHORT_CIRCUIT || (callee.optional && (value === null || value === undefined))))
      return SHORT_CIRCUIT;
    const method = name === null ? (property as string) : propertyKey(name(evaluation, frame), evaluation);
    // `x.m?.()` quietly gives undefined when x has no such method, as JavaScript would.
    if (node.optional && !hasMethod(value, method)) return SHORT_CIRCUIT;
    const values = args(evaluation, frame);
    const result = callMethod(value, method, values, evaluation, name !== null);
    if (evaluation.taint !== null) taintCall(evaluation.taint, [value], values, result);
    return result;
  };
}
