/**
 * Visit every simple command of a script in source order, including those inside command
 * substitutions (in words, assignments, redirections and here-document bodies).
 */
import type { Command, Redirect, SimpleCommand, Word, WordPart } from './ast';

export function forEachSimpleCommand(commands: readonly Command[], visit: (command: SimpleCommand) => void): void {
  for (const command of commands) walkCommand(command, visit);
}

function walkCommand(command: Command, visit: (command: SimpleCommand) => void): void {
  switch (command.kind) {
    case 'simple':
      visit(command);
      for (const a of command.assignments) {
        if (a.value) walkWord(a.value, visit);
        if (a.array) for (const w of a.array) walkWord(w, visit);
      }
      for (const w of command.words) walkWord(w, visit);
      walkRedirects(command.redirects, visit);
      return;
    case 'pipeline':
    case 'andor':
      forEachSimpleCommand(command.commands, visit);
      break;
    case 'if':
      for (const clause of command.clauses) {
        forEachSimpleCommand(clause.condition, visit);
        forEachSimpleCommand(clause.body, visit);
      }
      if (command.elseBody) forEachSimpleCommand(command.elseBody, visit);
      break;
    case 'for':
      for (const w of command.items ?? []) walkWord(w, visit);
      forEachSimpleCommand(command.body, visit);
      break;
    case 'arith-for':
    case 'group':
    case 'subshell':
      forEachSimpleCommand(command.body, visit);
      break;
    case 'while':
      forEachSimpleCommand(command.condition, visit);
      forEachSimpleCommand(command.body, visit);
      break;
    case 'case':
      walkWord(command.subject, visit);
      for (const arm of command.arms) {
        for (const p of arm.patterns) walkWord(p, visit);
        forEachSimpleCommand(arm.body, visit);
      }
      break;
    case 'function':
      walkCommand(command.body, visit);
      break;
    case 'test':
      for (const w of command.words) walkWord(w, visit);
      break;
    case 'arith':
      break;
  }
  if (command.redirects) walkRedirects(command.redirects, visit);
}

function walkRedirects(redirects: readonly Redirect[], visit: (command: SimpleCommand) => void): void {
  for (const r of redirects) {
    if (r.target) walkWord(r.target, visit);
    if (r.heredoc) for (const line of r.heredoc.lines) if (line.parts) walkParts(line.parts, visit);
  }
}

function walkWord(word: Word, visit: (command: SimpleCommand) => void): void {
  if (word.literal === undefined) walkParts(word.parts, visit);
  if (word.array) for (const w of word.array) walkWord(w, visit);
}

function walkParts(parts: readonly WordPart[], visit: (command: SimpleCommand) => void): void {
  for (const part of parts) {
    if (part.kind === 'command') forEachSimpleCommand(part.body, visit);
    else if (part.kind === 'param' && part.operand) walkParts(part.operand, visit);
    else if (part.kind === 'arith' && part.substitutions) walkParts(part.substitutions, visit);
  }
}
