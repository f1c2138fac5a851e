/**
 * What every run-driving bench ensemble (bench-transform.yaml, bench-code.yaml) computes, so the
 * driver can check each output: input `{ n, tag }`, output `{ doubled: 2n, label: "<tag>-<2n>" }`.
 */
export interface ContractInput {
  readonly n: number;
  readonly tag: string;
}

export function contractInput(index: number): ContractInput {
  return { n: index, tag: `r${index % 97}` };
}

/** Why the output is not the one the input calls for, or undefined when it is. */
export function contractViolation(input: ContractInput, output: unknown): string | undefined {
  const doubled = input.n * 2;
  const expected = { doubled, label: `${input.tag}-${doubled}` };
  const got = output as { doubled?: unknown; label?: unknown } | null | undefined;
  return got?.doubled === expected.doubled && got?.label === expected.label
    ? undefined
    : `expected output ${JSON.stringify(expected)}, got ${JSON.stringify(output)}`;
}
