import { definitionOf } from './__fixtures__/fixtures';

describe('the default onError', () => {
  const onError = Object.fromEntries(
    definitionOf('valid/on-error.yaml').agents.map((agent) => [agent.name, agent.onError]),
  );

  it("is continue when the output reads the agent's .success", () => {
    expect(onError['read-by-output']).toBe('continue');
  });

  it("is continue when another agent reads the agent's .failed", () => {
    expect(onError['read-by-agent']).toBe('continue');
  });

  it("is continue when a notification reads the agent's .error", () => {
    expect(onError['read-by-notification']).toBe('continue');
  });

  it('is fail when expressions read only other members, such as .output', () => {
    expect(onError['output-only']).toBe('fail');
    expect(onError.handler).toBe('fail');
  });

  it('gives way to an explicit onError', () => {
    expect(onError.explicit).toBe('fail');
  });
});
