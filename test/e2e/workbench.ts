// What a user does in the VS Code workbench, as Playwright steps on code-server's page. Every step waits
// on something the page shows (a row, a widget, a line of text), never on a fixed delay.
import type { Locator, Page } from 'playwright-core';

export class Workbench {
  constructor(readonly page: Page) {}

  async open(url: string, folder: string): Promise<void> {
    await this.page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
    await this.page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
  }

  /** Quick Open (Ctrl+P), type the name, Enter; done when the editor shows `lineInFile`. */
  async openFile(fileName: string, lineInFile: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    await this.page.locator('.quick-input-widget input').waitFor();
    await this.page.keyboard.type(fileName);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.editorLine(lineInFile).waitFor();
  }

  editorLine(text: string): Locator {
    return this.page.locator('.editor-instance .monaco-editor .view-line', { hasText: text });
  }

  restrictedModeIndicator(): Locator {
    return this.page.locator('.statusbar-item', { hasText: 'Restricted Mode' });
  }

  async showProblems(): Promise<void> {
    await this.page.keyboard.press('Control+Shift+M');
    await this.page.locator('.markers-panel').waitFor();
  }

  /** The codes of every problem listed, e.g. `['IPT301', 'IPT401']` (source and code read `iptablesIPT301`). */
  async problemCodes(): Promise<string[]> {
    const sourceAndCode = /iptables\(?(IPT\d{3})/;
    const rows = await this.page.locator('.markers-panel .monaco-list-row', { hasText: sourceAndCode }).allTextContents();
    return rows.map((row) => sourceAndCode.exec(row)![1]);
  }

  /** Ctrl+J toggles the panel: hidden, the editor gets the whole height, and so do its hovers. */
  async hidePanel(): Promise<void> {
    const panel = this.page.locator('.part.panel');
    if (!(await panel.isVisible())) return;
    await this.page.keyboard.press('Control+J');
    await panel.waitFor({ state: 'hidden' });
  }

  /** The wavy underline VS Code draws under an error's range in the editor. */
  errorSquiggles(): Locator {
    return this.page.locator('.editor-instance .monaco-editor .squiggly-error');
  }

  /** Rows of the Problems panel that carry `code`, e.g. `IPT201` (shown as `iptables(IPT201)`). */
  problemRows(code: string): Locator {
    return this.page.locator('.markers-panel .monaco-list-row', { hasText: code });
  }

  /** Go to Line (Ctrl+G): Monaco renders only the lines in view, so a line is brought into view first. */
  async goToLine(lineNumber: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.page.locator('.quick-input-widget input').waitFor();
    await this.page.keyboard.type(String(lineNumber));
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Moves the mouse onto `word` in the editor line that contains `lineText`, as a user pointing at it. */
  async hoverWord(lineText: string, word: string): Promise<Locator> {
    const line = this.editorLine(lineText).first();
    await line.scrollIntoViewIfNeeded();
    // Monaco renders a line as one span per token, in a monospace font: find the token holding the word,
    // then its horizontal position inside that token's box. (Spaces are rendered as U+00A0.)
    const tokens = line.locator('span > span');
    const count = await tokens.count();
    for (let index = 0; index < count; index++) {
      const text = ((await tokens.nth(index).textContent()) ?? '').replace(/\u00a0/g, ' ');
      const at = text.indexOf(word);
      const box = at >= 0 ? await tokens.nth(index).boundingBox() : null;
      if (!box) continue;
      const x = box.x + (box.width * (at + word.length / 2)) / text.length;
      await this.page.mouse.move(x, box.y + box.height / 2);
      return this.hover();
    }
    throw new Error(`"${word}" not found on the editor line containing "${lineText}"`);
  }

  hover(): Locator {
    return this.page.locator('.monaco-hover:visible');
  }

  /**
   * The part of the hover a language server contributed (markdown), as opposed to the problem
   * messages VS Code puts above it for the same place.
   */
  hoverMarkdown(containing: RegExp): Locator {
    return this.hover().locator('.rendered-markdown', { hasText: containing });
  }

  /** Double-click on a Problems row: the editor selects the problem's range and takes the focus. */
  async goToProblem(code: string): Promise<void> {
    await this.problemRows(code).first().dblclick();
  }

  /** The lightbulb of the line with the cursor: drawn in the gutter (glyph margin) by current VS Code. */
  lightBulb(): Locator {
    return this.page.locator('.editor-instance .monaco-editor [class*="codicon-gutter-lightbulb"]:visible');
  }

  codeActionMenuItem(title: RegExp): Locator {
    return this.page.locator('.action-widget .monaco-list-row', { hasText: title });
  }

  /** Ctrl+End, a new line, then typed text: the way a user adds a rule at the end of the script. */
  async typeNewLineAtEnd(text: string): Promise<void> {
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+End');
    await this.page.keyboard.press('End');
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.type(text);
  }

  async triggerSuggest(): Promise<void> {
    await this.page.keyboard.press('Control+Space');
  }

  /** A completion item whose label is exactly `label`. */
  suggestion(label: string): Locator {
    return this.page
      .locator('.suggest-widget .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
  }

  async dismiss(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
