// Placeholder until the VS Code client lands (issue #4).
export function activate(): void {}
export function deactivate(): void {}
