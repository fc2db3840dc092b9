/**
 * The guidelines' Markdown (markdown.ts) as React elements: text is always text (React escapes
 * it; nothing is set as HTML). Every block takes the direction of its own content (dir="auto"),
 * so a Hebrew paragraph reads right to left beside an English one. Links are not followed from
 * the window (it opens no other page): they show their text, their address in the tooltip.
 */
import { Fragment, type ReactNode } from 'react';
import { parseMarkdown, type Block, type Inline } from './markdown';

function inlines(list: readonly Inline[]): ReactNode[] {
  return list.map((x, i) => {
    switch (x.kind) {
      case 'text':
        return <Fragment key={i}>{x.text}</Fragment>;
      case 'code':
        return <code key={i}>{x.text}</code>;
      case 'strong':
        return <strong key={i}>{inlines(x.children)}</strong>;
      case 'em':
        return <em key={i}>{inlines(x.children)}</em>;
      case 'link':
        return (
          <span key={i} className="md-link" title={x.href}>
            {inlines(x.children)}
          </span>
        );
    }
  });
}

function block(b: Block, key: number): ReactNode {
  switch (b.kind) {
    case 'heading': {
      const H = `h${Math.min(6, b.level + 2)}` as 'h3' | 'h4' | 'h5' | 'h6';
      return (
        <H key={key} dir="auto" className={`md-h${b.level}`}>
          {inlines(b.content)}
        </H>
      );
    }
    case 'paragraph':
      return (
        <p key={key} dir="auto">
          {inlines(b.content)}
        </p>
      );
    case 'list': {
      const items = b.items.map((item, i) => (
        <li key={i} dir="auto">
          {item.length === 1 && item[0]!.kind === 'paragraph' ? inlines(item[0]!.content) : item.map(block)}
        </li>
      ));
      return b.ordered ? (
        <ol key={key} start={b.start}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'quote':
      return (
        <blockquote key={key} dir="auto">
          {b.blocks.map(block)}
        </blockquote>
      );
    case 'code':
      return (
        <pre key={key} dir="auto">
          <code>{b.text}</code>
        </pre>
      );
    case 'rule':
      return <hr key={key} />;
    case 'table':
      return (
        <table key={key}>
          <thead>
            <tr>
              {b.header.map((c, i) => (
                <th key={i} dir="auto">
                  {inlines(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {b.rows.map((row, r) => (
              <tr key={r}>
                {row.map((c, i) => (
                  <td key={i} dir="auto">
                    {inlines(c)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
}

export function Markdown({ source }: { source: string }) {
  return <div className="md">{parseMarkdown(source).map(block)}</div>;
}
