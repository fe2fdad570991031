// `import StatecraftTesting` brings the simulated executions, their queries, path coverage and test
// files (StatecraftTestRunner) along with the expectations and golden histories defined here.
@_exported import StatecraftTestRunner
