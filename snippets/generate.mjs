// Writes the snippet files from patterns.mjs: goroutines.code-snippets for TypeScript (types kept)
// and goroutines.javascript.code-snippets for JavaScript (the «…» type text dropped). Two files,
// because VS Code scopes an extension's snippet file by the language it is contributed for and
// ignores each snippet's own `scope` then. `render` is also what the snippet test uses to prove the
// committed files are current.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { patterns } from './patterns.mjs';

export const VARIANTS = [
  { language: 'ts', scope: 'typescript,typescriptreact', file: 'goroutines.code-snippets' },
  { language: 'js', scope: 'javascript,javascriptreact', file: 'goroutines.javascript.code-snippets' },
];

/** The pattern's source for one language: «…» unwrapped (ts) or dropped (js). */
export function sourceFor(body, language) {
  return body.replace(/«([^»]*)»/g, language === 'ts' ? '$1' : '');
}

/** Pattern notation → VS Code snippet syntax, escaping what the snippet grammar treats as special. */
export function toSnippetSyntax(source) {
  let i = 0;
  const convert = (end, inPlaceholder) => {
    let s = '';
    while (i < end) {
      const c = source[i];
      if (c === '#' && source[i + 1] === '{') {
        const close = matchingBrace(source, i + 1);
        const head = /^#\{(\d+)([:|])/.exec(source.slice(i, close));
        if (!head) throw new Error(`bad tab stop at ${source.slice(i, i + 20)}`);
        if (head[2] === '|') {
          s += '$' + source.slice(i + 1, close + 1);
          i = close + 1;
        } else {
          i += head[0].length;
          s += '${' + head[1] + ':' + convert(close, true) + '}';
          i = close + 1;
        }
      } else if (c === '#' && /\d/.test(source[i + 1] ?? '')) {
        const m = /^#(\d+)/.exec(source.slice(i));
        s += '$' + m[1];
        i += m[0].length;
      } else {
        if (c === '$' || c === '\\' || (inPlaceholder && c === '}')) s += '\\';
        s += c;
        i++;
      }
    }
    return s;
  };
  return convert(source.length, false);
}

function matchingBrace(text, open) {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}' && --depth === 0) return j;
  }
  throw new Error(`unbalanced tab stop at ${text.slice(open - 1, open + 20)}`);
}

/** The snippet file of one variant (an entry of VARIANTS), formatted as the repository formats JSON. */
export async function render(variant) {
  const file = fileURLToPath(new URL(`./${variant.file}`, import.meta.url));
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(renderJson(variant), { ...options, filepath: file });
}

function renderJson(variant) {
  const snippets = {};
  for (const p of patterns) {
    snippets[p.name] = {
      scope: variant.scope,
      prefix: p.prefix,
      description: p.description,
      body: toSnippetSyntax(sourceFor(p.body.replace(/^\n/, ''), variant.language)).split('\n'),
    };
  }
  return JSON.stringify(snippets, null, 2) + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const v of VARIANTS) writeFileSync(new URL(`./${v.file}`, import.meta.url), await render(v));
}
