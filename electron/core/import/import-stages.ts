// Where an import's time goes, per stage: milliseconds accumulated by real
// timers around each stage, for `npm run bench:import`. Cheap enough to stay
// on (a performance.now() pair per file, page batch or meeting). Stages that
// run in the extraction threads are timed there and added here when their
// result comes back, so their figures are thread time: with two threads they
// can add up to more than the wall-clock time of the import. Stages that wait
// for the disk (unpacking and hashing, reading, storing) count from start to
// end, waits included, also where two packages' stages overlap.

export const IMPORT_STAGES = {
  unpack: 'unpacking and hashing',
  read: 'reading PDFs for the threads',
  parse: 'pdf.js parsing (threads)',
  assemble: 'text assembly (threads)',
  store: 'storing PDFs by hash',
  commit: 'writing the meeting (commit)',
  lexicon: 'loading the word list',
  analyse: 'Dutch analysis',
  fts: 'FTS insert',
  records: 'record index',
  alerts: 'saved searches',
} as const;

export type ImportStage = keyof typeof IMPORT_STAGES;
export type StageTimes = Partial<Record<ImportStage, number>>;

/** Per process (per thread in a worker): what the stages took since the last reset. */
const totals: StageTimes = {};

export const importStages = {
  add(stage: ImportStage, ms: number): void {
    totals[stage] = (totals[stage] ?? 0) + ms;
  },
  addAll(times: StageTimes | undefined): void {
    for (const [stage, ms] of Object.entries(times ?? {}) as [ImportStage, number][]) importStages.add(stage, ms);
  },
  /** Runs `work` and counts its time (until it settles, for a promise) to `stage`. */
  time<T>(stage: ImportStage, work: () => T): T {
    const start = performance.now();
    const result = work();
    if (result instanceof Promise) {
      return result.finally(() => importStages.add(stage, performance.now() - start)) as T;
    }
    importStages.add(stage, performance.now() - start);
    return result;
  },
  snapshot(): StageTimes {
    return { ...totals };
  },
  reset(): void {
    for (const stage of Object.keys(totals) as ImportStage[]) delete totals[stage];
  },
};
