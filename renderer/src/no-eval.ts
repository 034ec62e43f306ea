// Imported first by main.tsx, before any zod schema is built: zod 4 probes
// `new Function('')` to compile fast parsers, which the CSP (no
// 'unsafe-eval') refuses and reports as a violation. Without JIT it parses
// the same, and nothing in the page asks for eval.
import { z } from 'zod';

z.config({ jitless: true });
