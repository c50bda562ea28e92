import type { LanguageId } from '../engine/analysis';

/**
 * The engine language for an editor's language id, or undefined for documents we leave alone.
 * VS Code says `shellscript`; Neovim and Helix pass their filetype (`sh`, `bash`); Emacs clients
 * often say `shell`. Restore files are `iptables` (the id docs/editors.md sets up in each editor).
 */
export function engineLanguage(editorLanguageId: string): LanguageId | undefined {
  switch (editorLanguageId) {
    case 'shellscript':
    case 'sh':
    case 'bash':
    case 'shell':
    case 'dash':
    case 'ksh':
      return 'shellscript';
    case 'iptables':
    case 'iptables-save':
    case 'iptables-restore':
      return 'iptables';
    default:
      return undefined;
  }
}
