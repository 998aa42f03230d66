/** The stages of label_run whose time a finished job records in `summary.stage_ms` (and /metrics reports). */
export const LABEL_RUN_STAGES = ['crawl', 'extract', 'evidence', 'match', 'render'] as const;

export type LabelRunStage = (typeof LABEL_RUN_STAGES)[number];
