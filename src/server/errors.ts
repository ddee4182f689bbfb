import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HTTP_STATUS, ProtocolError, type ErrorBody } from '../protocol/errors.ts';

function statusOf(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null || !('statusCode' in e)) return undefined;
  return typeof e.statusCode === 'number' ? e.statusCode : undefined;
}

/**
 * Maps anything thrown to `{error:{reason,message,details}}` with its status (STYLE.md habit 2). Framework
 * errors with a 4xx status (malformed JSON, wrong content type, body too large) are the client's fault and
 * stay 4xx; only an unexpected throw is a 500 `internal`, logged, with no internals in the body.
 */
export function toErrorReply(e: unknown): { status: number; body: ErrorBody } {
  if (e instanceof ProtocolError) return { status: HTTP_STATUS[e.reason], body: e.toBody() };
  const status = statusOf(e);
  if (status === 413) return reply('too_large', 413, '请求内容过大');
  if (status === 429) return reply('rate_limited', 429, '请求过于频繁，请稍后再试');
  if (status === 404) return reply('not_found', 404, '未找到');
  if (status !== undefined && status >= 400 && status < 500) {
    const code = (e as FastifyError).code;
    return reply('bad_request', status, '请求格式不正确', code === undefined ? undefined : { code });
  }
  return reply('internal', 500, '服务器内部错误');
}

function reply(
  reason: ErrorBody['error']['reason'],
  status: number,
  message: string,
  details?: unknown,
): { status: number; body: ErrorBody } {
  return { status, body: { error: { reason, message, details } } };
}

export function errorHandler(e: unknown, req: FastifyRequest, res: FastifyReply): FastifyReply {
  const { status, body } = toErrorReply(e);
  if (status >= 500) req.log.error({ err: e }, 'request failed');
  return res.code(status).send(body);
}
