import type { Language, Progress } from '../../shared/errors.ts';

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
      const text = `[${String(percent).padStart(3)}%] ${language === 'nl' ? p.nl : p.en}`;
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
