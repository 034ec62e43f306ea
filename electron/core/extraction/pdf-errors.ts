// The errors text extraction reports, with a stable code and a Dutch and
// English message that say what is wrong with the file.
import { RaadsmapError, cancelledError, type ErrorInfo } from '../../../shared/errors.ts';

export const MAX_PAGES = 5000;

export const pdfErrors = {
  notPdf: () =>
    new RaadsmapError({
      code: 'pdf.not-pdf',
      nl: 'Het bestand is geen PDF: het begint niet met "%PDF-".',
      en: 'The file is not a PDF: it does not start with "%PDF-".',
    }),
  encrypted: () =>
    new RaadsmapError({
      code: 'pdf.encrypted',
      nl: 'Het document is beveiligd met een wachtwoord; de tekst kan niet worden gelezen.',
      en: 'The document is protected with a password; its text cannot be read.',
    }),
  corrupt: (detail: string, cause?: unknown) =>
    new RaadsmapError(
      {
        code: 'pdf.corrupt',
        nl: `Het PDF-bestand is beschadigd en kan niet worden gelezen (pdf.js: ${detail}).`,
        en: `The PDF file is damaged and cannot be read (pdf.js: ${detail}).`,
      },
      { cause },
    ),
  tooManyPages: (pages: number) =>
    new RaadsmapError({
      code: 'pdf.too-many-pages',
      nl: `Het document heeft ${pages} pagina's; meer dan ${MAX_PAGES} wordt niet gelezen.`,
      en: `The document has ${pages} pages; more than ${MAX_PAGES} are not read.`,
    }),
  decodedTooLarge: (limitMb: number) =>
    new RaadsmapError({
      code: 'pdf.decoded-too-large',
      nl: `Het document pakt uit tot meer dan ${limitMb} MB (een decompressiebom) en wordt niet gelezen, zodat het geheugen van deze computer niet volloopt. Vraag de afzender om een gewone PDF.`,
      en: `The document unpacks to more than ${limitMb} MB (a decompression bomb) and is not read, so that it cannot fill this computer's memory. Ask the sender for an ordinary PDF.`,
    }),
  timeout: (seconds: number) =>
    new RaadsmapError({
      code: 'pdf.timeout',
      nl: `Het lezen van de tekst duurde langer dan ${seconds} seconden en is afgebroken.`,
      en: `Reading the text took longer than ${seconds} seconds and was stopped.`,
    }),
  workerFailed: (detail: string, cause?: unknown) =>
    new RaadsmapError(
      {
        code: 'pdf.worker-failed',
        nl: `Het lezen van de tekst is onverwacht gestopt (${detail}).`,
        en: `Reading the text stopped unexpectedly (${detail}).`,
      },
      { cause },
    ),
};

/** pdf.js failures (PasswordException, InvalidPDFException, anything else) as RaadsmapErrors. */
export function fromPdfJsError(error: unknown): RaadsmapError {
  if (error instanceof RaadsmapError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'PasswordException') return pdfErrors.encrypted();
  const message = error instanceof Error ? error.message : String(error);
  return pdfErrors.corrupt(message.replace(/\.$/u, '') || String(name ?? 'unknown error'), error);
}

/** Errors cross the worker boundary as plain objects; this rebuilds them. */
export function toErrorInfo(error: unknown): ErrorInfo {
  return fromPdfJsError(error).toInfo();
}

export function fromErrorInfo(info: ErrorInfo): RaadsmapError {
  return info.code === 'cancelled' ? cancelledError() : new RaadsmapError(info);
}
