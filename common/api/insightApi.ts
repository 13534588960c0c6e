// The part of the API contract that looks inside trained networks and writes
// them up (feature maps, saliency, filter evolution, gradient checks, the
// one-click report). contract.ts folds it into WorkbenchApi and its allow-list.

import type { FeatureMaps, FilterEvolution, GradientCheckReport, GradientCheckRequest, Saliency } from '../insight.js';

export interface ReportRequest {
  /** One run, or two (the first is the baseline of the comparison). */
  runIds: number[];
}

/** A self-contained HTML page: every chart inline SVG, every image a data URI; it opens offline. */
export interface ReportFile {
  fileName: string;
  html: string;
}

export interface InsightApi {
  /** Every layer's activations for one test image of a completed run, and its class probabilities; computed in a worker. */
  getFeatureMaps(runId: number, testIndex: number): Promise<FeatureMaps>;
  /** Gradient saliency of the predicted and the true class, gradient × input, and an occlusion map, for one test image. */
  getSaliency(runId: number, testIndex: number): Promise<Saliency>;
  /** The first-layer filters at initialisation and after every stored epoch. */
  getFilterEvolution(runId: number): Promise<FilterEvolution>;
  /** The float64 gradient check of an architecture on reduced sizes, layer by layer; computed in a worker. */
  checkGradients(request: GradientCheckRequest): Promise<GradientCheckReport>;
  /** The report of one run or the comparison of two, as an HTML file. */
  createReport(request: ReportRequest): Promise<ReportFile>;
  /**
   * The desktop app prints the report to PDF (Electron's printToPDF) and asks
   * where to save it; resolves with the path, or null when the person cancels.
   * Serve mode refuses with a conflict (createReport gives the HTML instead).
   */
  saveReportPdf(request: ReportRequest): Promise<string | null>;
}

export const INSIGHT_METHODS: readonly (keyof InsightApi)[] = [
  'getFeatureMaps',
  'getSaliency',
  'getFilterEvolution',
  'checkGradients',
  'createReport',
  'saveReportPdf',
];
