/**
 * Closure compilation: each node of a resolved syntax tree becomes a JavaScript closure that
 * evaluates it, built once per distinct source. No source text is ever turned into code (no eval,
 * no Function, no vm): the closures are fixed code of this library, parameterised by the tree.
 */
import { concatText, toText } from '../evaluate/conversions';
import type { Evaluation } from '../evaluate/evaluation';
import {
  defineOwn,
  forbiddenMember,
  isDirectlyReadable,
  propertyKey,
  readMember,
} from '../evaluate/member-access';
import { binaryOperation, unaryOperation } from '../evaluate/operators';
import { Frame, SandboxFunction } from '../evaluate/sandbox-function';
import { ExpressionError } from '../expression-error';
import { newDate } from '../methods/date-methods';
import { FORBIDDEN_MEMBERS } from '../syntax/reserved-names';
import {
  type ArrayNode,
  type ArrowNode,
  type BinaryNode,
  type ExpressionNode,
  type IdentifierNode,
  type LogicalNode,
  type ObjectNode,
  type TemplateNode,
  childNodes,
} from '../syntax/syntax-tree';
import { compileList } from './compile-arguments';
import { compileCall, compileMember, globalValue } from './compile-access';
import { directRead } from './direct-read';
import { type Run, SHORT_CIRCUIT } from './run';

type Bag = Record<string, unknown>;

export function compileNode(node: ExpressionNode): Run {
  switch (node.type) {
    case 'Literal': {
      const value = node.value;
      return () => value;
    }
    case 'Identifier':
      return compileIdentifier(node);
    case 'Template':
      return compileTemplateLiteral(node);
    case 'Array':
      return compileArray(node);
    case 'Object':
      return compileObject(node);
    case 'Member':
      return compileDirectly(node) ?? compileMember(node, compileNode);
    case 'Call':
      return compileCall(node, compileNode);
    case 'NewDate': {
      const args = compileList(node.arguments, compileNode);
      return (evaluation, frame) => {
        const values = args(evaluation, frame);
        const date = newDate(values, evaluation);
        if (evaluation.taint !== null && evaluation.taint.anyHolds(values)) evaluation.taint.mark(date);
        return date;
      };
    }
    case 'Chain': {
      const direct = compileDirectly(node);
      if (direct !== null) return direct;
      const inner = compileNode(node.expression);
      return (evaluation, frame) => {
        const value = inner(evaluation, frame);
        return value === SHORT_CIRCUIT ? undefined : value;
      };
    }
    case 'Unary': {
      const operation = unaryOperation(node.operator);
      const argument = compileNode(node.argument);
      // `-x`, `+x` and `~x` compute a number from x; `!`, `typeof` and `void` tell nothing of its value.
      const computes = node.operator === '-' || node.operator === '+' || node.operator === '~';
      return (evaluation, frame) => {
        const value = argument(evaluation, frame);
        const result = operation(value, evaluation);
        if (computes && evaluation.taint !== null && evaluation.taint.holds(value))
          evaluation.taint.mark(result);
        return result;
      };
    }
    case 'Binary':
      return compileBinary(node);
    case 'Logical':
      return compileLogical(node);
    case 'Conditional': {
      const test = compileNode(node.test);
      const consequent = compileNode(node.consequent);
      const alternate = compileNode(node.alternate);
      return (evaluation, frame) =>
        test(evaluation, frame) ? consequent(evaluation, frame) : alternate(evaluation, frame);
    }
    case 'Arrow':
      return compileArrow(node);
  }
}

/**
 * The steps one evaluation of `node` is charged up front: its node count, not counting the bodies
 * of the arrow functions in it, which are charged on each call instead.
 */
export function stepCost(node: ExpressionNode): number {
  if (node.type === 'Arrow') return 1;
  let cost = 1;
  for (const child of childNodes(node)) cost += stepCost(child);
  return cost;
}

// A member chain from a scope name, read by one closure (see direct-read.ts).
function compileDirectly(node: ExpressionNode): Run | null {
  const read = directRead(node);
  return read === null ? null : (evaluation) => read(evaluation.scope);
}

function compileIdentifier(node: IdentifierNode): Run {
  const binding = node.binding;
  if (binding === undefined) throw new Error(`identifier '${node.name}' was not resolved before compilation`);
  if (binding.kind === 'global') {
    const value = globalValue(node).value;
    return () => value;
  }
  const name = node.name;
  if (binding.kind === 'free') {
    return isDirectlyReadable(name)
      ? (evaluation) => (evaluation.scope as Bag)[name]
      : (evaluation) => readMember(evaluation.scope, name);
  }
  const { hops, index } = binding;
  if (hops === 0) return (_evaluation, frame) => (frame as Frame).values[index];
  if (hops === 1) return (_evaluation, frame) => ((frame as Frame).parent as Frame).values[index];
  return (_evaluation, frame) => {
    let at = frame as Frame;
    for (let i = 0; i < hops; i++) at = at.parent as Frame;
    return at.values[index];
  };
}

function compileTemplateLiteral(node: TemplateNode): Run {
  const { quasis } = node;
  const parts = node.expressions.map(compileNode);
  return (evaluation, frame) => {
    let text = quasis[0];
    let tainted = false;
    for (let i = 0; i < parts.length; i++) {
      const value = parts[i](evaluation, frame);
      if (evaluation.taint !== null && evaluation.taint.holds(value)) tainted = true;
      text = concatText(text, toText(value, evaluation), evaluation);
      text = concatText(text, quasis[i + 1], evaluation);
    }
    // A template literal holding a secret is a secret as a whole.
    if (tainted) evaluation.taint?.mark(text);
    return text;
  };
}

function compileArray(node: ArrayNode): Run {
  const elements = compileList(node.elements, compileNode);
  return (evaluation, frame) => {
    const array = elements(evaluation, frame);
    evaluation.checkArray(array.length);
    if (evaluation.taint !== null) evaluation.taint.markIfHolding(array, 0);
    return array;
  };
}

type PropertyRun = (target: Bag, evaluation: Evaluation, frame: Frame | null) => void;

function compileObject(node: ObjectNode): Run {
  const properties = node.properties.map((property): PropertyRun => {
    if (property.kind === 'init') {
      const { key } = property;
      const value = compileNode(property.value);
      return (target, evaluation, frame) => defineOwn(target, key, value(evaluation, frame));
    }
    if (property.kind === 'computed') {
      const key = compileNode(property.key);
      const value = compileNode(property.value);
      return (target, evaluation, frame) => {
        const name = propertyKey(key(evaluation, frame), evaluation);
        if (FORBIDDEN_MEMBERS.has(name)) throw forbiddenMember(name);
        defineOwn(target, name, value(evaluation, frame));
      };
    }
    const source = compileNode(property.argument);
    return (target, evaluation, frame) => spreadInto(target, source(evaluation, frame), evaluation);
  });
  return (evaluation, frame) => {
    const target: Bag = {};
    for (const property of properties) property(target, evaluation, frame);
    if (evaluation.taint !== null) evaluation.taint.markIfHolding(target, 0);
    return target;
  };
}

// `{ ...value }`: own enumerable properties of objects, arrays and strings; nothing for the rest.
function spreadInto(target: Bag, value: unknown, evaluation: Evaluation): void {
  if (
    value === null ||
    (typeof value !== 'object' && typeof value !== 'string') ||
    value instanceof SandboxFunction
  )
    return;
  const source = Object(value) as Bag;
  const keys = Object.keys(source);
  evaluation.charge(keys.length);
  // `{ ...secret }` spreads its characters: each is a piece of the secret.
  const pieces = evaluation.taint !== null && evaluation.taint.holdsPrimitive(value);
  for (const key of keys) {
    defineOwn(target, key, source[key]);
    if (pieces) evaluation.taint?.mark(source[key]);
  }
}

const CONSTRUCTOR_TESTS: Readonly<Record<string, (value: unknown) => boolean>> = {
  Date: (value) => value instanceof Date,
  Array: (value) => Array.isArray(value),
  Object: (value) => value !== null && typeof value === 'object',
  Number: () => false,
  String: () => false,
  Boolean: () => false,
};

function compileBinary(node: BinaryNode): Run {
  const left = compileNode(node.left);
  if (node.operator === 'instanceof') {
    const { right } = node;
    const test =
      right.type === 'Identifier' && right.binding?.kind === 'global'
        ? CONSTRUCTOR_TESTS[right.name]
        : undefined;
    if (test === undefined)
      throw new ExpressionError('type', "'instanceof' needs Date, Array or Object on its right", right.start);
    return (evaluation, frame) => test(left(evaluation, frame));
  }
  const operation = binaryOperation(node.operator);
  const right = compileNode(node.right);
  return (evaluation, frame) => {
    const a = left(evaluation, frame);
    const b = right(evaluation, frame);
    const result = operation(a, b, evaluation);
    // Comparisons give booleans, which carry no taint (taint.ts); `+` and arithmetic do.
    if (evaluation.taint !== null && (evaluation.taint.holds(a) || evaluation.taint.holds(b)))
      evaluation.taint.mark(result);
    return result;
  };
}

function compileLogical(node: LogicalNode): Run {
  const left = compileNode(node.left);
  const right = compileNode(node.right);
  switch (node.operator) {
    case '&&':
      return (evaluation, frame) => left(evaluation, frame) && right(evaluation, frame);
    case '||':
      return (evaluation, frame) => left(evaluation, frame) || right(evaluation, frame);
    case '??':
      return (evaluation, frame) => left(evaluation, frame) ?? right(evaluation, frame);
  }
}

// An arrow evaluates to a SandboxFunction closing over the current frame; each call enters one
// level of depth and pays for the nodes of its body.
function compileArrow(node: ArrowNode): Run {
  const body = compileNode(node.body);
  const cost = stepCost(node.body);
  return (_evaluation, frame) =>
    new SandboxFunction((evaluation, args) => {
      evaluation.enter();
      evaluation.charge(cost);
      const result = body(evaluation, new Frame(args, frame));
      evaluation.leave();
      return result;
    });
}
