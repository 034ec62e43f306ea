import type { Language, Progress } from '../../shared/errors.ts';
import { printable } from '../../shared/safe-text.ts';

/**
 * One progress line on stderr: redrawn in place on a terminal, one line per
 * step when piped to a log (so logs show what happened, not carriage returns).
 */
export function createProgressLine(stream: NodeJS.WriteStream, language: Language) {
  let lastPrinted = '';
  const interactive = stream.isTTY === true;
  return {
    update(p: Progress) {
      const percent = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 0;
      // The step names a document or file: its name is shown, never obeyed (only our own \r and ESC [2K move the cursor).
      const text = `[${String(percent).padStart(3)}%] ${printable(language === 'nl' ? p.nl : p.en).replace(/[\n\t]/g, ' ')}`;
      if (interactive) {
        const width = stream.columns ?? 100;
        stream.write(`\r\x1b[2K${text.slice(0, width - 1)}`);
      } else if (text !== lastPrinted) {
        stream.write(`${text}\n`);
      }
      lastPrinted = text;
    },
    done() {
      if (interactive && lastPrinted) stream.write('\r\x1b[2K');
      lastPrinted = '';
    },
  };
}
