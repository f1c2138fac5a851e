// End-to-end tests start processes and wait for runs: give each test two minutes (Jest's
// `testTimeout` is a global option, so the e2e project sets it here).
jest.setTimeout(120_000);
