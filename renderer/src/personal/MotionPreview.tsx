// The motion as it will be exported: the blocks of shared/motion-layout.ts
// (the same the DOCX and PDF exports are made of), drawn as a page.
import { Fragment } from 'react';
import type { MotionBlock } from '../../../shared/motion-layout.ts';
import { motionLayout } from '../../../shared/motion-layout.ts';
import type { MotionContent, MotionStatus } from '../../../shared/motion.ts';

export function MotionPreview({ content, status }: { content: MotionContent; status: MotionStatus }) {
  const blocks = motionLayout(content, status);
  return (
    <div className="motion-preview" lang="nl">
      {blocks.map((block, i) => (
        <Block key={i} block={block} />
      ))}
    </div>
  );
}

function Block({ block }: { block: MotionBlock }) {
  switch (block.type) {
    case 'heading':
      return block.level === 1 ? <p className="preview-kind">{block.text}</p> : <p className="preview-title">{block.text}</p>;
    case 'status':
      return <p className="preview-status">{block.text}</p>;
    case 'paragraph':
      return <p className={[block.bold ? 'preview-phrase' : '', block.indent ? 'preview-indent' : ''].filter(Boolean).join(' ') || undefined}>{block.text}</p>;
    case 'list':
      return (
        <ul className="preview-list">
          {block.items.map((item, i) => (
            <li key={i}>
              {item.lines.map((line, j) => (
                <Fragment key={j}>
                  {j > 0 && <br />}
                  {line}
                </Fragment>
              ))}
              {item.citation && <span className="preview-citation"> {item.citation.label}</span>}
            </li>
          ))}
        </ul>
      );
    case 'signatures':
      return (
        <ul className="preview-signatures">
          {block.submitters.map((s, i) => (
            <li key={i}>
              <span className="signature-line" aria-hidden="true" />
              {[s.name, s.fractie].filter(Boolean).join(', ')}
            </li>
          ))}
        </ul>
      );
  }
}
