/** A cell of a row object: a number, text, or null for a missing value. */
export type Cell = number | string | boolean | null;

/** One row of iData or iMeta as an object, such as `{ uCode: "HHHT", uName: "呼和浩特", RD: 1.68 }`. */
export type Row = { [column: string]: Cell };

/** What `score`, `uncertainty` and `sensitivity` take. */
export interface ScoreInput {
  /** The unit data (iData): CSV text with a header row, or an array of row objects. */
  iData: string | Row[];
  /** The framework (iMeta): CSV text with a header row, or an array of row objects. */
  iMeta: string | Row[];
  /** The steps, in order; the built-in pipeline (`defaultPipeline()`) when absent. */
  pipeline?: PipelineStep[];
}

/** The data sets the steps write, Raw first. */
export type DatasetName = "Raw" | "Denominated" | "Imputed" | "Screened" | "Treated" | "Normalised" | "Aggregated";

/** `score`'s second argument. */
export interface ScoreOptions {
  /** The intermediate data sets to return: none (the default), all (`true`), or those named. */
  datasets?: boolean | DatasetName[];
}

/** One row of the results: the unit, its year on panel data, one score per aggregate (by iCode), and its rank on the index. */
export type ResultRow = {
  uCode: string;
  uName: string;
  /** The year, on panel data. */
  Time?: number;
  /** Rank on the top aggregate (1 is best, ties share the lower rank); null without a score. */
  Rank: number | null;
} & { [aggregate: string]: Cell | undefined };

/**
 * Scores `{ iData, iMeta, pipeline }` and returns `{ results, warnings }`, with the intermediate
 * data sets too when `options.datasets` asks for them (`true` for all, or names such as
 * `["Normalised"]`). Throws an Error whose message says what is wrong and where.
 */
export function score(input: ScoreInput, options?: ScoreOptions): ScoreOutput;

/** What `score` returns. */
export interface ScoreOutput {
  /** One row per unit (and year), best first. */
  results: ResultRow[];
  /** The data sets asked for with `options.datasets`, as row objects (uCode, Time, then one column per indicator). */
  datasets?: Partial<Record<DatasetName, Row[]>>;
  /** What the analyst should know about the run. */
  warnings: Warning[];
}

/** Where a warning comes from, and its message in English. */
interface WarningBase {
  /** Position of the step in the pipeline, from 1. */
  step: number;
  step_name: PipelineStep["step"];
  message: string;
}

/** Something a step did or could not do that changes how to read the scores; `kind` says which. */
export type Warning = WarningBase & (
  | { kind: "winsorised"; indicator: string; time: number | null; points: number; skew: number; kurtosis: number; units: string[] }
  | { kind: "log_transformed"; indicator: string; time: number | null; skew: number; kurtosis: number; transform: "log_CT" | "log_CT_plus" | "log_GII" | "boxcox" }
  | { kind: "too_few_to_treat"; indicator: string; time: number | null; count: number }
  | { kind: "no_denominator"; indicator: string; denominator: string; time: number | null; units: string[] }
  | { kind: "no_change"; reason: string }
  | { kind: "still_missing"; indicator: string; time: number | null; units: string[] }
  | { kind: "screened_out"; unit: string; time: number | null; availability: number }
  | { kind: "score_missing"; aggregate: string; unit: string; time: number | null; availability: number }
);

/** Every step may read another data set than the previous step's output. */
interface StepBase {
  /** The data set the step reads (by default the previous step's output). */
  from?: DatasetName;
}

/** Divides each indicator that has a Denominator in iMeta by that column of iData. */
export interface DenominateStep extends StepBase {
  step: "denominate";
}

/** Fills missing values. */
export interface ImputeStep extends StepBase {
  step: "impute";
  /** Default "mean": the indicator's mean over the units of the same year. */
  method?: "none" | "mean" | "median" | "mean_group" | "median_group" | "latest";
  /** The `*_group` column of iData, for mean_group and median_group. */
  group?: string;
}

/** Drops units with too little data. */
export interface ScreenStep extends StepBase {
  step: "screen";
  /** Lowest share of indicator values a unit must have, 0 to 1 (default 0.5). */
  min_availability?: number;
}

/** Outlier thresholds (COINr's defaults: skew 2, kurtosis 3.5, winmax 5). */
export interface Thresholds {
  /** Absolute skewness below which an indicator passes. */
  skew?: number;
  /** Kurtosis below which an indicator passes. */
  kurtosis?: number;
  /** Most values to winsorise before the transformation is used instead. */
  winmax?: number;
}

/** Treats outliers: winsorising, then a transformation of the original values when that does not suffice. */
export interface TreatStep extends StepBase, Thresholds {
  step: "treat";
  method?: "winsorise" | "winsorize" | "none";
  /**
   * The transformation (COINr's names; default "log_CT": ln(x - min + a), a = 0.01 (max - min)).
   * "log_CT_plus": the same when skewed to the right, else -ln(max + a - x); "log_GII":
   * ln((max - 1)(x - min)/(max - min) + 1); "boxcox": Box-Cox of x - min + 1 with `lambda`.
   */
  transform?: "log_CT" | "log_CT_plus" | "log_GII" | "boxcox";
  /** boxcox: the exponent (0 is ln). */
  lambda?: number;
  /** Panel data: judge and treat each indicator over all years at once (default false: year by year). */
  global?: boolean;
  /** Exceptions by iCode: "none", or thresholds of their own. */
  indicators?: { [iCode: string]: "none" | Thresholds };
}

/**
 * A normalisation method and its parameters. Default "minmax". "standard" is the national
 * monitoring method: value / Target x 100, capped at 100. As COINr's: "borda" rank - 1;
 * "dist2max" 1 - (max - x)/(max - min); "dist2ref" 1 - (r - x)/(r - min), r the value of the
 * unit `ref`; "dist2target" (x - min)/(Target - min); "fracmax" x / max; "scaled"
 * (x - center)/scale. Values of Direction -1 indicators (and their Target) are multiplied by -1 first.
 */
export interface NormaliseMethod {
  method?: "minmax" | "zscore" | "standard" | "goalposts" | "rank" | "percentile" | "borda" | "dist2max" | "dist2ref" | "dist2target" | "fracmax" | "scaled" | "none";
  /** minmax: the scores of the lowest and highest values (default [0, 100]). */
  range?: [number, number];
  /** zscore: the mean and standard deviation of the result (default [0, 1]). */
  mean_sd?: [number, number];
  /** scaled: the center and the scale, not zero (default [0, 1]). */
  center_scale?: [number, number];
  /** dist2ref, dist2target: scores above 1 become 1 (default false). */
  cap?: boolean;
}

/** Brings indicators to a common scale. */
export interface NormaliseStep extends StepBase, NormaliseMethod {
  step: "normalise" | "normalize";
  /** Panel data: scale over all years at once, so that scores compare across years. */
  global?: boolean;
  /** dist2ref: the uCode of the reference unit, compared year by year (not with `global`). */
  ref?: string;
  /** Exceptions by iCode. */
  indicators?: { [iCode: string]: NormaliseMethod };
}

/**
 * A weighted mean: "generalised" is (sum w x^p / sum w)^(1/p) with the step's `p`; "copeland"
 * scores a unit by its wins less its losses against each other unit over the weighted children.
 */
export type Mean = "arithmetic" | "geometric" | "harmonic" | "generalised" | "generalized" | "copeland";

/** Scores aggregates level by level with weighted means of their children. */
export interface AggregateStep extends StepBase {
  step: "aggregate";
  /** One mean for every level (default "arithmetic"), or one per level such as `{ "2": "arithmetic", "3": "geometric" }`. */
  method?: Mean | { [level: string]: Mean };
  /** Lowest share of children with values for a score, 0 to 1 (default 0: any one child). */
  min_availability?: number;
  /** generalised: the exponent, not zero (needed by that mean). */
  p?: number;
}

/** One step of a pipeline, with its options. */
export type PipelineStep = DenominateStep | ImputeStep | ScreenStep | TreatStep | NormaliseStep | AggregateStep;

/** One uncertain choice of an analysis: alternatives for a step's option (or its options whole), or noisy weights. */
export type Choice =
  | {
      step: PipelineStep["step"];
      /** The option varied; without it each value replaces the step's options. */
      option?: string;
      /** The alternatives, drawn with equal probability. */
      values: unknown[];
    }
  | {
      /** Every weight of one level multiplied by 1 + U(-noise, noise). */
      weights: { level: number; noise: number };
    };

/** What `uncertainty` and `sensitivity` vary, and how often. */
export interface AnalysisSpec {
  /** Runs (uncertainty) or base sample size (sensitivity: n (d + 2) runs); default 1000, at most 100,000. */
  n?: number;
  /** Seed of the random numbers (default 1). */
  seed?: number;
  /** The iCode analysed (default: the index). */
  target?: string;
  /** Bootstrap samples for the sensitivity indices' intervals (default 1000). */
  bootstrap?: number;
  /** The uncertain choices; at least one. */
  choices: Choice[];
}

/** Statistics of one unit's (and year's) rank or score over the runs. */
export interface Interval {
  uCode: string;
  /** The year, on panel data. */
  Time?: number;
  nominal: number | null;
  mean: number | null;
  median: number | null;
  q05: number | null;
  q95: number | null;
}

/** What `uncertainty` returns. */
export interface UncertaintyOutput {
  /** Ranks of each unit over the runs. */
  units: Interval[];
  /** Scores of the target over the runs. */
  scores: Interval[];
  runs: number;
  /** Runs whose pipeline failed for the choices drawn (left out). */
  failed: number;
  /** The first failure's message, if any. */
  failure?: string;
}

/** First-order and total sensitivity indices of one choice, with bootstrap 5-95% intervals. */
export interface SensitivityIndex {
  /** The choice: "treat.winmax", "normalise", "weights.2", ... */
  choice: string;
  first: number;
  total: number;
  first_q05: number;
  first_q95: number;
  total_q05: number;
  total_q95: number;
}

/** What `sensitivity` returns. */
export interface SensitivityOutput {
  choices: SensitivityIndex[];
  /** Variance of the mean absolute rank change. */
  variance: number;
  runs: number;
  failed: number;
  uncertainty: UncertaintyOutput;
}

/** Where an audit function reads its values. */
export interface AuditSource {
  /** The data set (default "Aggregated", which holds the indicators' scores and every aggregate). */
  dataset?: DatasetName;
  /** Panel data: the year (default the latest). */
  time?: number;
}

/** The options of `correlations`. */
export interface CorrelationOptions extends AuditSource {
  /** A level (every pair of its elements), or two such as [1, 2] (default 1). */
  levels?: number | [number, number];
  /** Default "pearson"; "spearman" ranks with average ties; "kendall" is tau-b. */
  method?: "pearson" | "spearman" | "kendall";
  /** With two levels: each element of the lower one with its own parent only (default false). */
  withParent?: boolean;
}

/** One coefficient, over the units with values of both (null when either has no spread). */
export interface Correlation {
  x: string;
  y: string;
  r: number | null;
}

/** The options of `cronbach` and `pca`. */
export interface GroupOptions extends AuditSource {
  /** The level of the elements (default 1). */
  level?: number;
  /** Only the elements under this aggregate (default every element of the level). */
  group?: string;
}

/** What `pca` returns: principal components of the standardised values of complete cases. */
export interface Components {
  /** The share of the variance of each component, largest first. */
  variance: number[];
  /** Each element's loadings, each component signed so that its loadings sum to a positive number. */
  loadings: { iCode: string; values: number[] }[];
  /** The units with values of every element, which the components are computed from. */
  units: number;
}

/** One element's nominal and effective weight. */
export interface EffectiveWeight {
  iCode: string;
  level: number;
  weight: number;
  /** Its share of the index after all levels. */
  effective: number;
}

/** The options of `removeElements` and `copeland`. */
export interface LevelOptions extends AuditSource {
  /** The level (default 2: the pillars). */
  level?: number;
}

/** What removing one element does to the ranks of the index. */
export interface Removal {
  iCode: string;
  /** Mean over the units of |nominal rank - rank without it|. */
  meanAbsRankChange: number | null;
}

/** A unit's Copeland score: its wins less its losses against the other units. */
export interface CopelandScore {
  uCode: string;
  score: number | null;
}

/**
 * The statistical audit (COINr get_corr, get_cronbach, get_PCA, get_eff_weights,
 * remove_elements, a_copeland). Each scores `input` as `score` does, then reads one data set.
 * Throws an Error whose message says what is wrong and where.
 */
export function correlations(input: ScoreInput, options?: CorrelationOptions): Correlation[];
/** Cronbach's alpha of the elements of a level under a group; null when it cannot be computed. */
export function cronbach(input: ScoreInput, options?: GroupOptions): number | null;
/** Principal components of the elements of a level under a group. */
export function pca(input: ScoreInput, options?: GroupOptions): Components;
/** For each element of a level, the mean absolute change of the index's ranks without it. */
export function removeElements(input: ScoreInput, options?: LevelOptions): Removal[];
/** Each unit's Copeland score over the elements of a level. */
export function copeland(input: ScoreInput, options?: LevelOptions): CopelandScore[];

/** What `auditOfProject` returns: the audit the scorecard shows, pillar by pillar. */
export interface AuditReport {
  index: string;
  pillars: {
    iCode: string;
    alpha: number | null;
    /** Share of the variance of its children that their first principal component explains. */
    pc1: number | null;
    withIndex: number | null;
    /** Its weight as a share of its siblings'. */
    nominal: number;
    effective: number;
    rankChange: number | null;
    indicators: { iCode: string; withPillar: number | null; nominal: number; effective: number }[];
    pairs: Correlation[];
  }[];
}
