import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { ProtocolError } from '../protocol/errors.ts';
import { MAX_BODY_BYTES } from '../protocol/push.ts';

/**
 * Request bodies sent with `Content-Encoding: gzip` (the app compresses pushes with CompressionStream: a push of
 * 500 records is ~5× smaller, seconds less on a 3G uplink; SPEC.md P17). The decoded body is held to the same
 * limit as a plain one (MAX_BODY_BYTES), so a small compressed body cannot expand past it. Other encodings are
 * refused with 400 bad_request; a body that is not valid gzip too.
 */
export function acceptGzipBodies(app: FastifyInstance): void {
  app.addHook('preParsing', async (req, _reply, payload) => {
    const encoding = req.headers['content-encoding']?.trim().toLowerCase();
    if (encoding === undefined || encoding === '' || encoding === 'identity') return payload;
    if (encoding !== 'gzip') {
      throw new ProtocolError('bad_request', '不支持的请求压缩格式', { encoding: encoding.slice(0, 40) });
    }
    const chunks: Buffer[] = [];
    let received = 0;
    for await (const chunk of payload) {
      const buf = chunk as Buffer;
      received += buf.length;
      if (received > MAX_BODY_BYTES) throw new ProtocolError('too_large', '请求内容过大');
      chunks.push(buf);
    }
    let body: Buffer;
    try {
      body = gunzipSync(Buffer.concat(chunks), { maxOutputLength: MAX_BODY_BYTES });
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new ProtocolError('too_large', '请求内容过大');
      }
      throw new ProtocolError('bad_request', '请求内容无法解压');
    }
    // Fastify checks Content-Length (the compressed size) against this, and its body limit against the
    // decoded bytes it reads from the stream.
    return Object.assign(Readable.from([body]), { receivedEncodedLength: received });
  });
}
