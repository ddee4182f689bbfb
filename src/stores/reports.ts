import { createStore } from 'zustand/vanilla';
import { readReportRecords } from '../db/report-source.ts';
import { checkPeriod } from '../model/report-period.ts';
import { summarize, type ReportQuery, type ReportSummary } from '../model/report.ts';
import { toRequestError, type RequestError } from '../net/errors.ts';
import type { ExportFormat } from '../protocol/export.ts';
import { REPORT_SUMMARY_PATH, reportQueryString, reportSummarySchema } from '../protocol/report.ts';
import { apiBlob, apiJson } from './api.ts';
import { getDb } from './db.ts';
import { loadOrg } from './org.ts';
import type { ExportFile } from './export.ts';

/**
 * The 报表 screen's figures for one period and unit. Online, the server's summary (GET /api/reports/summary:
 * every synced record of the area). Offline, or when the server cannot answer, the same pure aggregation
 * (model/report.ts) over the device's own records — and the state says which, so the screen can tell the user.
 *
 * States: idle → loading → ready (source server | device) or error. A newer load supersedes an older one:
 * answers to superseded loads are dropped.
 */
export type ReportSource = 'server' | 'device';

export type ReportState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly query: ReportQuery }
  | {
      readonly status: 'ready';
      readonly query: ReportQuery;
      readonly summary: ReportSummary;
      readonly source: ReportSource;
      /** Why the device computed the figures although the screen asked the server (offline, server error). */
      readonly fallback: string | null;
    }
  | { readonly status: 'error'; readonly query: ReportQuery; readonly message: string };

export const reportsStore = createStore<ReportState>(() => ({ status: 'idle' }));

export const SOURCE_LABELS: Record<ReportSource, string> = {
  server: '服务器数据（已同步的全部记录）',
  device: '本机数据（离线计算，可能未包含未同步的他人记录）',
};

export const REPORT_OFFLINE_MESSAGE = '无法连接服务器，已改用本机数据计算。';
export const REPORT_EXPORT_OFFLINE_MESSAGE = '需要联网：导出文件由服务器生成，当前无法连接，请联网后再试。';

/**
 * How long the screen waits for the server's figures before computing them on the device: at a door with one
 * bar of signal a request can hang for minutes, and the device's own figures are there at once.
 */
export const SERVER_REPORT_TIMEOUT_MS = 8_000;

/** Server failures after which the device's own figures are better than none. Refusals are shown instead. */

const FALL_BACK: ReadonlySet<RequestError['reason']> = new Set([
  'network',
  'invalid_response',
  'internal',
  'rate_limited',
]);

/** The figures computed on the device over its own records (throws ReportError / StorageError). */
export async function deviceSummary(q: ReportQuery): Promise<ReportSummary> {
  const org = await loadOrg();
  const records = await readReportRecords(getDb(), org, q.unitId);
  return summarize(org, records, q);
}

let generation = 0;

/**
 * Loads the figures for `q` into the store. A bad period never leaves the device: the store holds the error.
 * Never rejects (the screen calls it from an effect).
 */
export async function loadReport(q: ReportQuery): Promise<void> {
  const mine = ++generation;
  const set = (s: ReportState): void => {
    if (mine === generation) reportsStore.setState(s, true);
  };
  const period = checkPeriod(q.from, q.to);
  if (!period.ok) {
    set({ status: 'error', query: q, message: period.message });
    return;
  }
  set({ status: 'loading', query: q });
  let fallback: string;
  try {
    const summary = await apiJson(
      {
        method: 'GET',
        path: `${REPORT_SUMMARY_PATH}?${reportQueryString(q)}`,
        offlineMessage: REPORT_OFFLINE_MESSAGE,
        timeoutMs: SERVER_REPORT_TIMEOUT_MS,
      },
      reportSummarySchema,
    );
    set({ status: 'ready', query: q, summary, source: 'server', fallback: null });
    return;
  } catch (e) {
    const err = toRequestError(e);
    if (!FALL_BACK.has(err.reason)) {
      set({ status: 'error', query: q, message: err.message });
      return;
    }
    fallback =
      err.reason === 'network'
        ? REPORT_OFFLINE_MESSAGE
        : `服务器暂时无法提供报表（${err.message}），已改用本机数据计算。`;
  }
  try {
    const summary = await deviceSummary(q);
    set({ status: 'ready', query: q, summary, source: 'device', fallback });
  } catch (e) {
    // ReportError (unknown unit) and StorageError carry a message in Chinese for the user.
    set({ status: 'error', query: q, message: e instanceof Error ? e.message : '本机数据计算失败' });
  }
}

/**
 * Downloads the report for `q` as a file made by the server (GET /api/reports/summary.csv|.xlsx): the
 * request needs the session token, so it is fetched here and handed to the screen as a blob.
 * Throws a RequestError (NetworkError with REPORT_EXPORT_OFFLINE_MESSAGE, HttpError bad_request, forbidden).
 */
export async function fetchReportFile(
  q: ReportQuery,
  format: ExportFormat,
  unitName: string,
): Promise<ExportFile> {
  const blob = await apiBlob({
    method: 'GET',
    path: `${REPORT_SUMMARY_PATH}.${format}?${reportQueryString(q)}`,
    offlineMessage: REPORT_EXPORT_OFFLINE_MESSAGE,
  });
  return { blob, fileName: `统计报表-${unitName}-${q.from}至${q.to}.${format}` };
}
